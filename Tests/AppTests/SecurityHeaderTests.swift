import Fluent
import Foundation
import GuichetCore
import NIOCore
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    /// Issue 12, points 6 to 8: every answer carries the security headers, error answers included; downloads of
    /// applicants' files keep their sandbox; an impossible path is a 404, never a 500.
    @Suite struct SecurityHeaderTests {
        static func expectSecurityHeaders(
            _ response: TestingHTTPResponse, _ what: String,
            sourceLocation: SourceLocation = #_sourceLocation
        ) {
            #expect(
                response.headers.first(name: "X-Content-Type-Options") == "nosniff", "\(what)",
                sourceLocation: sourceLocation)
            #expect(
                response.headers.first(name: "X-Frame-Options") == "DENY", "\(what)", sourceLocation: sourceLocation)
            #expect(
                response.headers.first(name: "Referrer-Policy") == "same-origin", "\(what)",
                sourceLocation: sourceLocation)
            #expect(
                response.headers.first(name: "Content-Security-Policy")?.contains("frame-ancestors 'none'") == true,
                "\(what)", sourceLocation: sourceLocation)
        }

        @Test func errorAnswersCarryTheSecurityHeaders() async throws {
            try await withGuichetApp { app in
                // setup: an account to lock
                try await AgentAccessTests.agent(app, "karim.haddad@herault.example", .agent)
                var browser = PageClient(app)
                // act and check: 404 (page and JSON), 401, 403, 413, 429
                Self.expectSecurityHeaders(try await browser.get("/no/such/page"), "404 page")
                try await app.testing().test(.GET, "/api/v1/nothing") { res in
                    #expect(res.status == .notFound)
                    Self.expectSecurityHeaders(res, "404 JSON")
                }
                try await app.testing().test(.GET, "/api/v1/appointments/\(UUID().uuidString)") { res in
                    #expect(res.status == .unauthorized)
                    Self.expectSecurityHeaders(res, "401")
                }
                let forged = try await browser.post(
                    "/agent/login", [("email", "x@herault.example"), ("password", "x")], csrf: "")
                #expect(forged.status == .forbidden)
                Self.expectSecurityHeaders(forged, "403")
                // over a socket: the body limit is the server's, while it streams the body in
                try await app.testing(method: .running(port: 0)).test(
                    .POST, "/api/v1/appointments",
                    beforeRequest: { req in
                        req.headers.contentType = .json
                        req.body = ByteBuffer(string: String(repeating: " ", count: 70_000) + "{}")
                    },
                    afterResponse: { res in
                        #expect(res.status == .payloadTooLarge)
                        Self.expectSecurityHeaders(res, "413")
                    })
                _ = try await browser.get("/agent/login")
                for _ in 0..<AgentAccounts.accountFailures {
                    _ = try await browser.post(
                        "/agent/login", [("email", "karim.haddad@herault.example"), ("password", "guess")])
                }
                let locked = try await browser.post(
                    "/agent/login", [("email", "karim.haddad@herault.example"), ("password", "guess")])
                #expect(locked.status == .tooManyRequests)
                Self.expectSecurityHeaders(locked, "429")
                // 500: a handler failing in a way nobody foresaw
                struct Unforeseen: Error {}
                app.get("test-unforeseen") { _ -> String in throw Unforeseen() }
                let failed = try await browser.get("/test-unforeseen")
                #expect(failed.status == .internalServerError)
                Self.expectSecurityHeaders(failed, "500")
            }
        }

        @Test func anApplicantsFileIsDownloadedInASandbox() async throws {
            try await withGuichetApp { app in
                // setup
                try await AgentAccessTests.agent(app, UrgentHandlingTests.agentEmail, .agent)
                let number = try await UrgentHandlingTests.urgent(
                    app, family: "Alaoui", expiry: "2026-12-20",
                    email: "a@example.org", files: 1)
                var browser = try await AgentAccessTests.signedIn(app, UrgentHandlingTests.agentEmail)
                let href = try #require(
                    try await browser.get("/agent/urgent/\(number)").links(matching: "/attachments/").first)
                // act
                let file = try await browser.get(href)
                // check: the handler's policy, not the site's
                #expect(file.status == .ok)
                #expect(file.headers["Content-Security-Policy"] == ["default-src 'none'; sandbox"])
                #expect(file.headers.first(name: "X-Content-Type-Options") == "nosniff")
            }
        }

        @Test func aPathSegmentOver255BytesIsNotFoundNeverAServerError() async throws {
            try await withGuichetApp { app in
                let log = LogCapture()
                app.logger = log.logger
                var browser = PageClient(app)
                for path in [
                    "/" + String(repeating: "a", count: 256),
                    "/" + String(repeating: "%61", count: 256),
                    "/styles.css/" + String(repeating: "b", count: 300),
                    "/procedures/" + String(repeating: "%C3%A9", count: 200),
                ] {
                    let page = try await browser.get(path)
                    #expect(page.status == .notFound, "\(path.prefix(20))…")
                    Self.expectSecurityHeaders(page, "long path")
                }
                for path in [
                    "/api/v1/appointments/" + String(repeating: "a", count: 5000),
                    "/api/v1/convocations/" + String(repeating: "A", count: 5000),
                ] {
                    try await app.testing().test(.GET, path) { res in
                        #expect(res.status == .notFound)
                        #expect(res.errorCode == "not_found")
                    }
                }
                // a segment of 255 bytes is still only an unknown page
                #expect(try await browser.get("/" + String(repeating: "a", count: 255)).status == .notFound)
                // the log: nothing at error level, never more than a short prefix of the path
                #expect(!log.entries.isEmpty)
                for entry in log.entries {
                    #expect(entry.level < .error, "\(entry.text.prefix(120))")
                    for long in ["a", "A", "b", "%61", "%C3%A9", "é"].map({ String(repeating: $0, count: 50) }) {
                        #expect(!entry.text.contains(long), "\(entry.text.prefix(120))")
                    }
                }
                #expect(LongPathGuard.hasLongSegment("/a/" + String(repeating: "%C3%A9", count: 128)))
                #expect(!LongPathGuard.hasLongSegment("/a/" + String(repeating: "%C3%A9", count: 127)))
            }
        }
    }
}
