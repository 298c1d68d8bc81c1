import Foundation

/// The back-office addresses of assisted booking, urgent requests and the suspicion review, built in one place for
/// routes and links.
enum AgentPath {
    static let book = "/agent/book"
    static func book(_ procedure: String) -> String { "/agent/book/\(procedure)" }
    static func bookDay(_ procedure: String, _ date: String) -> String { "/agent/book/\(procedure)/days/\(date)" }
    static func bookForm(_ procedure: String) -> String { "/agent/book/\(procedure)/form" }
    static func bookForm(_ procedure: String, slot: Int) -> String { "/agent/book/\(procedure)/form?slot=\(slot)" }

    static func appointment(_ id: UUID) -> String { "/agent/appointments/\(id.uuidString.lowercased())" }
    static func convocation(_ id: UUID) -> String { "/agent/appointments/\(id.uuidString.lowercased())/convocation" }

    static let urgent = "/agent/urgent"
    static func urgent(status: String) -> String { "/agent/urgent?status=\(status)" }
    static func urgent(_ number: String) -> String { "/agent/urgent/\(number)" }
    static func urgentAction(_ number: String, _ action: String) -> String { "/agent/urgent/\(number)/\(action)" }
    static func attachment(_ number: String, _ id: UUID) -> String {
        "/agent/urgent/\(number)/attachments/\(id.uuidString.lowercased())"
    }

    static let suspicion = "/agent/suspicion"
    static let suspicionCancel = "/agent/suspicion/cancel"
    static func suspicion(from: String, to: String) -> String { "/agent/suspicion?from=\(from)&to=\(to)" }
    static func suspicion(from: String, to: String, cancelled: Int, untouched: Int) -> String {
        "/agent/suspicion?from=\(from)&to=\(to)&cancelled=\(cancelled)&untouched=\(untouched)"
    }
    /// The confirmation step of a cluster's cancellation: who would be cancelled, who would not.
    static func suspicionConfirm(cluster key: String, from: String, to: String) -> String {
        let cluster = key.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        return "/agent/suspicion/confirm?cluster=\(cluster)&from=\(from)&to=\(to)"
    }
}
