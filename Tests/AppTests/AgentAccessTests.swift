import Fluent
import Foundation
import GuichetCore
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    /// Back-office accounts: sign-in, lockout, roles on every route, password change, the audit log.
    @Suite struct AgentAccessTests {
        static let password = "correct horse battery"

        @discardableResult
        static func agent(_ app: Application, _ email: String, _ role: AgentRole) async throws -> Agent {
            try await AgentAccounts(db: app.db, services: app.guichet, hasher: app.password.async)
                .create(
                    email: email, displayName: email.components(separatedBy: "@")[0], role: role, password: password)
        }

        /// A browser signed in as `email`.
        static func signedIn(_ app: Application, _ email: String) async throws -> PageClient {
            var browser = PageClient(app)
            _ = try await browser.get("/agent/login")
            let response = try await browser.post("/agent/login", [("email", email), ("password", password)])
            #expect(response.status == .seeOther)
            return browser
        }

        @Test func anAgentSignsInWithASecureSessionCookieAndOut() async throws {
            try await withGuichetApp { app in
                try await Self.agent(app, "claire.martin@herault.example", .agent)
                var browser = PageClient(app)
                #expect(try await browser.get("/agent").location == "/agent/login?next=/agent")
                _ = try await browser.get("/agent/login")
                let wrong = try await browser.post(
                    "/agent/login", [("email", "claire.martin@herault.example"), ("password", "nope")])
                #expect(wrong.status == .unauthorized)
                #expect(wrong.html.contains("class=\"error-summary\""))
                let right = try await browser.post(
                    "/agent/login",
                    [
                        ("email", "Claire.Martin@herault.example"),
                        ("password", Self.password), ("next", "/agent/password"),
                    ])
                #expect(right.location == "/agent/password")
                let cookie = try #require(right.headers[.setCookie].first { $0.hasPrefix(AgentSession.cookieName) })
                #expect(cookie.contains("HttpOnly"))
                #expect(cookie.contains("SameSite=Lax"))
                #expect(cookie.contains("Path=/agent"))
                let home = try await browser.get("/agent")
                #expect(home.status == .ok)
                #expect(home.html.contains("claire.martin"))
                // a login cannot send anyone off-site
                #expect(AgentLoginPages.safeNext("https://evil.example/") == "/agent")
                #expect(AgentLoginPages.safeNext("/agent//evil.example") == "/agent")
                // out
                let out = try await browser.post("/agent/logout", [])
                #expect(out.location == "/agent/login")
                #expect(try await browser.get("/agent").status == .seeOther)
                // a session cookie left from before (or planted) does not survive a login: a new id is issued
                browser.cookies[AgentSession.cookieName] = "planted-session-id-0000000000000000"
                _ = try await browser.get("/agent/login")
                let again = try await browser.post(
                    "/agent/login",
                    [
                        ("email", "claire.martin@herault.example"),
                        ("password", Self.password),
                    ])
                #expect(again.location == "/agent")
                #expect(browser.cookies[AgentSession.cookieName] != "planted-session-id-0000000000000000")
                #expect(try await browser.get("/agent").status == .ok)
            }
        }

        @Test func fiveWrongPasswordsLockTheAccountForAQuarterOfAnHour() async throws {
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock) { app in
                try await Self.agent(app, "karim.haddad@herault.example", .agent)
                var browser = PageClient(app)
                _ = try await browser.get("/agent/login")
                for _ in 0..<AgentAccounts.accountFailures {
                    let wrong = try await browser.post(
                        "/agent/login", [("email", "karim.haddad@herault.example"), ("password", "guess")])
                    #expect(wrong.status == .unauthorized)
                }
                let locked = try await browser.post(
                    "/agent/login", [("email", "karim.haddad@herault.example"), ("password", Self.password)])
                #expect(locked.status == .tooManyRequests)
                #expect(locked.headers.first(name: "Retry-After") == "900")
                // the lock ends
                clock.advance(by: AgentAccounts.lockout + 1)
                let later = try await browser.post(
                    "/agent/login", [("email", "karim.haddad@herault.example"), ("password", Self.password)])
                #expect(later.status == .seeOther)
            }
        }

        /// Guesses on emails that name nobody count on their address only (the network counts known accounts).
        @Test func oneAddressGuessingManyAccountsIsLockedToo() async throws {
            try await withGuichetApp { app in
                var browser = PageClient(app)
                _ = try await browser.get("/agent/login")
                for index in 0..<AgentAccounts.addressFailures {
                    _ = try await browser.post(
                        "/agent/login", [("email", "someone\(index)@herault.example"), ("password", "guess")])
                }
                try await Self.agent(app, "nadia.benali@herault.example", .agent)
                let locked = try await browser.post(
                    "/agent/login", [("email", "nadia.benali@herault.example"), ("password", Self.password)])
                #expect(locked.status == .tooManyRequests)
            }
        }

        @Test func everyBackOfficeRouteNeedsASessionAndTheRightRole() async throws {
            try await withGuichetApp { app in
                try await Self.agent(app, "agent@herault.example", .agent)
                try await Self.agent(app, "supervisor@herault.example", .supervisor)
                try await Self.agent(app, "admin@herault.example", .admin)
                let open: Set<String> = ["/agent/login", "/agent/logout"]
                let routes = app.routes.all.filter { $0.path.first?.description == "agent" }.map { route in
                    (
                        route.method,
                        "/"
                            + route.path.map { component -> String in
                                if case .parameter(let name) = component {
                                    return [
                                        "counter": "mtp-1", "id": UUID().uuidString.lowercased(),
                                        "number": "U-AAAAA-AAAAA",
                                        "date": "2026-12-04",
                                        "procedure": "first-application",
                                    ][name] ?? "x"
                                }
                                return component.description
                            }.joined(separator: "/")
                    )
                }.filter { !open.contains($0.1) }
                #expect(routes.count >= 3)
                var anonymous = PageClient(app)
                var agent = try await Self.signedIn(app, "agent@herault.example")
                var admin = try await Self.signedIn(app, "admin@herault.example")
                for (method, path) in routes {
                    let response = method == .GET ? try await anonymous.get(path) : try await anonymous.post(path, [])
                    #expect(
                        [.seeOther, .unauthorized, .forbidden].contains(response.status),
                        "\(method) \(path) without a session")
                    if method == .GET { #expect(response.location?.hasPrefix("/agent/login") == true, "\(path)") }
                    let needed = AgentAccessTests.role(of: path, in: app)
                    if needed > .agent {
                        let low = method == .GET ? try await agent.get(path) : try await agent.post(path, [])
                        #expect(low.status == .forbidden, "\(method) \(path) as agent")
                    }
                    let high = method == .GET ? try await admin.get(path) : try await admin.post(path, [])
                    #expect(
                        high.status != .forbidden && high.status.code < 500,
                        "\(method) \(path) as admin → \(high.status)")
                }
            }
        }

        /// The role a back-office path needs, read from the routing table's middleware (the test's expectation
        /// for each route lives next to it in routes.swift).
        static func role(of path: String, in app: Application) -> AgentRole {
            if path.hasPrefix("/agent/audit") || path.hasPrefix("/agent/config") || path.hasPrefix("/agent/accounts") {
                return .admin
            }
            if ["/agent/suspicion", "/agent/stats", "/agent/priority", "/agent/twins", "/agent/races"]
                .contains(where: path.hasPrefix)
            {
                return .supervisor
            }
            return .agent
        }

        @Test func changingThePasswordEndsTheOtherSessions() async throws {
            try await withGuichetApp { app in
                try await Self.agent(app, "lea.roux@herault.example", .agent)
                var laptop = try await Self.signedIn(app, "lea.roux@herault.example")
                var phone = try await Self.signedIn(app, "lea.roux@herault.example")
                _ = try await laptop.get("/agent/password")
                let wrong = try await laptop.post(
                    "/agent/password",
                    [
                        ("current_password", "nope"), ("new_password", "a much longer secret"),
                        ("repeat_password", "a much longer secret"),
                    ])
                #expect(wrong.status == .unprocessableEntity)
                let short = try await laptop.post(
                    "/agent/password",
                    [
                        ("current_password", Self.password), ("new_password", "short"),
                        ("repeat_password", "short"),
                    ])
                #expect(short.status == .unprocessableEntity)
                let done = try await laptop.post(
                    "/agent/password",
                    [
                        ("current_password", Self.password),
                        ("new_password", "a much longer secret"),
                        ("repeat_password", "a much longer secret"),
                    ])
                #expect(done.location == "/agent/password?done=1")
                #expect(try await laptop.get("/agent").status == .ok)
                #expect(try await phone.get("/agent").status == .seeOther)
            }
        }

        @Test func adminsReadAndFilterTheAuditLog() async throws {
            try await withGuichetApp { app in
                try await Self.agent(app, "admin@herault.example", .admin)
                try await Self.agent(app, "agent@herault.example", .agent)
                _ = try await Self.signedIn(app, "agent@herault.example")
                var admin = try await Self.signedIn(app, "admin@herault.example")
                let all = try await admin.get("/agent/audit")
                #expect(all.status == .ok)
                #expect(all.html.contains("agent:agent@herault.example"))
                let filtered = try await admin.get("/agent/audit?actor=agent:admin@herault.example&action=login")
                #expect(filtered.html.contains("agent:admin@herault.example"))
                #expect(!filtered.html.contains("<td>agent:agent@herault.example</td>"))
                let entries = try await AuditEntry.query(on: app.db).filter(\.$action == "login").all()
                #expect(entries.count == 2)
            }
        }

        @Test func accountsNeedARealAddressAStrongPasswordAndAreUnique() async throws {
            try await withGuichetApp { app in
                let accounts = AgentAccounts(db: app.db, services: app.guichet, hasher: app.password.async)
                await #expect(throws: AgentError.invalidEmail) {
                    try await accounts.create(
                        email: "not an email", displayName: "", role: .agent, password: Self.password)
                }
                await #expect(throws: AgentError.weakPassword) {
                    try await accounts.create(
                        email: "a@herault.example", displayName: "", role: .agent, password: "short")
                }
                let agent = try await accounts.create(
                    email: "A@herault.example", displayName: "", role: .agent, password: Self.password)
                #expect(agent.email == "a@herault.example")
                #expect(agent.passwordHash.hasPrefix("$2"))
                await #expect(throws: AgentError.emailTaken) {
                    try await accounts.create(
                        email: "a@herault.example", displayName: "", role: .admin, password: Self.password)
                }
            }
        }
    }
}
