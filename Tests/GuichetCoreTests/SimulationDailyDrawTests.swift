import GuichetCore
import Testing

/// `daily-draw` on a quarter-size prefecture: a draw every working day, requests standing until they win, tiers only
/// for expiry dates checked on the permit before the draw.
@Suite struct SimulationDailyDrawTests {
    private let quarter = SimulationParameters.scaled(0.25)

    @Test func genuineApplicantsGetTheSeatsAndScalpersNoEdge() throws {
        // setup
        let parameters = quarter
        // act
        let outcome = ScalperSimulation.run(policy: .dailyDraw, parameters: parameters, seed: 2026)
        // check
        #expect(outcome.genuineShare == 1)
        #expect(outcome.scalperProfit <= 0)
        // The operations that test the water win a few seats nobody comes to: a handful in a year.
        let details = outcome.details
        #expect(details.attendedDirect >= details.seats * 98 / 100)
        // A false expiry earns the normal tier, behind the verified urgent requests: no better than average odds.
        let ratio = try #require(outcome.advantageRatio, "operations must have tested the daily draw")
        #expect(ratio < 1.1)
        // Inside its tier, only the HMAC order counts.
        let sameTier = try #require(outcome.sameTierAdvantageRatio)
        #expect(sameTier > 0.6 && sameTier < 1.5)
    }

    @Test func aFalseExpiryBuysPriorityOnlyWhereNothingChecksIt() throws {
        // setup
        let parameters = quarter
        // act
        let unchecked = ScalperSimulation.run(policy: .drawPriority, parameters: parameters, seed: 2026)
        let checked = ScalperSimulation.run(policy: .dailyDraw, parameters: parameters, seed: 2026)
        // check
        #expect(try #require(unchecked.advantageRatio) > 5)
        #expect(try #require(checked.advantageRatio) < 1.1)
        #expect(checked.details.scalperNoShows * 4 < unchecked.details.scalperNoShows)
    }

    @Test func tiersServeMorePeopleBeforeTheirPermitLapsesThanAPlainDraw() {
        let plain = ScalperSimulation.run(policy: .draw, parameters: quarter, seed: 2026)
        let daily = ScalperSimulation.run(policy: .dailyDraw, parameters: quarter, seed: 2026)
        #expect(daily.servedBeforeExpiry > plain.servedBeforeExpiry + 0.1)
    }

    @Test func aDrawRunsOnEveryWorkingDayAndNoOtherDay() throws {
        // setup: the measured year's weekdays that are not public holidays
        let parameters = quarter
        let monday = parameters.startDate.adding(days: -(parameters.startDate.weekday.rawValue - 1))
        let workingDays = (0..<(7 * parameters.weeks)).map { monday.adding(days: $0) }
            .filter { $0.weekday <= .friday && !FrenchHolidays.isHoliday($0) }
        // act
        let daily = ScalperSimulation.run(policy: .dailyDraw, parameters: parameters, seed: 3)
        let weekly = ScalperSimulation.run(policy: .draw, parameters: parameters, seed: 3)
        // check
        #expect(workingDays.count > 240 && workingDays.count < 5 * parameters.weeks)
        #expect(daily.details.draws == workingDays.count)
        #expect(weekly.details.draws == parameters.weeks)
    }

    @Test func aRequestNotDrawnStaysForTheNextDraws() {
        // More applicants than seats: most people lose a few draws before they win one.
        let outcome = ScalperSimulation.run(policy: .dailyDraw, parameters: quarter, seed: 2026)
        let details = outcome.details
        #expect(details.genuineAttempts > 5 * details.genuineWins)
        #expect(Double(details.cohortServed) > 0.85 * Double(details.cohort))
    }

    @Test func theDrawHourIsAParameter() {
        var parameters = quarter
        parameters.dailyDrawMinute = 9 * 60
        let morning = ScalperSimulation.run(policy: .dailyDraw, parameters: parameters, seed: 2026)
        let afternoon = ScalperSimulation.run(policy: .dailyDraw, parameters: quarter, seed: 2026)
        #expect(morning.details.draws == afternoon.details.draws)
        #expect(morning.details != afternoon.details)
    }
}
