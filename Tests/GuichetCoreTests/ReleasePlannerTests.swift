import Foundation
import GuichetCore
import Testing

@Suite struct ReleasePlannerTests {
    private func date(_ iso: String) throws -> CivilDate { try #require(CivilDate(iso: iso)) }
    private func range(_ text: String) throws -> TimeRange { try #require(TimeRange(text)) }

    private func instants(_ policy: ReleasePolicy, week: String, seed: UInt64) throws -> [Date] {
        var generator = SeededGenerator(seed: seed)
        return ReleasePlanner.instants(policy: policy, weekStart: try date(week), using: &generator)
    }

    /// Whether an instant lies in one of the policy's windows, read back on the Paris wall clock.
    private func isInsideAWindow(_ instant: Date, _ policy: ReleasePolicy) -> Bool {
        let weekday = ParisTime.civilDate(of: instant).weekday
        let minute = ParisTime.minuteOfDay(of: instant)
        return policy.windows.contains { window in
            window.weekdays.contains(weekday) && window.hours.startMinute <= minute && minute < window.hours.endMinute
        }
    }

    // MARK: instants

    @Test func instantsFallInsideTheWindowsOfThatWeek() throws {
        let policy = ReleasePolicy(
            windows: [
                ReleaseWindow(weekdays: [.monday, .wednesday], hours: try range("08:00-12:00")),
                ReleaseWindow(weekdays: [.saturday], hours: try range("14:30-15:00")),
            ],
            releasesPerWeek: 500, seatsPerRelease: 10)
        let result = try instants(policy, week: "2026-06-15", seed: 1)
        #expect(result.count == 500)
        #expect(result.allSatisfy { isInsideAWindow($0, policy) })
        let days = Set(result.map { ParisTime.civilDate(of: $0).iso })
        #expect(days == ["2026-06-15", "2026-06-17", "2026-06-20"])
    }

    @Test func instantsAreSortedAndWholeSeconds() throws {
        let result = try instants(.weekdaysDaytime, week: "2026-06-15", seed: 2)
        #expect(result.count == 5)
        #expect(result == result.sorted())
        #expect(result.allSatisfy { $0.timeIntervalSince1970 == $0.timeIntervalSince1970.rounded(.down) })
    }

    @Test func theSameSeedGivesTheSameInstantsAndAnotherSeedOthers() throws {
        let first = try instants(.weekdaysDaytime, week: "2026-06-15", seed: 3)
        #expect(try instants(.weekdaysDaytime, week: "2026-06-15", seed: 3) == first)
        #expect(try instants(.weekdaysDaytime, week: "2026-06-15", seed: 4) != first)
    }

    @Test func theFirstAndLastSecondOfTheWeekAreReachable() throws {
        // 5 days × 10 hours = 180,000 seconds; 2^64 − 1 is in the biased top of the range and must be redrawn.
        var scripted = ScriptedGenerator([0, UInt64.max, 179_999])
        let policy = ReleasePolicy(
            windows: ReleasePolicy.weekdaysDaytime.windows, releasesPerWeek: 2, seatsPerRelease: 1)
        let result = ReleasePlanner.instants(policy: policy, weekStart: try date("2026-06-15"), using: &scripted)
        #expect(result.map(ParisTime.iso8601) == ["2026-06-15T08:00:00+02:00", "2026-06-19T17:59:59+02:00"])
        #expect(scripted.values.isEmpty)
    }

    @Test func instantsSpreadEvenlyOverTheDays() throws {
        let policy = ReleasePolicy(
            windows: ReleasePolicy.weekdaysDaytime.windows, releasesPerWeek: 10_000, seatsPerRelease: 1)
        let perDay = Dictionary(grouping: try instants(policy, week: "2026-06-15", seed: 5)) {
            ParisTime.civilDate(of: $0).weekday
        }.mapValues(\.count)
        #expect(perDay.count == 5)
        #expect(perDay.values.allSatisfy { (1800...2200).contains($0) }, "\(perDay)")
    }

    @Test func publicHolidaysGetNoRelease() throws {
        // 11–17 May 2026: Thursday 14 May is Ascension.
        let policy = ReleasePolicy(
            windows: ReleasePolicy.weekdaysDaytime.windows, releasesPerWeek: 2_000, seatsPerRelease: 1)
        let result = try instants(policy, week: "2026-05-11", seed: 6)
        #expect(result.count == 2_000)
        let days = Set(result.map { ParisTime.civilDate(of: $0).iso })
        #expect(days == ["2026-05-11", "2026-05-12", "2026-05-13", "2026-05-15"])
    }

    @Test func aWeekWhoseOnlyWindowIsAHolidayHasNoRelease() throws {
        // Easter Monday 2026 is 6 April.
        let policy = ReleasePolicy(
            windows: [ReleaseWindow(weekdays: [.monday], hours: try range("08:00-18:00"))], releasesPerWeek: 5,
            seatsPerRelease: 1)
        #expect(try instants(policy, week: "2026-04-06", seed: 7).isEmpty)
        #expect(try instants(policy, week: "2026-04-13", seed: 7).count == 5)
    }

    @Test func noWindowsOrNoReleasesMeanNoInstants() throws {
        let empty = ReleasePolicy(windows: [], releasesPerWeek: 5, seatsPerRelease: 1)
        #expect(try instants(empty, week: "2026-06-15", seed: 8).isEmpty)
        let none = ReleasePolicy(windows: ReleasePolicy.weekdaysDaytime.windows, releasesPerWeek: 0, seatsPerRelease: 1)
        #expect(try instants(none, week: "2026-06-15", seed: 8).isEmpty)
    }

    @Test func overlappingWindowsDoNotDoubleTheChanceOfTheOverlap() throws {
        // 09:00–11:00 listed twice and 10:00–12:00 once: the merged window is 09:00–12:00, each hour a third.
        let policy = ReleasePolicy(
            windows: [
                ReleaseWindow(weekdays: [.tuesday], hours: try range("09:00-11:00")),
                ReleaseWindow(weekdays: [.tuesday, .tuesday], hours: try range("09:00-11:00")),
                ReleaseWindow(weekdays: [.tuesday], hours: try range("10:00-12:00")),
            ],
            releasesPerWeek: 9_000, seatsPerRelease: 1)
        let perHour = Dictionary(grouping: try instants(policy, week: "2026-06-15", seed: 9)) {
            ParisTime.minuteOfDay(of: $0) / 60
        }.mapValues(\.count)
        #expect(Set(perHour.keys) == [9, 10, 11])
        #expect(perHour.values.allSatisfy { (2700...3300).contains($0) }, "\(perHour)")
    }

    @Test func weekdayWindowsKeepTheirLocalHoursInTheWeekAfterTheSpringChange() throws {
        // Summer time starts on Sunday 29 March 2026: 08:00 is 06:00 UTC from Monday 30 March.
        let policy = ReleasePolicy(
            windows: ReleasePolicy.weekdaysDaytime.windows, releasesPerWeek: 1_000, seatsPerRelease: 1)
        let result = try instants(policy, week: "2026-03-30", seed: 10)
        #expect(result.allSatisfy { isInsideAWindow($0, policy) })
        let utcHours = Set(result.map { Int($0.timeIntervalSince1970) % 86_400 / 3600 })
        #expect(utcHours == Set(6...15))
    }

    @Test func aWindowAcrossTheSpringGapSkipsTheMissingHour() throws {
        // 01:00–04:00 on 29 March 2026 lasts two real hours: 02:00–03:00 does not exist that night.
        let policy = ReleasePolicy(
            windows: [ReleaseWindow(weekdays: [.sunday], hours: try range("01:00-04:00"))], releasesPerWeek: 2_000,
            seatsPerRelease: 1)
        let result = try instants(policy, week: "2026-03-23", seed: 11)
        #expect(result.count == 2_000)
        #expect(result.allSatisfy { isInsideAWindow($0, policy) })
        let localHours = Dictionary(grouping: result) { ParisTime.minuteOfDay(of: $0) / 60 }.mapValues(\.count)
        #expect(Set(localHours.keys) == [1, 3])
        #expect(localHours.values.allSatisfy { (850...1150).contains($0) }, "\(localHours)")
        let first = try #require(result.first)
        let last = try #require(result.last)
        #expect(ParisTime.iso8601(first).hasPrefix("2026-03-29T01:"))
        #expect(last.timeIntervalSince(first) < 2 * 3600)
    }

    @Test func aWindowAcrossTheAutumnOverlapCoversBothPassesOfTheRepeatedHour() throws {
        // 01:00–04:00 on 25 October 2026 lasts four real hours: 02:00–03:00 happens in summer time, then again in winter.
        let policy = ReleasePolicy(
            windows: [ReleaseWindow(weekdays: [.sunday], hours: try range("01:00-04:00"))], releasesPerWeek: 4_000,
            seatsPerRelease: 1)
        let result = try instants(policy, week: "2026-10-19", seed: 12)
        #expect(result.allSatisfy { isInsideAWindow($0, policy) })
        let twoOClock = result.filter { ParisTime.minuteOfDay(of: $0) / 60 == 2 }
        let offsets = Dictionary(grouping: twoOClock) { ParisTime.iso8601($0).suffix(6) }.mapValues(\.count)
        #expect(Set(offsets.keys) == ["+02:00", "+01:00"])
        #expect(offsets.values.allSatisfy { (850...1150).contains($0) }, "\(offsets)")
    }

    // MARK: choose

    private let now = ParisTime.instant(date: CivilDate(year: 2026, month: 6, day: 15)!, minuteOfDay: 10 * 60)

    private func seats(_ slotID: Int, inHours hours: Double, _ planned: Int) -> PlannedSeats {
        PlannedSeats(slotID: slotID, start: now.addingTimeInterval(hours * 3600), planned: planned)
    }

    @Test func aReleaseOffersNothingStartingWithinTheLeadTime() {
        let candidates = [
            seats(1, inHours: -2, 1), seats(2, inHours: 0.2, 1), seats(3, inHours: 23.99, 1),
            seats(4, inHours: 24, 1), seats(5, inHours: 30, 1),
        ]
        let chosen = ReleasePlanner.choose(candidates: candidates, policy: .weekdaysDaytime, now: now)
        #expect(chosen == [4: 1, 5: 1])
    }

    @Test func theLeadTimeComesFromThePolicy() {
        let policy = ReleasePolicy(windows: [], releasesPerWeek: 1, seatsPerRelease: 10, minimumLeadHours: 72)
        let candidates = [seats(1, inHours: 48, 1), seats(2, inHours: 72, 1)]
        #expect(ReleasePlanner.choose(candidates: candidates, policy: policy, now: now) == [2: 1])
    }

    @Test func aReleaseOffersTheEarliestSeatsUpToItsSize() {
        // Given out of order: the choice follows start times, and the slot that crosses the cap gives only part.
        let candidates = [
            seats(30, inHours: 100, 5), seats(10, inHours: 50, 25), seats(20, inHours: 60, 30),
            seats(40, inHours: 40, 0),
        ]
        let chosen = ReleasePlanner.choose(candidates: candidates, policy: .weekdaysDaytime, now: now)
        #expect(chosen == [10: 25, 20: 15])
        #expect(chosen.values.reduce(0, +) == ReleasePolicy.weekdaysDaytime.seatsPerRelease)
    }

    @Test func slotsStartingTogetherAreTakenInSlotOrder() {
        let candidates = [seats(9, inHours: 48, 30), seats(3, inHours: 48, 30)]
        #expect(ReleasePlanner.choose(candidates: candidates, policy: .weekdaysDaytime, now: now) == [3: 30, 9: 10])
    }

    @Test func fewerPlannedSeatsThanTheCapAreAllReleased() {
        let candidates = [seats(1, inHours: 48, 2), seats(2, inHours: 49, 3)]
        #expect(ReleasePlanner.choose(candidates: candidates, policy: .weekdaysDaytime, now: now) == [1: 2, 2: 3])
        #expect(ReleasePlanner.choose(candidates: [], policy: .weekdaysDaytime, now: now).isEmpty)
    }
}
