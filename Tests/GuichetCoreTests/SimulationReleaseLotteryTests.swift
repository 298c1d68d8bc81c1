import GuichetCore
import Testing

/// The release lotteries on a quarter-size prefecture: `fcfs-random`'s release instants, each release's seats drawn
/// when its 30-minute window closes, what is left first come, first served. Under `release-lottery` a ticket is asked
/// once and stands until it wins; under `release-lottery-window` only tickets asked in the window are in.
@Suite struct SimulationReleaseLotteryTests {
    private let quarter = SimulationParameters.scaled(0.25)

    /// Every person in the run, backlog and tail included: more lottery entries than this means people were in more
    /// than one lottery.
    private func everyone(_ parameters: SimulationParameters) -> Int {
        let weeks = parameters.initialBacklogWeeks + parameters.warmUpWeeks + parameters.weeks + parameters.tailWeeks
        return parameters.applicantsPerYear * (weeks + 1) / 52
    }

    // MARK: Standing tickets (`release-lottery`)

    @Test func aTicketThatLosesIsInTheNextLotteryWithoutAskingAgain() throws {
        // setup: people who, after their first visit, look at the site about once in ten days
        var parameters = quarter
        parameters.scalperOperations = 0
        parameters.checksPerDay = 0.1
        parameters.urgentChecksPerDay = 0.1
        // act
        let standing = ScalperSimulation.run(policy: .releaseLottery, parameters: parameters, seed: 2026)
        let window = ScalperSimulation.run(policy: .releaseLotteryWindow, parameters: parameters, seed: 2026)
        // check: everyone waiting is in every lottery, most lose several before they win, and they are served
        let details = standing.details
        #expect(try #require(standing.lotteryEntryShare) > 0.99)
        #expect(details.lotteryEntrants > 10 * everyone(parameters))
        #expect(details.genuineWins * 10 < details.lotteryEntrants)
        #expect(details.genuineWins > details.seats * 95 / 100)
        #expect(Double(details.cohortServed) > 0.85 * Double(details.cohort))
        // A ticket good for one window only reaches almost nobody who looks that rarely.
        #expect(try #require(window.lotteryEntryShare) < 0.05)
    }

    @Test func aTicketBoughtInYourOwnNameIsWorthWhatItIsInADraw() throws {
        // setup: only the misinformed pay for what they can ask for free
        var parameters = quarter
        parameters.naiveBuyerShare = 0.1
        // act
        let lottery = ScalperSimulation.run(policy: .releaseLottery, parameters: parameters, seed: 2026)
        let draw = ScalperSimulation.run(policy: .draw, parameters: parameters, seed: 2026)
        // check: the same share of appointments resold as in a draw, and no edge per ticket or per release
        #expect(lottery.details.sales > 0)
        #expect(abs(lottery.genuineShare - draw.genuineShare) < 0.03)
        #expect(lottery.genuineShare > 0.9)
        let perTicket = try #require(lottery.advantageRatio)
        #expect(perTicket > 0.75 && perTicket < 1.33)
        let perRelease = try #require(lottery.perReleaseAdvantageRatio)
        #expect(perRelease > 0.75 && perRelease < 1.33)
    }

    @Test func scalpersWhoTestTheStandingLotteryGetNoEdgeAndLeave() throws {
        // act
        let outcome = ScalperSimulation.run(policy: .releaseLottery, parameters: quarter, seed: 2026)
        // check: nobody buys; the operations' own tickets win at everyone's odds, seats nobody comes to
        #expect(outcome.genuineShare == 1)
        #expect(outcome.details.sales == 0)
        #expect(outcome.scalperProfit <= 0)
        #expect(outcome.details.meanActiveOperations < 1.5)
        let ratio = try #require(outcome.advantageRatio, "operations must have tested the lottery")
        #expect(ratio > 0.75 && ratio < 1.33)
        #expect(outcome.details.scalperNoShows > 0)
    }

    @Test func seatsNoTicketCouldTakeGoFirstComeFirstServed() {
        // setup: fewer applicants than seats, so that lotteries run out of tickets
        var parameters = quarter
        parameters.scalperOperations = 0
        parameters.applicantsPerYear = parameters.appointmentsPerYear * 8 / 10
        // act
        let outcome = ScalperSimulation.run(policy: .releaseLottery, parameters: parameters, seed: 5)
        // check: most of the year's seats were left by a lottery, and most of those were then booked by people
        let details = outcome.details
        #expect(details.lotteries > 200)
        #expect(details.lotterySeatsLeft > details.seats / 2)
        #expect(details.lotterySeatsLeft - details.unused > details.seats / 2)
        #expect(details.cohortServed == details.cohort)
    }

    @Test func theSameSeedGivesTheSameStandingLotteries() {
        let small = SimulationParameters.scaled(0.1)
        let first = ScalperSimulation.run(policy: .releaseLottery, parameters: small, seed: 9)
        let second = ScalperSimulation.run(policy: .releaseLottery, parameters: small, seed: 9)
        let other = ScalperSimulation.run(policy: .releaseLottery, parameters: small, seed: 10)
        #expect(first == second)
        #expect(first.details == second.details)
        #expect(first.details != other.details)
    }

    // MARK: Tickets for one window (`release-lottery-window`)

    @Test func perTicketBotsAndPeopleHaveTheSameOdds() throws {
        let outcome = ScalperSimulation.run(policy: .releaseLotteryWindow, parameters: quarter, seed: 2026)
        let ratio = try #require(outcome.advantageRatio, "scalpers must have entered clients")
        #expect(ratio > 0.8 && ratio < 1.25)
        #expect(!outcome.details.advantageIsFloor)
    }

    @Test func peopleWhoLookRarelyMissMostWindowsAndScalpersSellThat() throws {
        // act
        let outcome = ScalperSimulation.run(policy: .releaseLotteryWindow, parameters: quarter, seed: 2026)
        // check: three looks a day catch few 30-minute windows; a client's bot is in every one
        #expect(try #require(outcome.lotteryEntryShare) < 0.3)
        #expect(try #require(outcome.perReleaseAdvantageRatio) > 3)
        #expect(outcome.scalperShare > 0.3)
        #expect(outcome.scalperProfit > 0)
    }

    @Test func whenPeopleCatchTheWindowsTheServiceIsWorthNothing() throws {
        // setup: long windows and frequent looks, as alerts sent at each release would give
        var parameters = quarter
        parameters.lotteryMinutes = 240
        parameters.checksPerDay = 48
        parameters.urgentChecksPerDay = 48
        // act
        let outcome = ScalperSimulation.run(policy: .releaseLotteryWindow, parameters: parameters, seed: 2026)
        // check
        #expect(try #require(outcome.lotteryEntryShare) > 0.95)
        #expect(outcome.scalperShare < 0.02)
        #expect(outcome.scalperProfit <= 0)
    }

    @Test func windowLotteryLosersTryAgainAtLaterReleases() throws {
        // setup: nearly everyone waiting enters each lottery, and there are more of them than seats
        var parameters = quarter
        parameters.scalperOperations = 0
        parameters.lotteryMinutes = 240
        parameters.checksPerDay = 48
        // act
        let outcome = ScalperSimulation.run(policy: .releaseLotteryWindow, parameters: parameters, seed: 5)
        // check
        let details = outcome.details
        #expect(details.lotteries > 200)
        #expect(details.genuineWins < details.lotteryEntrants / 2)
        #expect(details.lotteryEntrants > 3 * everyone(parameters))
        #expect(Double(details.cohortServed) > 0.85 * Double(details.cohort))
    }

    @Test func seatsLeftAfterAnEmptyWindowGoFirstComeFirstServed() throws {
        // setup: nobody can finish the form inside a one-minute window, so every lottery has no entrant
        var parameters = quarter
        parameters.scalperOperations = 0
        parameters.lotteryMinutes = 1
        parameters.bookingMinutes = 4
        // act
        let outcome = ScalperSimulation.run(policy: .releaseLotteryWindow, parameters: parameters, seed: 5)
        // check: the seats still reach people, at their next look
        let details = outcome.details
        #expect(details.lotteries > 200)
        #expect(details.lotteryEntrants == 0)
        #expect(details.lotterySeatsLeft > details.seats * 95 / 100)
        #expect(details.attendedDirect > details.seats * 95 / 100)
        #expect(details.unused < details.seats * 5 / 100)
    }

    @Test func theSameSeedGivesTheSameWindowLotteries() {
        let small = SimulationParameters.scaled(0.1)
        let first = ScalperSimulation.run(policy: .releaseLotteryWindow, parameters: small, seed: 9)
        let second = ScalperSimulation.run(policy: .releaseLotteryWindow, parameters: small, seed: 9)
        let other = ScalperSimulation.run(policy: .releaseLotteryWindow, parameters: small, seed: 10)
        #expect(first == second)
        #expect(first.details == second.details)
        #expect(first.details != other.details)
    }
}
