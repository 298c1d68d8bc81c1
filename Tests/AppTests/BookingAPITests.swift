import Fluent
import Foundation
import GuichetCore
import Testing
import VaporTesting

@testable import App

extension AppTests {
    @Suite struct BookingAPITests {
        @Test func holdConfirmAndCancelReturnTheSeatToPlanned() async throws {
            try await withGuichetApp { app in
                // setup
                let slot = try await Fixture.slot(app)
                var holdID = ""
                // act: hold
                try await app.testing().test(
                    .POST, "/api/v1/appointments",
                    beforeRequest: { req in
                        req.json(Fixture.holdBody(slotID: slot.id!, applicant: Fixture.applicant()))
                    },
                    afterResponse: { res in
                        #expect(res.status == .accepted)
                        #expect(res.json["status"] as? String == "pending")
                        let expires = try #require(res.json["expiresAt"] as? String)
                        #expect(ParisTime.parseISO8601(expires) == testStart.addingTimeInterval(15 * 60))
                        holdID = try #require(res.json["id"] as? String)
                    })
                let code = try await Fixture.lastCode(app, to: "karima.benali@example.org")
                // act: confirm
                var token = ""
                try await app.testing().test(
                    .POST, "/api/v1/appointments/\(holdID)/confirm",
                    beforeRequest: { req in
                        req.json(Data(#"{"code":"\#(code)"}"#.utf8))
                    },
                    afterResponse: { res in
                        #expect(res.status == .ok)
                        #expect(res.json["status"] as? String == "confirmed")
                        #expect((res.json["convocationCode"] as? String)?.count == 11)
                        let slotJSON = try #require(res.json["slot"] as? [String: Any])
                        #expect(slotJSON["counter"] as? String == "mtp-1")
                        token = try #require(res.json["manageToken"] as? String)
                    })
                // check: the confirmation email carries the manage token
                let confirmation = try await Fixture.lastMail(app)
                #expect(
                    confirmation.text.contains("token=\(token)")
                        && confirmation.html?.contains("token=\(token)") == true)
                #expect(confirmation.attachments.first?.content.contains("UID:\(holdID.lowercased())@") == true)
                // act: read and cancel with the token
                try await app.testing().test(
                    .GET, "/api/v1/appointments/\(holdID)", headers: ["Authorization": "Bearer \(token)"]
                ) { res in
                    #expect(res.status == .ok)
                    #expect(res.json["familyName"] as? String == "Benali")
                }
                try await app.testing().test(
                    .DELETE, "/api/v1/appointments/\(holdID)", headers: ["Authorization": "Bearer \(token)"]
                ) { res in
                    #expect(res.status == .ok)
                    #expect(res.json["status"] as? String == "cancelled")
                }
                // check: the seat left the offer; nobody can book it until a release
                let after = try #require(try await Slot.find(slot.id!, on: app.db))
                #expect(after.taken == 0)
                #expect(after.released == 0)
                #expect(after.state == "planned")
                try await app.testing().test(
                    .POST, "/api/v1/appointments",
                    beforeRequest: { req in
                        req.json(
                            Fixture.holdBody(
                                slotID: slot.id!,
                                applicant: Fixture.applicant(
                                    family: "Petrova", given: "Anna", email: "anna@example.org")))
                    },
                    afterResponse: { res in
                        #expect(res.status == .conflict)
                        #expect(res.errorCode == "slot_not_released")
                    })
                // check: cancelling twice is refused
                try await app.testing().test(
                    .DELETE, "/api/v1/appointments/\(holdID)", headers: ["Authorization": "Bearer \(token)"]
                ) { res in
                    #expect(res.errorCode == "already_cancelled")
                }
            }
        }

        @Test func wrongTokenIsUnauthorizedAndUnknownIDNotFound() async throws {
            try await withGuichetApp { app in
                let slot = try await Fixture.slot(app)
                let (id, _) = try await confirmedAppointment(app, slotID: slot.id!)
                try await app.testing().test(
                    .DELETE, "/api/v1/appointments/\(id)", headers: ["Authorization": "Bearer nope"]
                ) { res in
                    #expect(res.status == .unauthorized)
                    #expect(res.errorCode == "unauthorized")
                }
                try await app.testing().test(.DELETE, "/api/v1/appointments/\(id)") { res in
                    #expect(res.status == .unauthorized)
                }
                try await app.testing().test(
                    .DELETE, "/api/v1/appointments/\(UUID().uuidString)", headers: ["Authorization": "Bearer x"]
                ) { res in
                    #expect(res.status == .notFound)
                    #expect(res.errorCode == "not_found")
                }
                try await app.testing().test(
                    .POST, "/api/v1/appointments/not-a-uuid/confirm",
                    beforeRequest: { req in
                        req.json(Data(#"{"code":"123456"}"#.utf8))
                    },
                    afterResponse: { res in
                        #expect(res.status == .notFound)
                    })
            }
        }

        @Test func fiveWrongCodesCancelTheHold() async throws {
            try await withGuichetApp { app in
                let slot = try await Fixture.slot(app)
                let id = try await hold(app, slotID: slot.id!)
                let code = try await Fixture.lastCode(app, to: "karima.benali@example.org")
                let wrong = code == "000000" ? "111111" : "000000"
                for attempt in 1...5 {
                    try await app.testing().test(
                        .POST, "/api/v1/appointments/\(id)/confirm",
                        beforeRequest: { req in
                            req.json(Data(#"{"code":"\#(wrong)"}"#.utf8))
                        },
                        afterResponse: { res in
                            if attempt < 5 {
                                #expect(res.status == .unprocessableEntity)
                                #expect(res.errorCode == "invalid_code")
                            } else {
                                #expect(res.status == .gone)
                                #expect(res.errorCode == "hold_cancelled")
                            }
                        })
                }
                // the right code no longer helps, and the seat went back to planned
                try await app.testing().test(
                    .POST, "/api/v1/appointments/\(id)/confirm",
                    beforeRequest: { req in
                        req.json(Data(#"{"code":"\#(code)"}"#.utf8))
                    },
                    afterResponse: { res in
                        #expect(res.errorCode == "hold_cancelled")
                    })
                let after = try #require(try await Slot.find(slot.id!, on: app.db))
                #expect(after.taken == 0 && after.released == 0)
            }
        }

        @Test func anUnconfirmedHoldExpiresAndItsSeatIsNotResold() async throws {
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock) { app in
                let slot = try await Fixture.slot(app)
                let id = try await hold(app, slotID: slot.id!)
                let code = try await Fixture.lastCode(app, to: "karima.benali@example.org")
                // 15 minutes later the sweeper expires it
                clock.advance(by: 15 * 60)
                let expired = try await BookingService(db: app.db, services: app.guichet, logger: app.logger)
                    .expireHolds()
                #expect(expired == 1)
                let after = try #require(try await Slot.find(slot.id!, on: app.db))
                #expect(after.taken == 0 && after.released == 0)
                try await app.testing().test(
                    .POST, "/api/v1/appointments/\(id)/confirm",
                    beforeRequest: { req in
                        req.json(Data(#"{"code":"\#(code)"}"#.utf8))
                    },
                    afterResponse: { res in
                        #expect(res.status == .gone)
                        #expect(res.errorCode == "hold_expired")
                    })
                // the same person may book again: the expired hold no longer counts as active
                let other = try await Fixture.slot(app, daysAhead: 4)
                _ = try await hold(app, slotID: other.id!)
            }
        }

        @Test func aLateCodeFindsTheHoldExpiredEvenBeforeTheSweeper() async throws {
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock) { app in
                let slot = try await Fixture.slot(app)
                let id = try await hold(app, slotID: slot.id!)
                let code = try await Fixture.lastCode(app, to: "karima.benali@example.org")
                clock.advance(by: 15 * 60 + 1)
                try await app.testing().test(
                    .POST, "/api/v1/appointments/\(id)/confirm",
                    beforeRequest: { req in
                        req.json(Data(#"{"code":"\#(code)"}"#.utf8))
                    },
                    afterResponse: { res in
                        #expect(res.errorCode == "hold_expired")
                    })
                let after = try #require(try await Slot.find(slot.id!, on: app.db))
                #expect(after.taken == 0 && after.released == 0)
            }
        }

        @Test func oneActiveAppointmentPerIdentityEmailAndPhone() async throws {
            try await withGuichetApp { app in
                let first = try await Fixture.slot(app, daysAhead: 3)
                let second = try await Fixture.slot(app, daysAhead: 4)
                _ = try await hold(app, slotID: first.id!, applicant: Fixture.applicant(phone: "06 12 34 56 78"))
                // same person, names typed differently, another email
                let sameIdentity = Fixture.applicant(family: "BENALI", given: "karima", email: "other@example.org")
                try await expectHoldRefused(
                    app, slotID: second.id!, applicant: sameIdentity, code: "duplicate_identity")
                // another person, same Gmail-style email key
                let sameEmail = Fixture.applicant(
                    family: "Haddad", given: "Omar", email: "Karima.Benali+rdv@example.org")
                try await expectHoldRefused(app, slotID: second.id!, applicant: sameEmail, code: "duplicate_email")
                let samePhone = Fixture.applicant(
                    family: "Haddad", given: "Omar", email: "omar@example.org", phone: "+33612345678")
                try await expectHoldRefused(app, slotID: second.id!, applicant: samePhone, code: "duplicate_phone")
                // a refused hold did not take the seat
                let after = try #require(try await Slot.find(second.id!, on: app.db))
                #expect(after.taken == 0 && after.released == 1)
            }
        }

        @Test func foreignNumberIsTheIdentityWhenGiven() async throws {
            try await withGuichetApp { app in
                let first = try await Fixture.slot(app, daysAhead: 3)
                let second = try await Fixture.slot(app, daysAhead: 4)
                _ = try await hold(app, slotID: first.id!, applicant: Fixture.applicant(foreignNumber: "0123456789"))
                let renamed = Fixture.applicant(
                    family: "Haddad", given: "Omar", email: "omar@example.org", foreignNumber: "01 2345 6789")
                try await expectHoldRefused(app, slotID: second.id!, applicant: renamed, code: "duplicate_identity")
                // leaving the number out does not make the same person someone else
                let withoutNumber = Fixture.applicant(email: "karima.b@example.org")
                try await expectHoldRefused(
                    app, slotID: second.id!, applicant: withoutNumber, code: "duplicate_identity")
            }
        }

        @Test func wrongCounterFullSlotAndUnreleasedSlotAreRefused() async throws {
            try await withGuichetApp { app in
                // mtp-2 serves renewal and duplicate, not first applications
                let wrongCounter = try await Fixture.slot(app, counter: "mtp-2")
                try await expectHoldRefused(
                    app, slotID: wrongCounter.id!, applicant: Fixture.applicant(), code: "wrong_counter")
                let planned = try await Fixture.slot(app, daysAhead: 5, released: 0)
                try await expectHoldRefused(
                    app, slotID: planned.id!, applicant: Fixture.applicant(), code: "slot_not_released")
                let single = try await Fixture.slot(app, daysAhead: 6)
                _ = try await hold(app, slotID: single.id!)
                let other = Fixture.applicant(family: "Ivanova", given: "Olga", email: "olga@example.org")
                try await expectHoldRefused(app, slotID: single.id!, applicant: other, code: "slot_full")
                try await expectHoldRefused(app, slotID: 999_999, applicant: other, code: "not_found")
                // walk-in procedures are not booked
                try await app.testing().test(
                    .POST, "/api/v1/appointments",
                    beforeRequest: { req in
                        req.json(Fixture.holdBody(procedure: "ten-year-renewal", slotID: single.id!, applicant: other))
                    },
                    afterResponse: { res in
                        #expect(res.errorCode == "procedure_not_bookable")
                    })
            }
        }

        @Test func aPastSlotCannotBeBooked() async throws {
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock) { app in
                let slot = try await Fixture.slot(app, daysAhead: 1)
                clock.advance(by: 3 * 86_400)
                try await expectHoldRefused(app, slotID: slot.id!, applicant: Fixture.applicant(), code: "slot_in_past")
            }
        }

        /// The code typed as a mail program may show it, "123 456", confirms through the API as on the page
        /// (`BookingRules.typedCode`, one rule for both).
        @Test func aCodeTypedWithSpacesConfirmsThroughTheAPIAsOnThePage() async throws {
            try await withGuichetApp { app in
                let slot = try await Fixture.slot(app)
                let id = try await hold(app, slotID: slot.id!)
                let code = try await Fixture.lastCode(app, to: "karima.benali@example.org")
                let spaced = String(code.prefix(3)) + " " + String(code.dropFirst(3))
                try await app.testing().test(
                    .POST, "/api/v1/appointments/\(id)/confirm",
                    beforeRequest: { req in req.json(Data(#"{"code":" \#(spaced) "}"#.utf8)) },
                    afterResponse: { res in
                        #expect(res.status == .ok, "\(res.body.string)")
                        #expect(res.json["status"] as? String == "confirmed")
                    })
            }
        }

        // MARK: helpers

        func hold(_ app: Application, slotID: Int, applicant: [String: Any] = Fixture.applicant()) async throws
            -> String
        {
            var id = ""
            try await app.testing().test(
                .POST, "/api/v1/appointments",
                beforeRequest: { req in
                    req.json(Fixture.holdBody(slotID: slotID, applicant: applicant))
                },
                afterResponse: { res in
                    #expect(res.status == .accepted, "hold refused: \(res.body.string)")
                    id = res.json["id"] as? String ?? ""
                })
            return id
        }

        func confirmedAppointment(_ app: Application, slotID: Int) async throws -> (id: String, token: String) {
            let id = try await hold(app, slotID: slotID)
            let code = try await Fixture.lastCode(app, to: "karima.benali@example.org")
            var token = ""
            try await app.testing().test(
                .POST, "/api/v1/appointments/\(id)/confirm",
                beforeRequest: { req in
                    req.json(Data(#"{"code":"\#(code)"}"#.utf8))
                },
                afterResponse: { res in
                    token = res.json["manageToken"] as? String ?? ""
                })
            return (id, token)
        }

        func expectHoldRefused(
            _ app: Application, slotID: Int, applicant: [String: Any], code: String,
            sourceLocation: SourceLocation = #_sourceLocation
        ) async throws {
            try await app.testing().test(
                .POST, "/api/v1/appointments",
                beforeRequest: { req in
                    req.json(Fixture.holdBody(slotID: slotID, applicant: applicant))
                },
                afterResponse: { res in
                    #expect(res.errorCode == code, "\(res.status) \(res.body.string)", sourceLocation: sourceLocation)
                    #expect(res.status.code >= 400 && res.status.code < 500, sourceLocation: sourceLocation)
                })
        }
    }
}
