import Foundation
import GuichetCore
import Testing

@Suite struct DrawPolicyTests {
    private func date(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }

    @Test func theStandardPolicyIsAWeekFromMonday() {
        let policy = DrawPolicy.standard
        // Tuesday 1 December 2026 lies in the week of Monday 30 November.
        let period = policy.period(containing: date("2026-12-01"))
        #expect(period.opens == date("2026-11-30"))
        #expect(period.closes == date("2026-12-07"))
        let seats = policy.seats(closingOn: period.closes)
        #expect(seats.from == date("2026-12-14"))
        #expect(seats.through == date("2026-12-27"))
    }

    @Test func aWindowOpeningOnThursdayContainsItsOwnThursdayButNotTheNext() {
        let policy = DrawPolicy(opensOn: .thursday, weeks: 1, seatsDelayDays: 3, seatsSpanDays: 7)
        #expect(policy.period(containing: date("2026-12-03")).opens == date("2026-12-03"))
        #expect(policy.period(containing: date("2026-12-09")).opens == date("2026-12-03"))
        #expect(policy.period(containing: date("2026-12-10")).opens == date("2026-12-10"))
        #expect(policy.period(containing: date("2026-12-02")).opens == date("2026-11-26"))
    }

    @Test func longerWindowsFollowOneCalendarWhateverTheDayAsked() {
        let policy = DrawPolicy(opensOn: .monday, weeks: 2, seatsDelayDays: 7, seatsSpanDays: 14)
        var seen = Set<CivilDate>()
        for offset in 0..<56 {
            let day = date("2026-11-02").adding(days: offset)
            let period = policy.period(containing: day)
            #expect(period.opens <= day && day < period.closes)
            #expect(period.closes - period.opens == 14)
            #expect(period.opens.weekday == .monday)
            seen.insert(period.opens)
        }
        #expect(seen.count == 4)
        // Dates before the calendar's origin still fall in a period that contains them.
        let early = policy.period(containing: date("2023-12-31"))
        #expect(early.opens <= date("2023-12-31") && date("2023-12-31") < early.closes)
    }

    @Test func problemsNameEachBadSettingAndTheHorizon() {
        #expect(DrawPolicy.standard.problems(planningHorizonDays: 28).isEmpty)
        #expect(DrawPolicy.standard.problems(planningHorizonDays: 20) == [.beyondHorizon(horizonDays: 20)])
        let bad = DrawPolicy(opensOn: .monday, weeks: 0, seatsDelayDays: 61, seatsSpanDays: 0)
        #expect(bad.problems(planningHorizonDays: 120) == [.weeks, .delay, .span])
    }

    @Test func policiesRoundTripAsJSON() throws {
        let policy = DrawPolicy(opensOn: .wednesday, weeks: 3, seatsDelayDays: 10, seatsSpanDays: 21)
        let json = try JSONEncoder().encode(policy)
        #expect(String(decoding: json, as: UTF8.self).contains("\"wednesday\""))
        #expect(try JSONDecoder().decode(DrawPolicy.self, from: json) == policy)
    }
}
