import Fluent
import Foundation
import GuichetCore
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    /// Draw mode: requests in a window, a committed seed, a verifiable draw, and one booking per person.
    @Suite struct DrawTests {
        @Test func requestsAreDrawnIntoAppointmentsAndTheDrawVerifies() async throws {
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock) { app in
                // setup: this week's window for renewals (and today's for changes of status)
                let draws = DrawService(db: app.db, services: app.guichet, logger: app.logger)
                #expect(try await draws.ensureWindows() == 2)
                let window = try #require(
                    try await DrawService.openWindow(procedureID: "renewal", now: clock.now(), on: app.db))
                // while open: the commitment, not the seed
                try await app.testing().test(.GET, "/api/v1/draws/\(window.id!)") { res in
                    #expect(res.status == .ok)
                    #expect(res.json["commitment"] as? String == window.commitment)
                    #expect(res.json["seed"] == nil || res.json["seed"] is NSNull)
                }
                let urgent = try await submitAndConfirm(
                    app, Fixture.applicant(family: "Okafor", given: "Chidi", email: "chidi@example.org"),
                    permitExpiry: "2026-12-10")
                // an agent read the expiry on the permit's scan (`PriorityTests` covers the scan and the review)
                try await app.db.sql.raw(
                    "UPDATE requests SET priority_review = 'confirmed' WHERE number = \(bind: urgent)"
                ).run()
                let normal = try await submitAndConfirm(
                    app, Fixture.applicant(family: "Sato", given: "Yuki", email: "yuki@example.org"),
                    unavailable: ["monday", "tuesday"])
                // act: the window closes and the draw runs
                clock.set(window.closesAt)
                #expect(try await draws.runDue().contains(window.id!))
                #expect(try await draws.runDue().isEmpty, "a window is drawn once")
                // check: both became confirmed appointments at renewal counters, the urgent one in tier 0
                for (number, tier) in [(urgent, 0), (normal, 2)] {
                    let request = try #require(
                        try await ApplicantRequest.query(on: app.db).filter(\.$number == number).first())
                    #expect(request.status == ApplicantRequest.Status.allocated)
                    #expect(request.tier == tier)
                    let appointment = try #require(try await Appointment.find(request.appointmentID, on: app.db))
                    #expect(appointment.status == .confirmed && appointment.channel == "draw")
                    let slot = try #require(try await Slot.find(appointment.$slot.id, on: app.db))
                    #expect(["mtp-2", "mtp-3"].contains(slot.$counter.id))
                    #expect(slot.taken == 1 && slot.released == 1)
                    if number == normal {
                        let weekday = ParisTime.civilDate(of: slot.startsAt).weekday
                        #expect(weekday != .monday && weekday != .tuesday)
                    }
                }
                // the published document recomputes to the same allocation, and a changed input does not
                var published: DrawDocument?
                try await app.testing().test(.GET, "/api/v1/draws/\(window.id!)") { res in
                    published = try res.content.decode(DrawDocument.self)
                }
                let document = try #require(published)
                #expect(document.seed != nil && document.allocations.count == 2 && document.requests.count == 2)
                #expect(DrawVerifier.verify(document).matches)
                // forged: the two people's seats swapped
                let swapped = [
                    DrawAllocation(
                        requestNumber: document.allocations[0].requestNumber, slotID: document.allocations[1].slotID,
                        seat: document.allocations[1].seat),
                    DrawAllocation(
                        requestNumber: document.allocations[1].requestNumber, slotID: document.allocations[0].slotID,
                        seat: document.allocations[0].seat),
                ]
                let forged = DrawDocument(
                    id: document.id, procedure: document.procedure, opensAt: document.opensAt,
                    closesAt: document.closesAt, commitment: document.commitment, seed: document.seed,
                    requests: document.requests, seats: document.seats, allocations: swapped)
                #expect(!DrawVerifier.verify(forged).matches)
                // the convocation emails went out
                #expect(
                    try await OutboxMessage.query(on: app.db).filter(\.$recipient == "chidi@example.org").count() == 3)
                let allocation = try await Fixture.lastMail(app, to: "chidi@example.org")
                #expect(
                    allocation.text.contains(
                        "Le tirage au sort du lundi 7 décembre 2026 vous a attribué un rendez-vous pour votre demande \(urgent)."
                    ))
                #expect(allocation.text.contains("/api/v1/draws/\(window.id!)"))
                #expect(allocation.attachments.first?.content.contains("METHOD:PUBLISH") == true)
            }
        }

        @Test func aRequestWithoutASeatStaysForTheNextDraw() async throws {
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock) { app in
                let draws = DrawService(db: app.db, services: app.guichet, logger: app.logger)
                try await draws.ensureWindows()
                let window = try #require(
                    try await DrawService.openWindow(procedureID: "renewal", now: clock.now(), on: app.db))
                let number = try await submitAndConfirm(
                    app, Fixture.applicant(), unavailable: ["monday", "tuesday", "wednesday", "thursday"])
                // no seat on Fridays in the offered fortnight
                try await app.db.sql.raw("UPDATE slots SET closed = \(bind: true)").run()
                clock.set(window.closesAt)
                try await draws.runDue()
                let request = try #require(
                    try await ApplicantRequest.query(on: app.db).filter(\.$number == number).first())
                #expect(request.status == ApplicantRequest.Status.waiting)
                #expect(request.tier == 2)
                let last = try await Fixture.lastMail(app)
                #expect(last.text.contains(number) && last.subject.contains("pas de place"))
                // the next week's window opens and the request is still there for it
                #expect(try await draws.ensureWindows() >= 1)
                #expect(try await DrawService.openWindow(procedureID: "renewal", now: clock.now(), on: app.db) != nil)
            }
        }

        @Test func onePersonHoldsOneAppointmentOrRequest() async throws {
            try await withGuichetApp { app in
                try await DrawService(db: app.db, services: app.guichet, logger: app.logger).ensureWindows()
                // an appointment in release mode…
                let slot = try await Fixture.slot(app)
                try await app.testing().test(
                    .POST, "/api/v1/appointments",
                    beforeRequest: { req in
                        req.json(Fixture.holdBody(slotID: slot.id!, applicant: Fixture.applicant()))
                    }, afterResponse: { res in #expect(res.status == .accepted) })
                // …so no request for the same person, nor with the same email
                for (applicant, code) in [
                    (Fixture.applicant(email: "another@example.org"), "duplicate_identity"),
                    (Fixture.applicant(family: "Haddad", given: "Omar"), "duplicate_email"),
                ] {
                    try await app.testing().test(
                        .POST, "/api/v1/requests",
                        beforeRequest: { req in
                            req.json(Self.body(applicant))
                        },
                        afterResponse: { res in
                            #expect(res.errorCode == code, "\(res.body.string)")
                        })
                }
            }
        }

        @Test func aWithdrawnRequestFreesThePerson() async throws {
            try await withGuichetApp { app in
                try await DrawService(db: app.db, services: app.guichet, logger: app.logger).ensureWindows()
                let number = try await submitAndConfirm(app, Fixture.applicant())
                let token = try #require(lastToken)
                try await app.testing().test(
                    .GET, "/api/v1/requests/\(number)", headers: ["Authorization": "Bearer \(token)"]
                ) { res in
                    #expect(res.json["status"] as? String == "waiting")
                }
                try await app.testing().test(
                    .DELETE, "/api/v1/requests/\(number)", headers: ["Authorization": "Bearer \(token)"]
                ) { res in
                    #expect(res.json["status"] as? String == "withdrawn")
                }
                try await app.testing().test(
                    .DELETE, "/api/v1/requests/\(number)", headers: ["Authorization": "Bearer wrong"]
                ) { res in
                    #expect(res.status == .unauthorized)
                }
                // the same person may ask again
                _ = try await submitAndConfirm(app, Fixture.applicant())
            }
        }

        @Test func requestsAreRefusedOutsideDrawModeOrWindowsOrWithBadDays() async throws {
            try await withGuichetApp { app in
                try await app.testing().test(
                    .POST, "/api/v1/requests",
                    beforeRequest: { req in
                        req.json(Self.body(Fixture.applicant()))
                    }, afterResponse: { res in #expect(res.errorCode == "no_open_window") })
                try await DrawService(db: app.db, services: app.guichet, logger: app.logger).ensureWindows()
                try await app.testing().test(
                    .POST, "/api/v1/requests",
                    beforeRequest: { req in
                        req.json(Self.body(Fixture.applicant(), procedure: "ten-year-renewal"))
                    }, afterResponse: { res in #expect(res.errorCode == "procedure_not_drawn") })
                // a release-mode procedure takes a ticket for its lotteries at any time
                try await app.testing().test(
                    .POST, "/api/v1/requests",
                    beforeRequest: { req in
                        req.json(Self.body(Fixture.applicant(), procedure: "first-application"))
                    }, afterResponse: { res in #expect(res.status == .accepted && res.json["manageToken"] != nil) })
                try await app.testing().test(
                    .POST, "/api/v1/requests",
                    beforeRequest: { req in
                        req.json(Self.body(Fixture.applicant(), unavailable: ["sunday"]))
                    },
                    afterResponse: { res in
                        #expect(res.status == .badRequest)
                        #expect(res.errorCode == "validation_failed")
                    })
                try await app.testing().test(.GET, "/api/v1/draws/nope") { res in #expect(res.status == .notFound) }
            }
        }

        /// The API takes what the request form takes: the expiry of the permit or visa for a draw (not for a
        /// lottery's ticket), at most four unavailable working days; the same words in its errors as on the page.
        @Test func theAPIAsksWhatTheDrawFormAsks() async throws {
            try await withGuichetApp { app in
                try await DrawService(db: app.db, services: app.guichet, logger: app.logger).ensureWindows()
                func error(_ res: TestingHTTPResponse) -> [String: Any] { res.json["error"] as? [String: Any] ?? [:] }
                try await app.testing().test(
                    .POST, "/api/v1/requests",
                    beforeRequest: { req in
                        req.headers.replaceOrAdd(name: .acceptLanguage, value: "en")
                        req.json(Self.body(Fixture.applicant(), permitExpiry: nil))
                    },
                    afterResponse: { res in
                        #expect(res.status == .badRequest && res.errorCode == "validation_failed")
                        #expect(error(res)["field"] as? String == "applicant.permitExpiry")
                        #expect(error(res)["message"] as? String == "Give the expiry date of your permit or visa.")
                    })
                try await app.testing().test(
                    .POST, "/api/v1/requests",
                    beforeRequest: { req in
                        req.json(
                            Self.body(
                                Fixture.applicant(),
                                unavailable: ["Monday", "tuesday", "wednesday", "thursday", "friday"]
                            ))
                    },
                    afterResponse: { res in
                        #expect(res.status == .badRequest && res.errorCode == "validation_failed")
                        #expect(error(res)["field"] as? String == "unavailableWeekdays")
                    })
                // four days, one named twice, leave a day: accepted
                try await app.testing().test(
                    .POST, "/api/v1/requests",
                    beforeRequest: { req in
                        req.json(
                            Self.body(
                                Fixture.applicant(),
                                unavailable: ["monday", "MONDAY", "tuesday", "wednesday", "thursday"]))
                    }, afterResponse: { res in #expect(res.status == .accepted) })
                // a lottery's ticket needs no expiry
                try await app.testing().test(
                    .POST, "/api/v1/requests",
                    beforeRequest: { req in
                        req.json(
                            Self.body(
                                Fixture.applicant(family: "Haddad", given: "Omar", email: "omar@example.org"),
                                procedure: "first-application", permitExpiry: nil))
                    }, afterResponse: { res in #expect(res.status == .accepted) })
            }
        }

        // MARK: helpers

        nonisolated(unsafe) static var tokens: [String] = []
        var lastToken: String? { Self.tokens.last }

        /// A permit far from lapsing: a draw's request must give one, and this one gives no priority.
        static let distantExpiry = "2031-01-31"

        static func body(
            _ applicant: [String: Any], procedure: String = "renewal", unavailable: [String] = [],
            permitExpiry: String? = distantExpiry
        ) -> Data {
            var applicant = applicant
            if let permitExpiry { applicant["permitExpiry"] = permitExpiry }
            return try! JSONSerialization.data(withJSONObject: [
                "procedure": procedure, "applicant": applicant,
                "unavailableWeekdays": unavailable,
            ])
        }

        func submitAndConfirm(
            _ app: Application, _ applicant: [String: Any], unavailable: [String] = [],
            permitExpiry: String? = distantExpiry, procedure: String = "renewal"
        ) async throws -> String {
            var number = ""
            try await app.testing().test(
                .POST, "/api/v1/requests",
                beforeRequest: { req in
                    req.json(
                        Self.body(applicant, procedure: procedure, unavailable: unavailable, permitExpiry: permitExpiry)
                    )
                },
                afterResponse: { res in
                    #expect(res.status == .accepted, "\(res.body.string)")
                    number = res.json["number"] as? String ?? ""
                })
            let code = try await Fixture.lastCode(app, to: applicant["email"] as! String)
            try await app.testing().test(
                .POST, "/api/v1/requests/\(number)/confirm",
                beforeRequest: { req in
                    req.json(Data(#"{"code":"\#(code)"}"#.utf8))
                },
                afterResponse: { res in
                    #expect(res.json["status"] as? String == "waiting", "\(res.body.string)")
                    Self.tokens.append(res.json["manageToken"] as? String ?? "")
                })
            return number
        }
    }
}
