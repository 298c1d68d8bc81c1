import Foundation

/// The back-office addresses of assisted booking, urgent requests and the suspicion review with their values and
/// queries, built on `SiteURL` (the routes' own paths).
enum AgentPath {
    static let home = SiteURL.agentHome.path()
    static let login = SiteURL.agentLogin.path()
    static let book = SiteURL.agentBook.path()
    static func book(_ procedure: String) -> String { SiteURL.agentBookProcedure.path(procedure) }
    static func bookDay(_ procedure: String, _ date: String) -> String { SiteURL.agentBookDay.path(procedure, date) }
    static func bookForm(_ procedure: String) -> String { SiteURL.agentBookForm.path(procedure) }
    static func bookForm(_ procedure: String, slot: Int) -> String { bookForm(procedure) + "?slot=\(slot)" }

    static func appointment(_ id: UUID) -> String { SiteURL.agentAppointment.path(id) }
    static func convocation(_ id: UUID) -> String { SiteURL.agentAppointmentConvocation.path(id) }

    static let urgent = SiteURL.agentUrgent.path()
    static func urgent(status: String) -> String { urgent + "?status=\(status)" }
    static func urgent(_ number: String) -> String { SiteURL.agentUrgentRequest.path(number) }
    static func attachment(_ number: String, _ id: UUID) -> String {
        SiteURL.agentUrgentAttachment.path(number, id.uuidString.lowercased())
    }

    static let suspicion = SiteURL.agentSuspicion.path()
    static let suspicionCancel = SiteURL.agentSuspicionCancel.path()
    static func suspicion(from: String, to: String) -> String { suspicion + "?from=\(from)&to=\(to)" }
    static func suspicion(from: String, to: String, cancelled: Int, untouched: Int) -> String {
        suspicion + "?from=\(from)&to=\(to)&cancelled=\(cancelled)&untouched=\(untouched)"
    }
    /// The confirmation step of a cluster's cancellation: who would be cancelled, who would not.
    static func suspicionConfirm(cluster key: String, from: String, to: String) -> String {
        let cluster = key.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        return SiteURL.agentSuspicionConfirm.path() + "?cluster=\(cluster)&from=\(from)&to=\(to)"
    }
}
