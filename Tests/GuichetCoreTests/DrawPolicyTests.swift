import Foundation
import GuichetCore
import Testing

@Suite struct DrawPolicyTests {
    private func date(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }
    private func at(_ iso: String, _ hour: Int, _ minute: Int = 0) -> Date {
        ParisTime.instant(date: date(iso), minuteOfDay: hour * 60 + minute)
    }

    @Test func theStandardPolicyIsAWeekFromMonday() {
        let policy = DrawPolicy.standard
        // Tuesday 1 December 2026 lies in the week of Monday 30 November.
        let period = policy.period(containing: at("2026-12-01", 10))
        #expect(period.opens == at("2026-11-30", 0))
        #expect(period.closes == at("2026-12-07", 0))
        let seats = policy.seats(drawnOn: date("2026-12-07"))
        #expect(seats.from == date("2026-12-14"))
        #expect(seats.through == date("2026-12-27"))
    }

    @Test func aWindowOpeningOnThursdayContainsItsOwnThursdayButNotTheNext() {
        let policy = DrawPolicy(opensOn: .thursday, weeks: 1, seatsDelayDays: 3, seatsSpanDays: 7)
        #expect(policy.period(containing: at("2026-12-03", 0)).opens == at("2026-12-03", 0))
        #expect(policy.period(containing: at("2026-12-09", 23, 59)).opens == at("2026-12-03", 0))
        #expect(policy.period(containing: at("2026-12-10", 0)).opens == at("2026-12-10", 0))
        #expect(policy.period(containing: at("2026-12-02", 12)).opens == at("2026-11-26", 0))
    }

    @Test func aWeeklyDrawAtTwoBelongsToTheWeekBeforeUntilTwo() {
        let policy = DrawPolicy(opensOn: .monday, weeks: 1, drawMinute: 14 * 60, seatsDelayDays: 7, seatsSpanDays: 7)
        // Monday 7 December, 13:59: the draw of 14:00 is still ahead.
        #expect(policy.period(containing: at("2026-12-07", 13, 59)) == (at("2026-11-30", 14), at("2026-12-07", 14)))
        #expect(policy.period(containing: at("2026-12-07", 14)) == (at("2026-12-07", 14), at("2026-12-14", 14)))
    }

    @Test func longerWindowsFollowOneCalendarWhateverTheDayAsked() {
        let policy = DrawPolicy(opensOn: .monday, weeks: 2, seatsDelayDays: 7, seatsSpanDays: 14)
        var seen = Set<Date>()
        for offset in 0..<56 {
            let instant = at("2026-11-02", 9).addingTimeInterval(Double(offset) * 86_400)
            let period = policy.period(containing: instant)
            #expect(period.opens <= instant && instant < period.closes)
            #expect(ParisTime.civilDate(of: period.closes) - ParisTime.civilDate(of: period.opens) == 14)
            #expect(ParisTime.civilDate(of: period.opens).weekday == .monday)
            seen.insert(period.opens)
        }
        #expect(seen.count == 4)
        // Dates before the calendar's origin still fall in a period that contains them.
        let early = policy.period(containing: at("2023-12-31", 12))
        #expect(early.opens <= at("2023-12-31", 12) && at("2023-12-31", 12) < early.closes)
    }

    @Test func dailyDrawsHappenOnWorkingDaysAtTheirTime() {
        let policy = DrawPolicy.daily
        // Friday 4 December 2026 before 14:00: today's draw; after it, Monday's.
        #expect(policy.period(containing: at("2026-12-04", 10)) == (at("2026-12-03", 14), at("2026-12-04", 14)))
        #expect(policy.period(containing: at("2026-12-04", 14)) == (at("2026-12-04", 14), at("2026-12-07", 14)))
        // A request on Sunday waits for Monday.
        #expect(policy.period(containing: at("2026-12-06", 20)).closes == at("2026-12-07", 14))
        // Christmas (Friday 25 December 2026) is skipped: Thursday's draw, then Monday 28.
        #expect(policy.period(containing: at("2026-12-24", 15)) == (at("2026-12-24", 14), at("2026-12-28", 14)))
        // Easter Monday 2027 (29 March): from Friday 26 to Tuesday 30.
        #expect(policy.period(containing: at("2027-03-27", 9)) == (at("2027-03-26", 14), at("2027-03-30", 14)))
    }

    @Test func everyInstantFallsInExactlyOneDailyPeriodAndPeriodsChain() {
        let policy = DrawPolicy.daily
        var instant = at("2026-12-01", 0)
        var closes = policy.period(containing: instant).closes
        for _ in 0..<(60 * 24) {
            instant = instant.addingTimeInterval(1_800)
            let period = policy.period(containing: instant)
            #expect(period.opens <= instant && instant < period.closes)
            #expect(DrawPolicy.isWorkingDay(ParisTime.civilDate(of: period.closes)))
            if period.closes != closes {
                // The next period starts exactly where the last one ended.
                #expect(period.opens == closes)
                closes = period.closes
            }
        }
    }

    @Test func aDailyDrawKeepsItsParisHourAcrossTheClockChange() {
        let policy = DrawPolicy.daily
        // Summer time ends on Sunday 25 October 2026: the draws of Friday 23 and Monday 26 are both at 14:00 Paris.
        let period = policy.period(containing: at("2026-10-24", 12))
        #expect(period.opens == at("2026-10-23", 14))
        #expect(period.closes == at("2026-10-26", 14))
        #expect(period.closes.timeIntervalSince(period.opens) == 3 * 86_400 + 3_600)
    }

    @Test func problemsNameEachBadSettingAndTheHorizon() {
        #expect(DrawPolicy.standard.problems(planningHorizonDays: 28).isEmpty)
        #expect(DrawPolicy.daily.problems(planningHorizonDays: 28).isEmpty)
        #expect(DrawPolicy.standard.problems(planningHorizonDays: 20) == [.beyondHorizon(horizonDays: 20)])
        let bad = DrawPolicy(opensOn: .monday, weeks: 0, drawMinute: 1440, seatsDelayDays: 61, seatsSpanDays: 0)
        #expect(bad.problems(planningHorizonDays: 120) == [.weeks, .minute, .delay, .span])
        // The number of weeks means nothing to a daily draw.
        let daily = DrawPolicy(cadence: .workingDays, weeks: 0, drawMinute: 600, seatsDelayDays: 1, seatsSpanDays: 7)
        #expect(daily.problems(planningHorizonDays: 28).isEmpty)
    }

    @Test func policiesRoundTripAsJSON() throws {
        for policy in [DrawPolicy(opensOn: .wednesday, weeks: 3, seatsDelayDays: 10, seatsSpanDays: 21), .daily] {
            let json = try JSONEncoder().encode(policy)
            #expect(try JSONDecoder().decode(DrawPolicy.self, from: json) == policy)
        }
        #expect(
            String(decoding: try JSONEncoder().encode(DrawPolicy.daily), as: UTF8.self).contains("\"working-days\""))
    }

    @Test func aPolicyStoredBeforeDailyDrawsReadsAsWeeklyAtMidnight() throws {
        let stored = #"{"opensOn":"thursday","seatsDelayDays":3,"seatsSpanDays":7,"weeks":2}"#
        let policy = try JSONDecoder().decode(DrawPolicy.self, from: Data(stored.utf8))
        #expect(
            policy
                == DrawPolicy(
                    cadence: .weekly, opensOn: .thursday, weeks: 2, drawMinute: 0,
                    seatsDelayDays: 3, seatsSpanDays: 7))
    }
}
