import Fluent
import Foundation
import GuichetCore
import NIOCore
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    /// Issue 12, point 9: a form is accepted only from our own pages, whatever cookie and field pair it carries;
    /// over HTTPS the token cookie is `__Host-` (no neighbouring subdomain can plant one).
    @Suite struct SameOriginFormTests {
        /// Posts the booking form with the browser's token pair and the given provenance headers.
        static func book(
            _ app: Application, slot: Slot, csrf: String, cookie: String = CSRF.cookie,
            family: String = "Nguyễn", email: String, headers: [(String, String)]
        ) async throws -> TestingHTTPResponse {
            var all = HTTPHeaders(headers)
            all.replaceOrAdd(name: .accept, value: "text/html")
            all.replaceOrAdd(name: .cookie, value: "\(cookie)=\(csrf)")
            all.contentType = .urlEncodedForm
            let fields =
                PublicPageTests.identity.filter { $0.0 != "email" && $0.0 != "family_name" }
                + [("family_name", family), ("email", email), ("slot", "\(slot.id!)"), ("csrf", csrf)]
            let body = fields.map { "\(PageClient.encode($0.0))=\(PageClient.encode($0.1))" }.joined(separator: "&")
            return try await app.testing().sendRequest(
                .POST, "/procedures/first-application/book", headers: all,
                body: ByteBuffer(string: body))
        }

        static let token = "a-token-that-another-site-planted-42"

        @Test func aFormSentFromAnotherSiteIsRefusedWhateverItsTokens() async throws {
            try await withGuichetApp { app in
                // setup
                let slot = try await Fixture.slot(app, capacity: 6, released: 6)
                let ours = app.guichet.config.baseURL
                // act and check: another site, a neighbouring subdomain, an opaque origin: refused, nothing held
                for headers in [
                    [("Origin", "https://evil.example")], [("Sec-Fetch-Site", "cross-site")],
                    [("Sec-Fetch-Site", "same-site")], [("Origin", "null")],
                    [("Origin", "null"), ("Sec-Fetch-Site", "cross-site")],
                    [("Origin", "https://evil.example"), ("Sec-Fetch-Site", "same-origin")],
                    [("Origin", ours), ("Sec-Fetch-Site", "cross-site")],
                ] {
                    let refused = try await Self.book(
                        app, slot: slot, csrf: Self.token, email: "x@example.org", headers: headers)
                    #expect(refused.status == .forbidden, "\(headers)")
                    #expect(refused.html.contains("pas été envoyé depuis une page de ce site"), "\(headers)")
                }
                #expect(try await Appointment.query(on: app.db).count() == 0)
                // the agents' forms too
                let login = try await app.testing().sendRequest(
                    .POST, "/agent/login",
                    headers: [
                        "Origin": "https://evil.example", "Content-Type": "application/x-www-form-urlencoded",
                        "Accept": "application/json",
                    ], body: ByteBuffer(string: "email=a%40b.example&password=x"))
                #expect(login.status == .forbidden && login.errorCode == "cross_site_form")
                // our own origin, said either way or not at all (older browsers): accepted; so is `Origin: null`
                // when the browser vouches for the page (what Chromium sends from a page under `no-referrer`)
                let families = ["Tran", "Pham", "Hoang", "Vu", "Dang"]
                for (index, headers) in [
                    [("Origin", ours), ("Sec-Fetch-Site", "same-origin")],
                    [("Origin", ours.uppercased())], [("Sec-Fetch-Site", "same-origin")], [],
                    [("Origin", "null"), ("Sec-Fetch-Site", "same-origin")],
                ]
                .enumerated() {
                    let sent = try await Self.book(
                        app, slot: slot, csrf: Self.token, family: families[index],
                        email: "p\(index)@example.org", headers: headers)
                    #expect(sent.status == .seeOther, "\(headers): \(sent.status)")
                }
                // the API authenticates with tokens, never cookies: not concerned
                try await app.testing().test(
                    .POST, "/api/v1/appointments", headers: ["Origin": "https://evil.example"],
                    beforeRequest: { req in
                        req.json(
                            Fixture.holdBody(
                                slotID: slot.id!, applicant: Fixture.applicant(family: "Haddad", email: "h@example.org")
                            ))
                    }, afterResponse: { res in #expect(res.status == .accepted) })
            }
        }

        @Test func theOriginIsComparedAsBrowsersWriteIt() {
            #expect(SameOriginForms(baseURL: "https://rdv.herault.example/").origin == "https://rdv.herault.example")
            #expect(SameOriginForms(baseURL: "https://rdv.example:443/rdv").origin == "https://rdv.example")
            #expect(SameOriginForms(baseURL: "http://127.0.0.1:8080").origin == "http://127.0.0.1:8080")
            let expected = "https://rdv.example"
            #expect(SameOriginForms.isSameOrigin(origin: "https://RDV.example", fetchSite: nil, expected: expected))
            #expect(
                !SameOriginForms.isSameOrigin(origin: "https://rdv.example.evil", fetchSite: nil, expected: expected))
            #expect(!SameOriginForms.isSameOrigin(origin: "http://rdv.example", fetchSite: nil, expected: expected))
            #expect(
                !SameOriginForms.isSameOrigin(origin: "https://rdv.example:8443", fetchSite: nil, expected: expected))
            #expect(SameOriginForms.isSameOrigin(origin: nil, fetchSite: "none", expected: expected))
            // the demo on this machine: localhost, 127.0.0.1 and [::1] are one host, on the same scheme and port only
            let demo = SameOriginForms(baseURL: "http://127.0.0.1:8080").origin
            #expect(
                SameOriginForms.isSameOrigin(origin: "http://localhost:8080", fetchSite: "same-origin", expected: demo))
            #expect(SameOriginForms.isSameOrigin(origin: "http://[::1]:8080", fetchSite: nil, expected: demo))
            #expect(!SameOriginForms.isSameOrigin(origin: "http://localhost:9090", fetchSite: nil, expected: demo))
            #expect(!SameOriginForms.isSameOrigin(origin: "http://localhost.evil:8080", fetchSite: nil, expected: demo))
            #expect(!SameOriginForms.isSameOrigin(origin: "http://localhost:8080", fetchSite: nil, expected: expected))
        }

        @Test func overHTTPSTheCookiesAreHostOnly() async throws {
            try await withGuichetApp(settings: { $0.baseURL = "https://rdv.herault.example" }) { app in
                // setup
                let slot = try await Fixture.slot(app, capacity: 2, released: 2)
                try await AgentAccessTests.agent(app, "claire.martin@herault.example", .agent)
                let origin = [("Origin", "https://rdv.herault.example")]
                // act: the form's page sets the token
                let form = try await app.testing().sendRequest(
                    .GET, "/procedures/first-application/book?slot=\(slot.id!)",
                    headers: ["Accept": "text/html"])
                let setCookie = try #require(form.headers[.setCookie].first { $0.hasPrefix("__Host-guichet_csrf=") })
                #expect(setCookie.contains("Path=/") && setCookie.contains("Secure") && !setCookie.contains("Domain"))
                let token = try #require(
                    setCookie.split(separator: ";").first?.split(separator: "=").last.map(String.init))
                // check: the same pair under the name a subdomain can set is worth nothing; under ours it books
                let tossed = try await Self.book(app, slot: slot, csrf: token, email: "t@example.org", headers: origin)
                #expect(tossed.status == .forbidden && tossed.html.contains("expiré"))
                let sent = try await Self.book(
                    app, slot: slot, csrf: token, cookie: "__Host-guichet_csrf",
                    email: "s@example.org", headers: origin)
                #expect(sent.status == .seeOther)
                // the agents' session cookie too
                let login = try await app.testing().sendRequest(
                    .POST, "/agent/login",
                    headers: [
                        "Origin": "https://rdv.herault.example", "Cookie": "__Host-guichet_csrf=\(token)",
                        "Content-Type": "application/x-www-form-urlencoded",
                    ],
                    body: ByteBuffer(
                        string:
                            "email=claire.martin%40herault.example&password=\(PageClient.encode(AgentAccessTests.password))&csrf=\(token)"
                    ))
                #expect(login.status == .seeOther)
                let session = try #require(login.headers[.setCookie].first { $0.hasPrefix("__Host-guichet_agent=") })
                #expect(session.contains("Path=/;") && session.contains("Secure") && session.contains("HttpOnly"))
            }
        }
    }
}
