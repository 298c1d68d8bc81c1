import Foundation
import GuichetCore
import Testing

@Suite struct CounterScheduleTests {
    @Test func aDayIsTypedAsSessions() throws {
        let ranges = try CounterSchedule.parseDay(" 13:30-16:30 ; 09:00–12:00 ").get()
        #expect(CounterSchedule.dayText(ranges) == "09:00-12:00, 13:30-16:30")
        #expect(try CounterSchedule.parseDay("").get().isEmpty)
    }

    @Test func nonsenseAndOverlapsAreRefused() {
        #expect(CounterSchedule.parseDay("9h-12h") == .failure(.notARange("9h-12h")))
        #expect(CounterSchedule.parseDay("12:00-09:00") == .failure(.notARange("12:00-09:00")))
        #expect(CounterSchedule.parseDay("09:00-12:00, 11:00-13:00") == .failure(.overlap))
    }

    @Test func aSlotIsCoveredOnlyInsideHoursOutsideClosuresAndHolidays() {
        let hours = WeeklyHours([.tuesday: [TimeRange("09:00-12:00")!]])
        let tuesday = CivilDate(year: 2026, month: 12, day: 1)!
        #expect(CounterSchedule.covers(hours: hours, closures: [], date: tuesday, startMinute: 540, endMinute: 560))
        #expect(
            !CounterSchedule.covers(hours: hours, closures: [], date: tuesday, startMinute: 710, endMinute: 730),
            "runs past noon")
        #expect(
            !CounterSchedule.covers(
                hours: hours, closures: [], date: tuesday.adding(days: 1), startMinute: 540, endMinute: 560),
            "Wednesday has no hours")
        let closure = Closure(from: tuesday, through: tuesday, reason: "travaux")
        #expect(
            !CounterSchedule.covers(hours: hours, closures: [closure], date: tuesday, startMinute: 540, endMinute: 560))
        let christmas = CivilDate(year: 2029, month: 12, day: 25)!  // a Tuesday
        #expect(christmas.weekday == .tuesday)
        #expect(!CounterSchedule.covers(hours: hours, closures: [], date: christmas, startMinute: 540, endMinute: 560))
    }

    @Test func peopleGoToTheEarliestSeatOfACounterServingTheirProcedureAndNeverShareOne() {
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        let seats = [
            Relocation.Seat(slotID: 3, counterID: "b", start: t0.addingTimeInterval(600), free: 1),
            Relocation.Seat(slotID: 1, counterID: "a", start: t0, free: 1),
            Relocation.Seat(slotID: 2, counterID: "a", start: t0.addingTimeInterval(300), free: 1),
        ]
        let people = [
            Relocation.Person(id: "p1", procedureID: "renewal"), Relocation.Person(id: "p2", procedureID: "renewal"),
            Relocation.Person(id: "p3", procedureID: "student"), Relocation.Person(id: "p4", procedureID: "renewal"),
        ]
        let result = Relocation.assign(people, seats: seats) { $0 == "renewal" ? ["a"] : ["b"] }
        #expect(result == ["p1": 1, "p2": 2, "p3": 3])
        #expect(result["p4"] == nil, "no seat left: the caller cancels and tells them")
    }
}
