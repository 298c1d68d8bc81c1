import Fluent
import Foundation
import GuichetCore
import SQLKit
import Testing
import VaporTesting

@testable import App

extension AppTests {
    /// Randomly timed releases, and the rule that a freed seat waits for a later one.
    @Suite struct ReleaseTests {
        static let policy = ReleasePolicy(
            windows: [
                ReleaseWindow(
                    weekdays: [.monday, .tuesday, .wednesday, .thursday, .friday], hours: TimeRange("08:00-18:00")!)
            ],
            releasesPerWeek: 3, seatsPerRelease: 10, minimumLeadHours: 24, lotteryMinutes: 0)

        @Test func eachWeekIsPlannedOnceWithInstantsInsideTheWindows() async throws {
            try await withGuichetApp { app in
                // setup
                try await Self.onlyPolicy(app)
                let service = ReleaseService(db: app.db, services: app.guichet, logger: app.logger)
                // act
                let drawn = try await service.planWeeks()
                let again = try await service.planWeeks()
                // check: this week (from Tuesday 08:00 on, so some instants may be past) and next week
                #expect(again == 0)
                let releases = try await Release.query(on: app.db).all()
                #expect(drawn == releases.count)
                #expect(releases.filter { $0.weekStart == "2026-12-07" }.count == 3)
                for release in releases where release.performedAt == nil {
                    let date = ParisTime.civilDate(of: release.dueAt)
                    let minute = ParisTime.minuteOfDay(of: release.dueAt)
                    #expect(date.weekday.rawValue <= 5)
                    #expect(minute >= 8 * 60 && minute < 18 * 60)
                    #expect(release.dueAt > testStart)
                }
            }
        }

        @Test func aCancelledSeatCannotBeBookedUntilTheNextRelease() async throws {
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock) { app in
                // setup: every demo seat already on offer, so the only planned seat will be the freed one
                try await app.db.sql.raw("UPDATE slots SET released = capacity").run()
                try await Self.onlyPolicy(app)
                let slot = try await Fixture.slot(app, daysAhead: 6)
                let (id, token) = try await confirmed(app, slotID: slot.id!)
                // act: cancel, then try to take the seat straight away
                try await app.testing().test(
                    .DELETE, "/api/v1/appointments/\(id)", headers: ["Authorization": "Bearer \(token)"]
                ) { res in
                    #expect(res.status == .ok)
                }
                let buyer = Fixture.applicant(family: "Acheteur", given: "Paul", email: "buyer@example.org")
                try await app.testing().test(
                    .POST, "/api/v1/appointments",
                    beforeRequest: { req in
                        req.json(Fixture.holdBody(slotID: slot.id!, applicant: buyer))
                    },
                    afterResponse: { res in
                        #expect(res.errorCode == "slot_not_released")
                    })
                // still not bookable before the release's secret instant
                let service = ReleaseService(db: app.db, services: app.guichet, logger: app.logger)
                try await service.planWeeks()
                #expect(try await service.runDue().isEmpty)
                // check: at the next instant the seat is offered again, to whoever asks
                let next = try #require(
                    try await Release.query(on: app.db).filter(\.$performedAt == nil).sort(\.$dueAt).first())
                clock.set(next.dueAt)
                let performed = try await service.runDue()
                #expect(performed == [ReleaseService.Performed(procedureID: "first-application", seats: 1)])
                #expect(try await Slot.find(slot.id!, on: app.db)?.released == 1)
                try await app.testing().test(
                    .POST, "/api/v1/appointments",
                    beforeRequest: { req in
                        req.json(Fixture.holdBody(slotID: slot.id!, applicant: buyer))
                    },
                    afterResponse: { res in
                        #expect(res.status == .accepted)
                    })
            }
        }

        @Test func aReleaseIsPerformedOnceAndRespectsItsSeatCap() async throws {
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock) { app in
                try await app.db.sql.raw("UPDATE slots SET released = 0 WHERE taken = 0").run()
                try await Self.onlyPolicy(app)
                let service = ReleaseService(db: app.db, services: app.guichet, logger: app.logger)
                try await service.planWeeks()
                let next = try #require(
                    try await Release.query(on: app.db).filter(\.$performedAt == nil).sort(\.$dueAt).first())
                clock.set(next.dueAt.addingTimeInterval(1))
                let first = try await service.runDue()
                #expect(first.map(\.seats) == [10])
                #expect(try await service.runDue().isEmpty)
                // only counters serving the procedure, and nothing within the 24-hour lead
                let released = try await Slot.query(on: app.db).filter(\.$released > 0).all()
                #expect(released.count == 10)
                #expect(released.allSatisfy { ["mtp-1", "mtp-3", "bez-1"].contains($0.$counter.id) })
                #expect(released.allSatisfy { $0.startsAt > clock.now().addingTimeInterval(24 * 3600) })
            }
        }

        /// The test policy for first applications (plain first come, first served), and no other policy or release.
        static func onlyPolicy(_ app: Application) async throws {
            try await Release.query(on: app.db).delete()
            try await ReleasePolicyRecord.query(on: app.db).delete()
            try await ReleasePolicyRecord(procedureID: "first-application", policy: policy).create(on: app.db)
        }

        func confirmed(_ app: Application, slotID: Int) async throws -> (String, String) {
            var id = ""
            try await app.testing().test(
                .POST, "/api/v1/appointments",
                beforeRequest: { req in
                    req.json(Fixture.holdBody(slotID: slotID, applicant: Fixture.applicant()))
                }, afterResponse: { res in id = res.json["id"] as? String ?? "" })
            let code = try await Fixture.lastCode(app, to: "karima.benali@example.org")
            var token = ""
            try await app.testing().test(
                .POST, "/api/v1/appointments/\(id)/confirm",
                beforeRequest: { req in
                    req.json(Data(#"{"code":"\#(code)"}"#.utf8))
                }, afterResponse: { res in token = res.json["manageToken"] as? String ?? "" })
            return (id, token)
        }
    }
}

extension AppTests {
    @Suite struct ExtraSeatsTests {
        @Test func extraCapacityWaitsForTheNextReleaseUnlessReleasedNow() async throws {
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock) { app in
                let day = CivilDate(year: 2026, month: 12, day: 8)!
                let before = try await Slot.query(on: app.db).filter(\.$counter.$id == "mtp-1").all()
                    .filter { ParisTime.civilDate(of: $0.startsAt) == day }
                let extra = ExtraSeats(db: app.db, services: app.guichet)
                let planned = try await extra.open(
                    counterID: "mtp-1", from: day, through: day, kind: .capacity(seats: 1),
                    releaseNow: false, actor: "test")
                #expect(planned == ExtraSeats.Outcome(seatsAdded: before.count, seatsReleased: 0))
                let after = try await Slot.query(on: app.db).filter(\.$id ~~ before.map { $0.id! }).all()
                #expect(after.allSatisfy { $0.capacity == 2 })
                #expect(after.map(\.released).reduce(0, +) == before.map(\.released).reduce(0, +))
                // new hours, released at once: into the lotteries of the counter's procedures, not first come
                let opened = try await extra.open(
                    counterID: "mtp-1", from: day, through: day,
                    kind: .hours(TimeRange("17:00-18:00")!), releaseNow: true, actor: "test")
                #expect(opened.seatsAdded == 3 && opened.seatsReleased == 3)
                #expect(
                    opened.lotteries.map(\.id)
                        == ["duplicate", "first-application"].map {
                            DrawService.windowID(procedure: $0, opensAt: clock.now(), seconds: true)
                        })
                #expect(opened.lotteries.map(\.seats) == [2, 1])
                let extraSlots = try await Slot.query(on: app.db).filter(\.$counter.$id == "mtp-1")
                    .filter(\.$startsAt >= ParisTime.instant(date: day, minuteOfDay: 17 * 60))
                    .filter(\.$startsAt < ParisTime.instant(date: day, minuteOfDay: 18 * 60)).all()
                #expect(extraSlots.count == 3)
                #expect(extraSlots.allSatisfy { Set(opened.lotteries.map(\.id)).contains($0.lotteryWindowID ?? "") })
                for lottery in opened.lotteries {
                    let window = try #require(try await DrawWindow.find(lottery.id, on: app.db))
                    #expect(window.kind == .releaseLottery && window.status == DrawWindow.open)
                    #expect(window.closesAt == lottery.drawnAt && window.closesAt > clock.now())
                }
                try await app.testing().test(
                    .POST, "/api/v1/appointments",
                    beforeRequest: { req in
                        req.json(Fixture.holdBody(slotID: extraSlots[0].id!, applicant: Fixture.applicant()))
                    },
                    afterResponse: { res in
                        #expect(res.status == .conflict)
                        #expect(res.errorCode == "lottery_open")
                    })
                // more seats while the lotteries take tickets join them
                let more = try await extra.open(
                    counterID: "mtp-1", from: day, through: day,
                    kind: .hours(TimeRange("18:00-18:40")!), releaseNow: true, actor: "test")
                #expect(more.seatsReleased == 2 && more.lotteries.map(\.id) == opened.lotteries.map(\.id))
                #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "extra_seats_opened").count() == 3)
                // first come only when the supervisor says so: bookable at once, and audited as such
                let plain = try await extra.open(
                    counterID: "mtp-1", from: day, through: day,
                    kind: .hours(TimeRange("18:40-19:00")!), releaseNow: true, firstCome: true,
                    actor: "test")
                #expect(plain.seatsReleased == 1 && plain.lotteries.isEmpty)
                let lastSlot = try #require(
                    try await Slot.query(on: app.db).filter(\.$counter.$id == "mtp-1")
                        .filter(\.$startsAt == ParisTime.instant(date: day, minuteOfDay: 18 * 60 + 40)).first())
                #expect(lastSlot.lotteryWindowID == nil && lastSlot.released == 1)
                let audits = try await AuditEntry.query(on: app.db).filter(\.$action == "extra_seats_opened").all()
                #expect(audits.count == 4 && audits.filter { $0.detail.contains("first come as asked") }.count == 1)
                // overlapping hours are refused, nothing half-done
                await #expect(throws: RequestError.self) {
                    try await extra.open(
                        counterID: "mtp-1", from: day, through: day,
                        kind: .hours(TimeRange("17:00-18:00")!), releaseNow: true, actor: "test")
                }
            }
        }

        @Test func aDrawCountersSeatsAreNeverPutOnOfferFirstCome() async throws {
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock) { app in
                let day = CivilDate(year: 2026, month: 12, day: 8)!
                let extra = ExtraSeats(db: app.db, services: app.guichet)
                let slots = try await Slot.query(on: app.db).filter(\.$counter.$id == "mtp-2").count()
                await #expect(throws: RequestError.self) {
                    try await extra.open(
                        counterID: "mtp-2", from: day, through: day,
                        kind: .hours(TimeRange("17:00-18:00")!), releaseNow: true, actor: "test")
                }
                #expect(try await Slot.query(on: app.db).filter(\.$counter.$id == "mtp-2").count() == slots)
                // without "release now" they are planned seats, for the next draw
                let planned = try await extra.open(
                    counterID: "mtp-2", from: day, through: day,
                    kind: .hours(TimeRange("17:00-18:00")!), releaseNow: false, actor: "test")
                #expect(planned == ExtraSeats.Outcome(seatsAdded: 3, seatsReleased: 0))
            }
        }
    }
}
