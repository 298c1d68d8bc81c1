import Foundation
import GuichetCore
import Testing

@Suite struct SlotGeneratorTests {
    private func date(_ iso: String) throws -> CivilDate { try #require(CivilDate(iso: iso)) }
    private func range(_ text: String) throws -> TimeRange { try #require(TimeRange(text)) }

    /// Weekdays 09:00–12:00 and 13:30–16:00, Wednesday afternoon closed: a typical foreigners' service week.
    private func prefectureHours() throws -> WeeklyHours {
        let morning = try range("09:00-12:00")
        let afternoon = try range("13:30-16:00")
        return WeeklyHours([
            .monday: [morning, afternoon], .tuesday: [morning, afternoon], .wednesday: [morning],
            .thursday: [morning, afternoon], .friday: [morning, afternoon],
        ])
    }

    private func localTimes(_ slots: [SlotTemplate], on day: String) -> [String] {
        slots.filter { $0.date.iso == day }.map { String(ParisTime.iso8601($0.start).dropFirst(11).prefix(5)) }
    }

    @Test func aWeekWithAscensionSkipsTheHolidayAndWednesdayAfternoon() throws {
        // 11–17 May 2026; Thursday 14 May is Ascension.
        let slots = SlotGenerator.slots(
            hours: try prefectureHours(), closures: [], lengthMinutes: 30,
            from: try date("2026-05-11"), through: try date("2026-05-17"))
        let perDay = Dictionary(grouping: slots, by: \.date.iso).mapValues(\.count)
        #expect(perDay == ["2026-05-11": 11, "2026-05-12": 11, "2026-05-13": 6, "2026-05-15": 11])
        #expect(localTimes(slots, on: "2026-05-13") == ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"])
        #expect(
            localTimes(slots, on: "2026-05-11")
                == ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30", "13:30", "14:00", "14:30", "15:00", "15:30"])
    }

    @Test func slotsAreBackToBackAndChronological() throws {
        let slots = SlotGenerator.slots(
            hours: try prefectureHours(), closures: [], lengthMinutes: 20,
            from: try date("2026-06-01"), through: try date("2026-06-30"))
        #expect(!slots.isEmpty)
        #expect(slots.allSatisfy { $0.end.timeIntervalSince($0.start) == 20 * 60 })
        #expect(zip(slots, slots.dropFirst()).allSatisfy { $0.end <= $1.start })
        #expect(slots.allSatisfy { ParisTime.civilDate(of: $0.start) == $0.date })
    }

    @Test func aRemainderShorterThanASlotIsDropped() throws {
        let hours = WeeklyHours([.monday: [try range("09:00-12:00")]])
        let slots = SlotGenerator.slots(
            hours: hours, closures: [], lengthMinutes: 40, from: try date("2026-06-01"), through: try date("2026-06-01")
        )
        #expect(localTimes(slots, on: "2026-06-01") == ["09:00", "09:40", "10:20", "11:00"])
        #expect(ParisTime.minuteOfDay(of: try #require(slots.last).end) == 11 * 60 + 40)
    }

    @Test(arguments: [("2026-03-23", "2026-04-03"), ("2026-10-19", "2026-10-30")])
    func slotsKeepTheirWallClockTimeAcrossTheDaylightSavingChange(from: String, through: String) throws {
        let hours = WeeklyHours([.monday: [try range("09:00-10:00")], .friday: [try range("09:00-10:00")]])
        let slots = SlotGenerator.slots(
            hours: hours, closures: [], lengthMinutes: 60, from: try date(from), through: try date(through))
        #expect(slots.count == 4)
        #expect(slots.allSatisfy { ParisTime.minuteOfDay(of: $0.start) == 540 })
        #expect(slots.allSatisfy { $0.end.timeIntervalSince($0.start) == 3600 })
        // The UTC hour moves by one across the change while the local time stays put.
        let utcHours = slots.map { Int($0.start.timeIntervalSince1970) % 86_400 / 3600 }
        #expect(Set(utcHours) == [7, 8])
        let offsets = slots.map { ParisTime.iso8601($0.start).suffix(6) }
        #expect(Set(offsets) == ["+01:00", "+02:00"])
    }

    @Test func closuresRemoveWholeDays() throws {
        let closure = Closure(from: try date("2026-06-02"), through: try date("2026-06-03"), reason: "Formation")
        let slots = SlotGenerator.slots(
            hours: try prefectureHours(), closures: [closure], lengthMinutes: 30,
            from: try date("2026-06-01"), through: try date("2026-06-05"))
        #expect(Set(slots.map(\.date.iso)) == ["2026-06-01", "2026-06-04", "2026-06-05"])
    }

    @Test func aClosureOutsideTheRangeChangesNothing() throws {
        let hours = try prefectureHours()
        let from = try date("2026-06-01")
        let through = try date("2026-06-05")
        let closure = Closure(from: try date("2026-07-01"), through: try date("2026-07-31"), reason: "Été")
        #expect(
            SlotGenerator.slots(hours: hours, closures: [closure], lengthMinutes: 30, from: from, through: through)
                == SlotGenerator.slots(hours: hours, closures: [], lengthMinutes: 30, from: from, through: through))
    }

    @Test func newYearsDayIsSkippedAcrossTheYearBoundary() throws {
        let slots = SlotGenerator.slots(
            hours: try prefectureHours(), closures: [], lengthMinutes: 30,
            from: try date("2026-12-28"), through: try date("2027-01-04"))
        // 25 Dec is outside the range; 1 Jan 2027 is a Friday holiday; weekends are closed.
        #expect(
            Set(slots.map(\.date.iso))
                == ["2026-12-28", "2026-12-29", "2026-12-30", "2026-12-31", "2027-01-04"])
    }

    @Test func degenerateInputsGiveNoSlots() throws {
        let hours = try prefectureHours()
        let monday = try date("2026-06-01")
        #expect(
            SlotGenerator.slots(hours: hours, closures: [], lengthMinutes: 0, from: monday, through: monday).isEmpty)
        #expect(
            SlotGenerator.slots(hours: hours, closures: [], lengthMinutes: -30, from: monday, through: monday).isEmpty)
        #expect(
            SlotGenerator.slots(
                hours: hours, closures: [], lengthMinutes: 30, from: monday, through: monday.adding(days: -1)
            ).isEmpty)
        #expect(
            SlotGenerator.slots(hours: hours, closures: [], lengthMinutes: 181, from: monday, through: monday).isEmpty)
        #expect(
            SlotGenerator.slots(
                hours: WeeklyHours([:]), closures: [], lengthMinutes: 30, from: monday, through: monday.adding(days: 30)
            )
            .isEmpty)
    }
}
