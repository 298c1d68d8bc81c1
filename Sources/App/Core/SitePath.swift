import Foundation

/// Every public page's address with its values and query, built on `SiteURL` (the routes' own paths): the routes,
/// the links in pages and the links in emails agree.
enum SitePath {
    static let home = SiteURL.home.path()
    static let urgent = SiteURL.urgent.path()
    static let verify = SiteURL.verify.path()
    static let requests = SiteURL.requests.path()

    static func procedure(_ id: String) -> String { SiteURL.procedure.path(id) }
    static func day(_ procedure: String, _ date: String) -> String { SiteURL.procedureDay.path(procedure, date) }
    static func book(_ procedure: String, slot: Int) -> String { SiteURL.book.path(procedure) + "?slot=\(slot)" }
    static func bookForm(_ procedure: String) -> String { SiteURL.book.path(procedure) }
    static func requestForm(_ procedure: String) -> String { SiteURL.requestForm.path(procedure) }

    static func appointmentCode(_ id: UUID) -> String { SiteURL.appointmentCode.path(id) }
    static func appointment(_ id: UUID, token: String) -> String { SiteURL.appointment.path(id) + "?token=\(token)" }
    /// One of an appointment's pages (`.appointmentConvocation`, `.appointmentAttestation`, `.appointmentCancel`)
    /// reached with its manage token.
    static func appointmentPage(_ page: SiteURL, _ id: UUID, token: String) -> String {
        page.path(id) + "?token=\(token)"
    }

    static func requestCode(_ number: String) -> String { SiteURL.requestCode.path(number) }
    static func request(_ number: String, token: String) -> String { SiteURL.request.path(number) + "?token=\(token)" }
    /// One of a request's pages (`.requestKeep`, `.requestAnotherPerson`…) reached with its manage token.
    static func requestPage(_ page: SiteURL, _ number: String, token: String) -> String {
        page.path(number) + "?token=\(token)"
    }
    static func requestAttestation(_ number: String, token: String) -> String {
        SiteURL.requestAttestation.path(number) + "?token=\(token)"
    }

    static func urgentRequest(_ number: String, token: String) -> String {
        SiteURL.urgentRequest.path(number) + "?token=\(token)"
    }
    static func urgentAttestation(_ number: String, token: String) -> String {
        SiteURL.urgentAttestation.path(number) + "?token=\(token)"
    }

    static func verify(_ code: String) -> String { SiteURL.verifyCode.path(code) }
    static func verify(_ code: String, signature: String) -> String {
        SiteURL.verifyCode.path(code) + "?s=\(signature)"
    }
    static func draw(_ id: String) -> String { SiteURL.apiDraw.path(id) }
}
