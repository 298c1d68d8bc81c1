import Foundation

/// Every public page's address, built in one place: the routes, the links in pages and the links in emails agree.
enum SitePath {
    static let home = "/"
    static let urgent = "/urgent"
    static let verify = "/verify"
    static let requests = "/requests"

    static func procedure(_ id: String) -> String { "/procedures/\(id)" }
    static func day(_ procedure: String, _ date: String) -> String { "/procedures/\(procedure)/days/\(date)" }
    static func book(_ procedure: String, slot: Int) -> String { "/procedures/\(procedure)/book?slot=\(slot)" }
    static func bookForm(_ procedure: String) -> String { "/procedures/\(procedure)/book" }
    static func requestForm(_ procedure: String) -> String { "/procedures/\(procedure)/request" }

    static func appointmentCode(_ id: UUID) -> String { "/appointments/\(id.uuidString.lowercased())/code" }
    static func appointment(_ id: UUID, token: String) -> String {
        "/appointments/\(id.uuidString.lowercased())?token=\(token)"
    }
    static func appointmentAction(_ id: UUID, _ action: String) -> String {
        "/appointments/\(id.uuidString.lowercased())/\(action)"
    }
    static func appointmentPage(_ id: UUID, _ page: String, token: String) -> String {
        "/appointments/\(id.uuidString.lowercased())/\(page)?token=\(token)"
    }

    static func requestCode(_ number: String) -> String { "/requests/\(number)/code" }
    static func request(_ number: String, token: String) -> String { "/requests/\(number)?token=\(token)" }
    static func requestAction(_ number: String, _ action: String) -> String { "/requests/\(number)/\(action)" }
    static func requestAction(_ number: String, _ action: String, token: String) -> String {
        "/requests/\(number)/\(action)?token=\(token)"
    }
    static func requestAttestation(_ number: String, token: String) -> String {
        "/requests/\(number)/attestation?token=\(token)"
    }

    static func urgentRequest(_ number: String, token: String) -> String { "/urgent/\(number)?token=\(token)" }
    static func urgentAttestation(_ number: String, token: String) -> String {
        "/urgent/\(number)/attestation?token=\(token)"
    }

    static func verify(_ code: String) -> String { "/verify/\(code)" }
    static func verify(_ code: String, signature: String) -> String { "/verify/\(code)?s=\(signature)" }
    static func draw(_ id: String) -> String { "/api/v1/draws/\(id)" }
}
