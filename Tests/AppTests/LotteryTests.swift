import Fluent
import Foundation
import GuichetCore
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    /// Release lotteries (`docs/decisions/0013`): a release's seats go to a lottery among every waiting ticket of the
    /// procedure (asked in its window or before), drawn verifiably at its end; the winners confirm with the emailed
    /// code; the others stay for the next lottery; seats left are first come.
    @Suite struct LotteryTests {
        /// Releases of 3 seats for first applications, each followed by a 30-minute lottery.
        static let policy = ReleasePolicy(
            windows: [
                ReleaseWindow(
                    weekdays: [.monday, .tuesday, .wednesday, .thursday, .friday],
                    hours: TimeRange("08:00-18:00")!)
            ],
            releasesPerWeek: 3, seatsPerRelease: 3, minimumLeadHours: 24, lotteryMinutes: 30)

        @Test func aReleaseGoesToALotteryAmongEveryoneWhoAsks() async throws {
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock) { app in
                // setup: no seat on offer; one person asks before any release, then a release due now
                try await Self.prepare(app, clock: clock)
                let early = try await Self.ask(app, family: "Zidane")
                let lottery = try await Self.release(app, clock: clock, prepared: true)
                #expect(lottery.kind == .releaseLottery)
                #expect(lottery.closesAt == clock.now().addingTimeInterval(30 * 60))
                let held = try await Slot.query(on: app.db).filter(\.$lotteryWindowID == lottery.id!).all()
                #expect(held.map(\.released).reduce(0, +) == 3)
                // the seats cannot be taken first come, and availability does not offer them
                try await app.testing().test(
                    .POST, "/api/v1/appointments",
                    beforeRequest: { req in
                        req.json(Fixture.holdBody(slotID: held[0].id!, applicant: Fixture.applicant()))
                    },
                    afterResponse: { res in
                        #expect(res.status == .conflict)
                        #expect(res.errorCode == "lottery_open")
                    })
                try await app.testing().test(.GET, "/api/v1/procedures/first-application/availability") { res in
                    #expect(!res.body.string.contains("\"id\":\(held[0].id!),"))
                }
                // nor through the booking page: the same rule refuses it there
                var formClient = PageClient(app)
                let heldForm = try await formClient.get(SitePath.book("first-application", slot: held[0].id!))
                #expect(heldForm.status == .conflict)
                #expect(heldForm.html.contains("Ce créneau n&#39;est plus disponible"))
                // the procedures list and the page announce the lottery and its result time
                try await app.testing().test(.GET, "/api/v1/procedures") { res in
                    let procedures =
                        try JSONSerialization.jsonObject(with: Data(buffer: res.body)) as? [[String: Any]] ?? []
                    let first = procedures.first { $0["id"] as? String == "first-application" }
                    #expect((first?["lottery"] as? [String: Any])?["id"] as? String == lottery.id)
                }
                var browser = PageClient(app)
                let page = try await browser.get("/procedures/first-application")
                #expect(page.html.contains("id=\"lottery-link\"") && page.html.contains(lottery.commitment))

                // act: five more people ask, at different moments of the window, through the API and the page
                var tickets: [String: String] = [:]
                for (index, name) in ["Amrani", "Barry", "Costa", "Demir"].enumerated() {
                    if index > 0 { clock.advance(by: 300) }
                    let ticket = try await Self.ask(app, family: name)
                    tickets[ticket.number] = ticket.token
                }
                let form = try await browser.get("/procedures/first-application/request")
                #expect(form.status == .ok && form.html.contains("id=\"lottery-closes\""))
                let asked = try await browser.post(
                    "/procedures/first-application/request", Self.formFields(family: "Erdogan"))
                #expect(asked.status == .seeOther)
                let ticketPage = try await browser.get(try #require(asked.location))
                #expect(ticketPage.html.contains("data-status=\"waiting\""))
                // one ticket per person: the same person again is refused
                try await app.testing().test(
                    .POST, "/api/v1/requests",
                    beforeRequest: { req in
                        req.json(Self.body(family: "Amrani", email: "other@example.org"))
                    }, afterResponse: { res in #expect(res.errorCode == "duplicate_identity") })

                // the window closes: three of the six (the early one included) win a held seat and a code
                clock.set(lottery.closesAt)
                let draws = DrawService(db: app.db, services: app.guichet, logger: app.logger)
                #expect(try await draws.runDue() == [lottery.id!])
                let entries = try await ApplicantRequest.query(on: app.db).filter(
                    \.$kindValue == DrawKind.releaseLottery.rawValue
                ).all()
                #expect(entries.count == 6)
                let winners = entries.filter { $0.status == ApplicantRequest.Status.allocated }
                let losers = entries.filter { $0.status == ApplicantRequest.Status.waiting }
                #expect(winners.count == 3 && losers.count == 3)
                for winner in winners {
                    let appointment = try #require(try await Appointment.find(winner.appointmentID, on: app.db))
                    #expect(appointment.status == .pending && appointment.channel == "lottery")
                    #expect(appointment.holdExpiresAt == clock.now().addingTimeInterval(ReleaseLottery.confirmWindow))
                    #expect(try await Fixture.lastMail(app, to: winner.email).subject.contains("code"))
                }
                for loser in losers {
                    // they stay for the next lottery, without an email each time; their page says so
                    #expect(loser.windowID == lottery.id)
                    #expect(
                        try await Fixture.lastMail(app, to: loser.email).subject.contains("Tirage au sort des places"))
                    #expect(
                        try await ActiveClaim.query(on: app.db).filter(\.$holderID == loser.id!.uuidString).count() > 0)
                }
                #expect(try await Slot.query(on: app.db).filter(\.$lotteryWindowID == lottery.id!).count() == 0)

                // the published document recomputes to the same allocation
                var published: DrawDocument?
                try await app.testing().test(.GET, "/api/v1/draws/\(lottery.id!)") { res in
                    published = try res.content.decode(DrawDocument.self)
                }
                let document = try #require(published)
                #expect(document.kind == .releaseLottery && document.requests.count == 6 && document.seats.count == 3)
                #expect(document.requests.map(\.number).contains(early.number))
                #expect(DrawVerifier.verify(document).matches)
                #expect(Set(document.allocations.map(\.requestNumber)) == Set(winners.map(\.number)))

                // a winner confirms with the emailed code, as any hold
                let winner = winners[0]
                let code = try await Fixture.lastCode(app, to: winner.email)
                try await app.testing().test(
                    .POST, "/api/v1/appointments/\(winner.appointmentID!.uuidString)/confirm",
                    beforeRequest: { req in req.json(Data(#"{"code":"\#(code)"}"#.utf8)) },
                    afterResponse: { res in #expect(res.status == .ok, "\(res.body.string)") })
                // a winner who never confirms gives the seat back to planned after twelve hours, not to a loser
                clock.advance(by: ReleaseLottery.confirmWindow + 1)
                #expect(
                    try await BookingService(db: app.db, services: app.guichet, logger: app.logger).expireHolds() == 2)
                try await ConfigPagesTests.expectSeatInvariants(app)
                #expect(try await Slot.query(on: app.db).filter(\.$lotteryWindowID == lottery.id!).count() == 0)
                // the losers are in the next release's lottery without asking again
                try await Release(procedureID: "first-application", weekStart: "test-2", dueAt: clock.now()).create(
                    on: app.db)
                try await ReleaseService(db: app.db, services: app.guichet, logger: app.logger).runDue()
                let next = try #require(
                    try await DrawService.openLottery(procedureID: "first-application", now: clock.now(), on: app.db))
                clock.set(next.closesAt)
                try await draws.runDue()
                let second = try #require(try await DrawService.document(id: next.id!, on: app.db))
                #expect(Set(second.requests.map(\.number)) == Set(losers.map(\.number)))
                var loserPage = PageClient(app)
                let lostOnce = losers.first { loser in !second.allocations.contains { $0.requestNumber == loser.number }
                }
                if let lostOnce, let token = tickets[lostOnce.number] {
                    #expect(
                        try await loserPage.get("/requests/\(lostOnce.number)?token=\(token)").html.contains(
                            "id=\"last-lottery\""))
                }
            }
        }

        @Test func seatsNobodyAskedForAreFirstComeAfterTheLottery() async throws {
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock) { app in
                let lottery = try await Self.release(app, clock: clock)
                _ = try await Self.ask(app, family: "Amrani")
                clock.set(lottery.closesAt)
                try await DrawService(db: app.db, services: app.guichet, logger: app.logger).runDue()
                // two seats left: anyone may book one now
                let free = try await Slot.query(on: app.db).filter(\.$released > 0).all().filter { $0.remaining > 0 }
                #expect(free.count == 2)
                try await app.testing().test(
                    .POST, "/api/v1/appointments",
                    beforeRequest: { req in
                        req.json(
                            Fixture.holdBody(
                                slotID: free[0].id!,
                                applicant: Fixture.applicant(family: "Barry", email: "barry@example.org")))
                    }, afterResponse: { res in #expect(res.status == .accepted, "\(res.body.string)") })
            }
        }

        @Test func aSecondReleaseDuringTheLotteryJoinsItAndATicketAtTheCloseWaitsForTheNext() async throws {
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock) { app in
                let lottery = try await Self.release(app, clock: clock)
                clock.advance(by: 600)
                try await Release(procedureID: "first-application", weekStart: "test-2", dueAt: clock.now()).create(
                    on: app.db)
                let performed = try await ReleaseService(db: app.db, services: app.guichet, logger: app.logger).runDue()
                #expect(performed.map(\.seats) == [3])
                #expect(try await SeatLedger.lotterySeats(window: lottery.id!, on: app.db).count == 6)
                #expect(
                    try await DrawWindow.query(on: app.db).filter(\.$kindValue == DrawKind.releaseLottery.rawValue)
                        .count() == 1)
                // at the close, a ticket is still taken, for the next lottery
                clock.set(lottery.closesAt)
                try await app.testing().test(
                    .POST, "/api/v1/requests",
                    beforeRequest: { req in
                        req.json(Self.body(family: "Late"))
                    },
                    afterResponse: { res in
                        #expect(res.status == .accepted)
                        #expect(res.json["lottery"] == nil)
                    })
                try await DrawService(db: app.db, services: app.guichet, logger: app.logger).runDue()
                let document = try #require(try await DrawService.document(id: lottery.id!, on: app.db))
                #expect(document.requests.isEmpty)
                let late = try #require(
                    try await ApplicantRequest.query(on: app.db).filter(\.$familyName == "Late").first())
                #expect(late.status == ApplicantRequest.Status.waiting && late.windowID == nil)
            }
        }

        @Test func aPolicyWithoutALotteryStaysFirstCome() async throws {
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock) { app in
                let plain = ReleasePolicy(
                    windows: Self.policy.windows, releasesPerWeek: 3, seatsPerRelease: 3,
                    minimumLeadHours: 24, lotteryMinutes: 0)
                try await Self.prepare(app, clock: clock, policy: plain)
                let performed = try await ReleaseService(db: app.db, services: app.guichet, logger: app.logger).runDue()
                #expect(performed.map(\.seats) == [3])
                #expect(
                    try await DrawWindow.query(on: app.db).filter(\.$kindValue == DrawKind.releaseLottery.rawValue)
                        .count() == 0)
                let free = try await Slot.query(on: app.db).filter(\.$released > 0).first()
                try await app.testing().test(
                    .POST, "/api/v1/appointments",
                    beforeRequest: { req in
                        req.json(Fixture.holdBody(slotID: free!.id!, applicant: Fixture.applicant()))
                    }, afterResponse: { res in #expect(res.status == .accepted) })
            }
        }

        // MARK: helpers

        /// Nothing on offer, the test policy for first applications only, a release due now.
        static func prepare(_ app: Application, clock: TestClock, policy: ReleasePolicy = policy) async throws {
            try await app.db.sql.raw("UPDATE slots SET released = 0 WHERE taken = 0").run()
            try await Release.query(on: app.db).delete()
            try await ReleasePolicyRecord.query(on: app.db).delete()
            try await ReleasePolicyRecord(procedureID: "first-application", policy: policy).create(on: app.db)
            try await Release(procedureID: "first-application", weekStart: "test", dueAt: clock.now()).create(
                on: app.db)
        }

        /// Performs the due release and returns the lottery it opened.
        static func release(_ app: Application, clock: TestClock, prepared: Bool = false) async throws -> DrawWindow {
            if !prepared { try await prepare(app, clock: clock) }
            let performed = try await ReleaseService(db: app.db, services: app.guichet, logger: app.logger).runDue()
            #expect(performed.map(\.seats) == [3])
            return try #require(
                try await DrawService.openLottery(procedureID: "first-application", now: clock.now(), on: app.db))
        }

        static func body(family: String, email: String? = nil) -> Data {
            let applicant = Fixture.applicant(
                family: family, given: "Samir", email: email ?? "\(family.lowercased())@example.org")
            return try! JSONSerialization.data(withJSONObject: [
                "procedure": "first-application", "applicant": applicant,
            ])
        }

        static func ask(_ app: Application, family: String) async throws -> (number: String, token: String) {
            var ticket = ("", "")
            try await app.testing().test(
                .POST, "/api/v1/requests",
                beforeRequest: { req in
                    req.json(body(family: family))
                },
                afterResponse: { res in
                    #expect(res.status == .accepted, "\(res.body.string)")
                    #expect(res.json["status"] as? String == "waiting")
                    #expect(res.headers.first(name: .cacheControl) == "no-store")
                    #expect((res.json["number"] as? String)?.hasPrefix("L-") == true)
                    ticket = (res.json["number"] as? String ?? "", res.json["manageToken"] as? String ?? "")
                })
            return ticket
        }

        static func formFields(family: String) -> [(String, String)] {
            [
                ("family_name", family), ("given_names", "Samir"), ("birth_date", "1988-04-12"), ("nationality", "DZA"),
                ("email", "\(family.lowercased())@example.org"),
            ]
        }
    }
}
