import Fluent
import Foundation
import GuichetCore
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    /// Issue 12, point 10: no API answer with personal data or a token may be kept by a cache.
    @Suite struct PrivateAnswersTests {
        @Test func everyPersonalAnswerOfTheAPISaysNoStore() async throws {
            try await withGuichetApp { app in
                let slot = try await Fixture.slot(app)
                var seen: [String: String?] = [:]
                func note(_ what: String, _ res: TestingHTTPResponse) {
                    #expect(res.status.code < 300, "\(what): \(res.status) \(res.body.string)")
                    seen[what] = res.headers.first(name: .cacheControl)
                }
                // an appointment: hold, confirm (manage token, convocation code), read, verify, cancel
                var id = ""
                var token = ""
                var convocation = ""
                try await app.testing().test(
                    .POST, "/api/v1/appointments",
                    beforeRequest: { req in
                        req.json(Fixture.holdBody(slotID: slot.id!, applicant: Fixture.applicant()))
                    },
                    afterResponse: { res in
                        note("hold", res)
                        id = res.json["id"] as? String ?? ""
                    })
                let code = try await Fixture.lastCode(app, to: "karima.benali@example.org")
                try await app.testing().test(
                    .POST, "/api/v1/appointments/\(id)/confirm",
                    beforeRequest: { req in
                        req.json(Data(#"{"code":"\#(code)"}"#.utf8))
                    },
                    afterResponse: { res in
                        note("confirm", res)
                        token = res.json["manageToken"] as? String ?? ""
                        convocation = res.json["convocationCode"] as? String ?? ""
                    })
                try await app.testing().test(
                    .GET, "/api/v1/appointments/\(id)", headers: ["Authorization": "Bearer \(token)"]
                ) {
                    note("appointment", $0)
                }
                try await app.testing().test(.GET, "/api/v1/convocations/\(convocation)") { note("convocation", $0) }
                try await app.testing().test(
                    .DELETE, "/api/v1/appointments/\(id)", headers: ["Authorization": "Bearer \(token)"]
                ) {
                    note("cancel", $0)
                }
                // a draw request: submit, confirm (manage token), read, withdraw
                try await DrawService(db: app.db, services: app.guichet, logger: app.logger).ensureWindows()
                let applicant = Fixture.applicant(family: "Haddad", given: "Nadia", email: "nadia@example.org")
                var number = ""
                var requestToken = ""
                try await app.testing().test(
                    .POST, "/api/v1/requests",
                    beforeRequest: { req in
                        req.json(DrawTests.body(applicant))
                    },
                    afterResponse: { res in
                        note("request", res)
                        number = res.json["number"] as? String ?? ""
                    })
                let requestCode = try await Fixture.lastCode(app, to: "nadia@example.org")
                try await app.testing().test(
                    .POST, "/api/v1/requests/\(number)/confirm",
                    beforeRequest: { req in
                        req.json(Data(#"{"code":"\#(requestCode)"}"#.utf8))
                    },
                    afterResponse: { res in
                        note("request confirm", res)
                        requestToken = res.json["manageToken"] as? String ?? ""
                    })
                try await app.testing().test(
                    .GET, "/api/v1/requests/\(number)", headers: ["Authorization": "Bearer \(requestToken)"]
                ) {
                    note("request read", $0)
                }
                try await app.testing().test(
                    .DELETE, "/api/v1/requests/\(number)", headers: ["Authorization": "Bearer \(requestToken)"]
                ) {
                    note("withdraw", $0)
                }
                // check
                #expect(seen.count == 9)
                for (what, value) in seen { #expect(value == "no-store", "\(what)") }
            }
        }
    }
}
