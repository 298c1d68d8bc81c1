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
    /// `action`: `cancel`, `convocation` or `attestation`.
    static func appointmentAction(_ id: UUID, _ action: String) -> String { page(id, action).path(id) }
    static func appointmentPage(_ id: UUID, _ page: String, token: String) -> String {
        Self.page(id, page).path(id) + "?token=\(token)"
    }

    static func requestCode(_ number: String) -> String { SiteURL.requestCode.path(number) }
    static func request(_ number: String, token: String) -> String { SiteURL.request.path(number) + "?token=\(token)" }
    /// `action`: `withdraw`, `permit`, `keep` or `another-person`.
    static func requestAction(_ number: String, _ action: String) -> String { requestPage(action).path(number) }
    static func requestAction(_ number: String, _ action: String, token: String) -> String {
        requestPage(action).path(number) + "?token=\(token)"
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

    /// An appointment's page by its last path component.
    private static func page(_ id: UUID, _ name: String) -> SiteURL {
        switch name {
        case "cancel": .appointmentCancel
        case "convocation": .appointmentConvocation
        case "attestation": .appointmentAttestation
        case "code": .appointmentCode
        default: preconditionFailure("no appointment page \(name)")
        }
    }

    /// A request's action by its last path component.
    private static func requestPage(_ name: String) -> SiteURL {
        switch name {
        case "withdraw": .requestWithdraw
        case "permit": .requestPermit
        case "code": .requestCode
        case "attestation": .requestAttestation
        case "keep": .requestKeep
        case "another-person": .requestAnotherPerson
        default: preconditionFailure("no request action \(name)")
        }
    }
}
