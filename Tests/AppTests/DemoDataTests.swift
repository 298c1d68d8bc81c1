import Fluent
import Foundation
import GuichetCore
import Testing

@testable import App

extension AppTests {
    @Suite struct DemoDataTests {
        @Test func demoIsIdempotentAndModelsThePrefecture() async throws {
            try await withGuichetApp { app in
                let slots = try await Slot.query(on: app.db).count()
                let released = try await Slot.query(on: app.db).filter(\.$released > 0).count()
                // load again: nothing duplicated, nothing more released
                try await DemoData.load(
                    on: app.db, gate: app.guichet.writeGate, clock: TestClock(testStart),
                    random: app.guichet.random)
                #expect(try await Slot.query(on: app.db).count() == slots)
                #expect(try await Slot.query(on: app.db).filter(\.$released > 0).count() == released)
                #expect(try await Procedure.query(on: app.db).count() == 6)
                #expect(try await Counter.query(on: app.db).count() == 7)
                #expect(try await Site.query(on: app.db).count() == 2)
                #expect(released > 0 && released < slots)
            }
        }

        @Test func slotsSkipHolidaysWednesdayAfternoonsAndTheWalkInCounter() async throws {
            try await withGuichetApp { app in
                let all = try await Slot.query(on: app.db).all()
                let days = Set(all.map { ParisTime.civilDate(of: $0.startsAt) })
                // 2026-12-25 is Christmas, within the four weeks from 2026-12-01
                #expect(!days.contains(CivilDate(year: 2026, month: 12, day: 25)!))
                #expect(days.contains(CivilDate(year: 2026, month: 12, day: 24)!))
                #expect(!days.contains { $0.weekday == .saturday || $0.weekday == .sunday })
                let wednesdayAfternoons = all.filter {
                    ParisTime.civilDate(of: $0.startsAt).weekday == .wednesday
                        && ParisTime.minuteOfDay(of: $0.startsAt) >= 12 * 60
                }
                #expect(wednesdayAfternoons.isEmpty)
                #expect(all.allSatisfy { $0.$counter.id != "mtp-4" }, "walk-in counter has no slots")
                #expect(all.allSatisfy { $0.endsAt.timeIntervalSince($0.startsAt) == 20 * 60 })
                let last = try #require(days.max())
                #expect(last <= CivilDate(year: 2026, month: 12, day: 28)!)
                // nothing is released for today: a newcomer books from tomorrow on
                #expect(
                    all.filter { $0.released > 0 }.allSatisfy {
                        ParisTime.civilDate(of: $0.startsAt) > CivilDate(year: 2026, month: 12, day: 1)!
                    })
            }
        }
    }
}
