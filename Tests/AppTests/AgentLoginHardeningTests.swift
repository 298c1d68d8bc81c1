import Fluent
import Foundation
import GuichetCore
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    /// Issue 12, points 3 to 5: the login throttle holds under a parallel burst and behind the reverse proxy,
    /// sessions end on the server, and every checked login is audited from the client's address.
    @Suite struct AgentLoginHardeningTests {
        static let csrf = "csrf-token-for-the-login-tests-0123"

        /// A login over the socket, from `forwardedFor` as our proxy would say.
        static func login(
            _ server: LiveServer, _ email: String, _ password: String,
            forwardedFor: String? = nil
        ) async throws -> UInt {
            var headers = [("Cookie", "\(CSRF.cookie)=\(Self.csrf)")]
            if let forwardedFor { headers.append(("X-Forwarded-For", forwardedFor)) }
            return try await server.send(
                .POST, "/agent/login", headers: headers,
                form: [("email", email), ("password", password), ("csrf", Self.csrf)]
            ).status
        }

        @Test func thirtyParallelWrongPasswordsGetFiveChecked() async throws {
            // bcrypt a little slower than the other tests', so that the guesses really overlap
            try await withGuichetApp(settings: { $0.bcryptCost = 8 }) { app in
                // setup
                try await AgentAccessTests.agent(app, "karim.haddad@herault.example", .agent)
                let server = try await LiveServer.start(app)
                // act
                let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                    for _ in 0..<30 {
                        group.addTask { try await Self.login(server, "karim.haddad@herault.example", "a wrong guess!") }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                // check: the limit, exactly, was checked; the rest refused before bcrypt
                #expect(statuses.filter { $0 == 401 }.count == AgentAccounts.accountFailures, "\(statuses)")
                #expect(statuses.filter { $0 == 429 }.count == 30 - AgentAccounts.accountFailures)
                #expect(
                    try await AuditEntry.query(on: app.db).filter(\.$action == "login_failed").count()
                        == AgentAccounts.accountFailures)
                #expect(try await Self.login(server, "karim.haddad@herault.example", AgentAccessTests.password) == 429)
                try await server.stop(app)
            }
        }

        @Test func behindTheProxyGuessesLockTheGuesserNotTheAgents() async throws {
            try await withGuichetApp(settings: { $0.trustedProxies = ["127.0.0.1"] }) { app in
                // setup
                try await AgentAccessTests.agent(app, "nadia.benali@herault.example", .agent)
                try await AgentAccessTests.agent(app, "paul.roux@herault.example", .agent)
                let server = try await LiveServer.start(app)
                // act: forty guesses on emails that do not exist, from one address behind the proxy
                var statuses: [UInt] = []
                for index in 0..<40 {
                    statuses.append(
                        try await Self.login(
                            server, "nobody\(index)@herault.example", "guess guess guess",
                            forwardedFor: "203.0.113.7"))
                }
                // check: that address is locked after its twenty; the agents, even a neighbour on its /24, are not
                #expect(statuses.prefix(AgentAccounts.addressFailures).allSatisfy { $0 == 401 })
                #expect(statuses.dropFirst(AgentAccounts.addressFailures).allSatisfy { $0 == 429 })
                #expect(
                    try await Self.login(
                        server, "nadia.benali@herault.example", AgentAccessTests.password,
                        forwardedFor: "198.51.100.20") == 303)
                #expect(
                    try await Self.login(
                        server, "paul.roux@herault.example", AgentAccessTests.password,
                        forwardedFor: "203.0.113.8") == 303)
                // the audit says from where, as the client's address
                let failed = try await AuditEntry.query(on: app.db).filter(\.$action == "login_failed").all()
                #expect(failed.count == AgentAccounts.addressFailures)
                #expect(failed.allSatisfy { $0.remote == "203.0.113.7" && $0.actor == "anonymous" })
                #expect(failed.first?.detail.hasPrefix("unknown email") == true)
                let logins = try await AuditEntry.query(on: app.db).filter(\.$action == "login").all()
                #expect(Set(logins.compactMap(\.remote)) == ["198.51.100.20", "203.0.113.8"])
                try await server.stop(app)
            }
        }

        @Test func guessesOnKnownAccountsFromOneNetworkLockThatNetworkOnly() async throws {
            try await withGuichetApp(settings: { $0.trustedProxies = ["127.0.0.1"] }) { app in
                // setup: five accounts, so that no single account locks first
                for index in 0..<5 { try await AgentAccessTests.agent(app, "agent\(index)@herault.example", .agent) }
                try await AgentAccessTests.agent(app, "claire.martin@herault.example", .agent)
                let server = try await LiveServer.start(app)
                // act: four wrong passwords on each, from five addresses of one /24
                for index in 0..<AgentAccounts.networkFailures {
                    let status = try await Self.login(
                        server, "agent\(index % 5)@herault.example", "wrong password!",
                        forwardedFor: "203.0.113.\(10 + index % 5)")
                    #expect(status == 401)
                }
                // check
                #expect(
                    try await Self.login(
                        server, "claire.martin@herault.example", AgentAccessTests.password,
                        forwardedFor: "203.0.113.99") == 429)
                #expect(
                    try await Self.login(
                        server, "claire.martin@herault.example", AgentAccessTests.password,
                        forwardedFor: "198.51.100.20") == 303)
                let failed = try await AuditEntry.query(on: app.db).filter(\.$action == "login_failed")
                    .sort(\.$id).all()
                #expect(failed.last?.detail == "wrong password; locked network")
                #expect(failed.first?.actor == "agent:agent0@herault.example")
                try await server.stop(app)
                // the purge forgets the keys once their window and lock are over
                try await app.db.write(through: app.guichet.writeGate) { tx in
                    try await LoginThrottle.purge(now: testStart.addingTimeInterval(AgentAccounts.lockout - 1), on: tx)
                }
                #expect(
                    try await LoginThrottle.query(on: app.db).filter(\.$id == "network:203.0.113.0/24").count() == 1)
                try await app.db.write(through: app.guichet.writeGate) { tx in
                    try await LoginThrottle.purge(now: testStart.addingTimeInterval(AgentAccounts.lockout + 1), on: tx)
                }
                #expect(try await LoginThrottle.query(on: app.db).count() == 0)
            }
        }

        @Test func aSessionEndsAfterHalfAnHourIdleOrAWorkingDay() async throws {
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock) { app in
                // setup
                try await AgentAccessTests.agent(app, "lea.roux@herault.example", .agent)
                var desk = try await AgentAccessTests.signedIn(app, "lea.roux@herault.example")
                // a copy of the cookie, as someone who read it would keep it
                var copy = PageClient(app)
                copy.cookies = desk.cookies
                // act and check: idle time
                clock.advance(by: 29 * 60)
                #expect(try await desk.get("/agent").status == .ok)
                clock.advance(by: 29 * 60)
                #expect(try await desk.get("/agent").status == .ok)
                clock.advance(by: AgentSession.idleTimeout + 1)
                #expect(try await desk.get("/agent").location == "/agent/login?next=/agent")
                #expect(try await SessionRecord.query(on: app.db).count() == 0)
                #expect(try await copy.get("/agent").status == .seeOther)
                // act and check: a working day, however busy
                desk = try await AgentAccessTests.signedIn(app, "lea.roux@herault.example")
                for _ in 0..<Int(AgentSession.lifetime / (20 * 60)) - 1 {
                    clock.advance(by: 20 * 60)
                    #expect(try await desk.get("/agent").status == .ok)
                }
                clock.advance(by: 20 * 60 + 1)
                #expect(try await desk.get("/agent").status == .seeOther)
                #expect(
                    try await desk.post("/agent/urgent/U-AAAAA-AAAAA/answer", [("message", "x")]).status
                        == .unauthorized)
            }
        }

        @Test func aSessionWithoutItsTimesIsOver() {
            var data = SessionData()
            data[AgentSession.agentKey] = UUID().uuidString
            #expect(!AgentSession.isCurrent(data, now: testStart))
            data[AgentSession.startedKey] = AgentSession.seconds(testStart)
            data[AgentSession.seenKey] = AgentSession.seconds(testStart)
            #expect(AgentSession.isCurrent(data, now: testStart.addingTimeInterval(60)))
        }
    }
}
