import Foundation
import GuichetCore
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    /// DESIGN.md, "Abuse resistance": every submission that creates a hold or a request carries a solved, fresh,
    /// unspent proof-of-work challenge (ALTCHA format).
    @Suite struct ProofOfWorkRouteTests {
        static func challenge(_ app: Application) async throws -> ProofOfWork.Challenge {
            var challenge: ProofOfWork.Challenge?
            try await app.testing().test(.GET, "/api/v1/challenge") { res in
                #expect(res.status == .ok)
                #expect(res.headers.first(name: .cacheControl) == "no-store")
                challenge = try res.content.decode(ProofOfWork.Challenge.self)
            }
            return try #require(challenge)
        }

        static func solved(_ challenge: ProofOfWork.Challenge) throws -> String {
            ProofOfWork.Solution(
                algorithm: challenge.algorithm, challenge: challenge.challenge,
                number: try #require(ProofOfWork.solve(challenge)), salt: challenge.salt,
                signature: challenge.signature
            ).encoded
        }

        static func hold(
            _ app: Application, slot: Slot, proof: String?, email: String = "karima.benali@example.org",
            family: String = "Benali"
        ) async throws -> (HTTPStatus, String) {
            var result: (HTTPStatus, String) = (.ok, "")
            try await app.testing().test(
                .POST, "/api/v1/appointments",
                beforeRequest: { req in
                    req.json(
                        Fixture.holdBody(slotID: slot.id!, applicant: Fixture.applicant(family: family, email: email)))
                    if let proof { req.headers.replaceOrAdd(name: "Altcha", value: proof) }
                },
                afterResponse: { res in
                    result = (res.status, (res.json["error"] as? [String: Any])?["code"] as? String ?? "")
                })
            return result
        }

        @Test func aHoldNeedsAFreshSolvedChallengeThatServesOnce() async throws {
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock, proofOfWork: 2_000) { app in
                let slot = try await Fixture.slot(app, counter: "mtp-1", daysAhead: 3, capacity: 3, released: 3)
                let challenge = try await Self.challenge(app)
                #expect(challenge.maxnumber == 2_000 && challenge.algorithm == "SHA-256")
                let proof = try Self.solved(challenge)
                // no proof, a wrong one: refused before anything is written
                #expect(try await Self.hold(app, slot: slot, proof: nil) == (.forbidden, "proof_of_work_failed"))
                let wrong = ProofOfWork.Solution(
                    algorithm: challenge.algorithm, challenge: challenge.challenge,
                    number: (ProofOfWork.solve(challenge)! + 1), salt: challenge.salt,
                    signature: challenge.signature
                ).encoded
                #expect(try await Self.hold(app, slot: slot, proof: wrong) == (.forbidden, "proof_of_work_failed"))
                #expect(try await Appointment.query(on: app.db).count() == 0)
                // the right one: held
                #expect(try await Self.hold(app, slot: slot, proof: proof).0 == .accepted)
                // the same solution again, for someone else: spent
                #expect(
                    try await Self.hold(app, slot: slot, proof: proof, email: "other@example.org", family: "Haddad")
                        == (.forbidden, "proof_of_work_failed"))
                // a solution older than ten minutes: expired
                let late = try Self.solved(try await Self.challenge(app))
                clock.advance(by: 601)
                #expect(
                    try await Self.hold(app, slot: slot, proof: late, email: "third@example.org", family: "Alaoui")
                        == (.forbidden, "proof_of_work_failed"))
                #expect(try await Appointment.query(on: app.db).count() == 1)
            }
        }

        /// Issue 12, point 12: an answer spent before a restart (or on another node) stays spent; one solved and not
        /// spent still serves, since the signing key is kept.
        @Test func aSpentAnswerStaysSpentAfterARestart() async throws {
            try await withGuichetApp(proofOfWork: 1_000) { app in
                // setup
                let slot = try await Fixture.slot(app, capacity: 3, released: 3)
                let spent = try Self.solved(try await Self.challenge(app))
                let unspent = try Self.solved(try await Self.challenge(app))
                #expect(try await Self.hold(app, slot: slot, proof: spent).0 == .accepted)
                // act: another process on the same database and data folder
                let restarted = try await Application.make(.testing)
                do {
                    try await configure(
                        restarted, config: app.guichet.config, clock: TestClock(testStart),
                        random: RandomSource(SeededGenerator(seed: 7)))
                    // check
                    #expect(
                        try await Self.hold(
                            restarted, slot: slot, proof: spent, email: "b@example.org", family: "Haddad")
                            == (.forbidden, "proof_of_work_failed"))
                    #expect(
                        try await Self.hold(
                            restarted, slot: slot, proof: unspent, email: "c@example.org", family: "Alaoui"
                        )
                        .0 == .accepted)
                } catch {
                    try await restarted.asyncShutdown()
                    throw error
                }
                try await restarted.asyncShutdown()
            }
        }

        @Test func aFormSentWithoutTheCheckGetsAPageSayingWhatToDo() async throws {
            try await withGuichetApp(proofOfWork: 2_000) { app in
                let slot = try await Fixture.slot(app, counter: "mtp-1", daysAhead: 3)
                var browser = PageClient(app)
                let form = try await browser.get("/procedures/first-application/book?slot=\(slot.id!)")
                #expect(
                    form.html.contains("data-pow") && form.html.contains("name=\"altcha\"")
                        && form.html.contains("src=\"/pow.js\""))
                let refused = try await browser.post(
                    "/procedures/first-application/book",
                    PublicPageTests.identity + [("slot", "\(slot.id!)")])
                #expect(refused.status == .forbidden)
                #expect(refused.html.contains("JavaScript"))
                #expect(try await Appointment.query(on: app.db).count() == 0)
                // with the page's answer in the form, it goes through
                let proof = try Self.solved(try await Self.challenge(app))
                let sent = try await browser.post(
                    "/procedures/first-application/book",
                    PublicPageTests.identity + [("slot", "\(slot.id!)"), ("altcha", proof)])
                #expect(sent.status == .seeOther)
                #expect(try await Appointment.query(on: app.db).count() == 1)
                // the urgent form (multipart, its body read by the handler) is checked too
                _ = try await browser.get("/urgent")
                let urgent = try await browser.post("/urgent", PublicPageTests.identity + [("procedure", "renewal")])
                #expect(urgent.status == .forbidden)
                #expect(try await UrgentRequest.query(on: app.db).count() == 0)
            }
        }

        @Test func theSettingIsReadFromTheEnvironment() throws {
            #expect(try GuichetConfig.fromEnvironment([:]).proofOfWorkMaxNumber == 100_000)
            #expect(try GuichetConfig.fromEnvironment(["GUICHET_PROOF_OF_WORK": "off"]).proofOfWorkMaxNumber == nil)
            #expect(
                try GuichetConfig.fromEnvironment(["GUICHET_PROOF_OF_WORK": "250000"]).proofOfWorkMaxNumber == 250_000)
            for bad in ["0", "12", "lots", "99999999"] {
                #expect(throws: ConfigError.self) { try GuichetConfig.fromEnvironment(["GUICHET_PROOF_OF_WORK": bad]) }
            }
        }
    }
}
