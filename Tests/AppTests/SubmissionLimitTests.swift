import AsyncHTTPClient
import Foundation
import GuichetCore
import NIOCore
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    /// DESIGN.md, "Abuse resistance": holds and requests are limited per address and per network, with a clear 429
    /// and `Retry-After`.
    @Suite struct SubmissionLimitTests {
        static let rules = SubmissionLimits(
            perAddress: RateRule(limit: 2, window: 600),
            perNetwork: RateRule(limit: 3, window: 600))

        /// Counts one submission from `address` in the shared table, as `SubmissionGate` does: nil, or the wait.
        static func admit(_ app: Application, _ address: String?, at now: Date) async throws -> TimeInterval? {
            let keys = SharedLimits.keys(address: address, limits: rules)
            return try await app.db.write(through: app.guichet.writeGate) { tx in
                guard let wait = try await SharedLimits.count(keys, now: now, on: tx) else { return nil }
                throw Refused(wait: wait)
            }
        }

        struct Refused: Error { let wait: TimeInterval }

        static func wait(_ app: Application, _ address: String?, at now: Date) async throws -> TimeInterval? {
            do { return try await admit(app, address, at: now) } catch let refused as Refused { return refused.wait }
        }

        @Test func anAddressAndItsNetworkAreEachLimitedAndARefusalCountsNothing() async throws {
            try await withGuichetApp(demo: false) { app in
                let t0 = testStart
                #expect(try await Self.wait(app, "203.0.113.7", at: t0) == nil)
                #expect(try await Self.wait(app, "203.0.113.7", at: t0) == nil)
                #expect(try await Self.wait(app, "203.0.113.7", at: t0.addingTimeInterval(60)) == 540)
                // a neighbour on the same /24 still has the network's third submission, then the network is full
                #expect(try await Self.wait(app, "203.0.113.8", at: t0) == nil)
                #expect(try await Self.wait(app, "203.0.113.9", at: t0) == 600)
                // the refusals counted nothing: the address refused above was not counted on its network
                let counts = try await app.db.sql.raw("SELECT key, count FROM submission_counts ORDER BY key").all()
                    .map {
                        (try $0.decode(column: "key", as: String.self), try $0.decode(column: "count", as: Int.self))
                    }
                #expect(counts.map(\.0) == ["a:203.0.113.7", "a:203.0.113.8", "n:203.0.113.0/24"])
                #expect(counts.map(\.1) == [2, 1, 3])
                // another network is untouched; IPv6 counts per /48
                #expect(try await Self.wait(app, "198.51.100.1", at: t0) == nil)
                #expect(try await Self.wait(app, "2001:db8:1:1::1", at: t0) == nil)
                #expect(try await Self.wait(app, "2001:db8:1:2::1", at: t0) == nil)
                #expect(try await Self.wait(app, "2001:db8:1:3::1", at: t0) == nil)
                #expect(try await Self.wait(app, "2001:db8:1:4::1", at: t0) != nil)
                // after the window, allowed again; no address (an in-process caller): always allowed
                #expect(try await Self.wait(app, "203.0.113.7", at: t0.addingTimeInterval(600)) == nil)
                #expect(try await Self.wait(app, nil, at: t0) == nil)
                #expect(SharedLimits.keys(address: "203.0.113.7", limits: nil).isEmpty)
                // the purge forgets windows that are over
                try await app.db.write(through: app.guichet.writeGate) { tx in
                    try await SharedLimits.purge(now: t0.addingTimeInterval(1300), longestWindow: 600, on: tx)
                }
                #expect(
                    try await app.db.sql.raw("SELECT count(*) AS n FROM submission_counts").first()?
                        .decode(column: "n", as: Int.self) == 0)
            }
        }

        @Test func theRefusalIsA429WithRetryAfterInTheErrorShape() async throws {
            try await withGuichetApp(submissionLimits: Self.rules) { app in
                let tester = try app.testing(method: .running(port: 0))
                for expected in [HTTPStatus.badRequest, .badRequest, .tooManyRequests] {
                    try await tester.test(
                        .POST, "/api/v1/appointments",
                        beforeRequest: { req in
                            req.headers.contentType = .json
                            req.body = ByteBuffer(string: "{}")
                        },
                        afterResponse: { res in
                            #expect(res.status == expected)
                            if expected == .tooManyRequests {
                                #expect(res.headers.first(name: "Retry-After") == "600")
                                #expect(res.body.string.contains("\"code\":\"too_many_submissions\""))
                                #expect(res.body.string.contains("10 min"))
                            }
                        })
                }
            }
        }

        /// Issue 12, point 11: submissions that did not pay the work count nothing, so a flood of them from one
        /// network cannot lock out the next person of that network.
        @Test func submissionsWithoutTheWorkCountNothing() async throws {
            try await withGuichetApp(submissionLimits: Self.rules, proofOfWork: 1_000) { app in
                // setup: a real socket, so the client has an address
                let slot = try await Fixture.slot(app)
                let server = try await LiveServer.start(app)
                func hold(_ altcha: String?) async throws -> LiveServer.Answer {
                    var request = HTTPClientRequest(url: "http://127.0.0.1:\(server.port)/api/v1/appointments")
                    request.method = .POST
                    request.headers.add(name: "Content-Type", value: "application/json")
                    if let altcha { request.headers.add(name: "Altcha", value: altcha) }
                    request.body = .bytes(
                        ByteBuffer(data: Fixture.holdBody(slotID: slot.id!, applicant: Fixture.applicant())))
                    let response = try await server.client.execute(request, timeout: .seconds(30))
                    return LiveServer.Answer(
                        status: response.status.code, headers: response.headers,
                        body: String(buffer: try await response.body.collect(upTo: 1 << 16)))
                }
                // act: ten times the network's limit without the work
                for _ in 0..<(10 * Self.rules.perNetwork.limit) {
                    #expect(try await hold(nil).status == 403)
                    #expect(try await hold("bm90IGEgcHJvb2Y=").status == 403)
                }
                // check: the next person, with the work done, is served
                let paid = try await hold(
                    try ProofOfWorkRouteTests.solved(try await ProofOfWorkRouteTests.challenge(app)))
                #expect(paid.status == 202, "\(paid.body)")
                let counts = try await app.db.sql.raw("SELECT count FROM submission_counts").all()
                    .map { try $0.decode(column: "count", as: Int.self) }
                #expect(counts == [1, 1])
                try await server.stop(app)
            }
        }

        /// The gate's statements run in the submission's own transaction (`PendingAdmission`): a hold refused by the
        /// booking rules undoes its own writes but still spends its proof and counts, as a separate gate did; a hold
        /// refused over the limit undoes everything, the proof included.
        @Test func aRefusedHoldSpendsItsProofAndCountsButKeepsNothingElse() async throws {
            let clock = TestClock(testStart)
            let rules = SubmissionLimits(
                perAddress: RateRule(limit: 3, window: 60), perNetwork: RateRule(limit: 30, window: 60))
            try await withGuichetApp(clock: clock, submissionLimits: rules, proofOfWork: 1_000) { app in
                let full = try await Fixture.slot(app, capacity: 1)
                let other = try await Fixture.slot(app, daysAhead: 4, capacity: 1)
                let server = try await LiveServer.start(app)
                func proof() async throws -> String {
                    try ProofOfWorkRouteTests.solved(try await ProofOfWorkRouteTests.challenge(app))
                }
                func hold(_ slot: Slot, _ altcha: String, family: String, email: String) async throws -> (UInt, String)
                {
                    var request = HTTPClientRequest(url: "http://127.0.0.1:\(server.port)/api/v1/appointments")
                    request.method = .POST
                    request.headers.add(name: "Content-Type", value: "application/json")
                    request.headers.add(name: "Altcha", value: altcha)
                    request.body = .bytes(
                        ByteBuffer(
                            data: Fixture.holdBody(
                                slotID: slot.id!, applicant: Fixture.applicant(family: family, email: email))))
                    let response = try await server.client.execute(request, timeout: .seconds(30))
                    let body = try await response.body.collect(upTo: 1 << 16)
                    let json = try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any]
                    return (response.status.code, (json?["error"] as? [String: Any])?["code"] as? String ?? "")
                }
                func counted() async throws -> Int {
                    try await app.db.sql.raw("SELECT count FROM submission_counts WHERE key = 'a:127.0.0.1'").first()?
                        .decode(column: "count", as: Int.self) ?? 0
                }
                // act and check: the first person holds the only seat
                #expect(
                    try await hold(full, try await proof(), family: "Benali", email: "k.benali@example.org").0 == 202)
                // someone else on the full slot: refused by the rules, the proof spent, the submission counted
                let second = try await proof()
                #expect(
                    try await hold(full, second, family: "Haddad", email: "s.haddad@example.org") == (409, "slot_full"))
                #expect(try await counted() == 2)
                #expect(
                    try await hold(other, second, family: "Haddad", email: "s.haddad@example.org") == (
                        403, "proof_of_work_failed"
                    ))
                // the first person again on another slot: refused as a duplicate; that slot's seat is not kept taken
                let again = try await hold(other, try await proof(), family: "Benali", email: "k.benali@example.org")
                #expect(again.0 == 409 && again.1.hasPrefix("duplicate"))
                #expect(try await Slot.find(other.id!, on: app.db)?.taken == 0)
                #expect(try await Appointment.query(on: app.db).count() == 1)
                #expect(try await counted() == 3)
                // over the limit: refused, and the proof is not spent (it serves once the window is over)
                let late = try await proof()
                #expect(
                    try await hold(other, late, family: "Haddad", email: "s.haddad@example.org") == (
                        429, "too_many_submissions"
                    ))
                #expect(try await counted() == 3)
                clock.advance(by: 61)
                #expect(try await hold(other, late, family: "Haddad", email: "s.haddad@example.org").0 == 202)
                #expect(try await counted() == 1)
                try await server.stop(app)
            }
        }

        @Test func theLimitIsConfigured() throws {
            #expect(try GuichetConfig.fromEnvironment([:]).submissionLimits == .standard)
            #expect(try GuichetConfig.fromEnvironment(["GUICHET_SUBMISSION_LIMIT": "off"]).submissionLimits == nil)
            let custom = try GuichetConfig.fromEnvironment(["GUICHET_SUBMISSION_LIMIT": "10, 100"]).submissionLimits
            #expect(custom?.perAddress.limit == 10 && custom?.perNetwork.limit == 100)
            for bad in ["10", "100,10", "0,5", "a,b", "10,100,1000"] {
                #expect(throws: ConfigError.self) {
                    try GuichetConfig.fromEnvironment(["GUICHET_SUBMISSION_LIMIT": bad])
                }
            }
        }

        @Test func overTheNetworkTheHoldAndRequestRoutesAnswer429() async throws {
            try await withGuichetApp(submissionLimits: .standard) { app in
                // a real socket, so the client has an address; the limit counts every route that creates something
                let tester = try app.testing(method: .running(port: 0))
                let limit = SubmissionLimits.standard.perAddress.limit
                for _ in 0..<limit {
                    try await tester.test(
                        .POST, "/api/v1/appointments",
                        beforeRequest: { req in
                            req.headers.contentType = .json
                            req.body = ByteBuffer(string: "{}")
                        },
                        afterResponse: { res in
                            #expect(res.status == .badRequest || res.status == .unprocessableEntity)
                        })
                }
                try await tester.test(
                    .POST, "/api/v1/requests",
                    beforeRequest: { req in
                        req.headers.contentType = .json
                        req.body = ByteBuffer(string: "{}")
                    },
                    afterResponse: { res in
                        #expect(res.status == .tooManyRequests)
                        #expect(Int(res.headers.first(name: "Retry-After") ?? "") ?? 0 > 0)
                        #expect(res.body.string.contains("too_many_submissions"))
                    })
                try await tester.test(
                    .POST, "/urgent",
                    beforeRequest: { req in
                        req.headers.replaceOrAdd(name: .accept, value: "text/html")
                        req.headers.contentType = .urlEncodedForm
                        req.body = ByteBuffer(string: "csrf=x")
                    },
                    afterResponse: { res in
                        #expect(res.status == .tooManyRequests)
                        #expect(
                            res.body.string.contains("Rien n'a été enregistré")
                                || res.body.string.contains("Rien n&#39;a été enregistré")
                                || res.body.string.contains("Trop de demandes"))
                    })
                // reading is never limited
                try await tester.test(.GET, "/api/v1/procedures") { res in #expect(res.status == .ok) }
            }
        }
    }
}
