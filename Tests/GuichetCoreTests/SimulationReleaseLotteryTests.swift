import GuichetCore
import Testing

/// `release-lottery` on a quarter-size prefecture: `fcfs-random`'s release instants, each release's seats drawn among
/// those who asked within the window, what is left first come, first served.
@Suite struct SimulationReleaseLotteryTests {
    private let quarter = SimulationParameters.scaled(0.25)

    /// Every person in the run, backlog and tail included: more lottery entries than this means people entered more
    /// than once.
    private func everyone(_ parameters: SimulationParameters) -> Int {
        let weeks = parameters.initialBacklogWeeks + parameters.warmUpWeeks + parameters.weeks + parameters.tailWeeks
        return parameters.applicantsPerYear * (weeks + 1) / 52
    }

    @Test func perTicketBotsAndPeopleHaveTheSameOdds() throws {
        let outcome = ScalperSimulation.run(policy: .releaseLottery, parameters: quarter, seed: 2026)
        let ratio = try #require(outcome.advantageRatio, "scalpers must have entered clients")
        #expect(ratio > 0.8 && ratio < 1.25)
        #expect(!outcome.details.advantageIsFloor)
    }

    @Test func peopleWhoLookRarelyMissMostWindowsAndScalpersSellThat() throws {
        // act
        let outcome = ScalperSimulation.run(policy: .releaseLottery, parameters: quarter, seed: 2026)
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
        let outcome = ScalperSimulation.run(policy: .releaseLottery, parameters: parameters, seed: 2026)
        // check
        #expect(try #require(outcome.lotteryEntryShare) > 0.95)
        #expect(outcome.scalperShare < 0.02)
        #expect(outcome.scalperProfit <= 0)
    }

    @Test func lotteryLosersTryAgainAtLaterReleases() throws {
        // setup: nearly everyone waiting enters each lottery, and there are more of them than seats
        var parameters = quarter
        parameters.scalperOperations = 0
        parameters.lotteryMinutes = 240
        parameters.checksPerDay = 48
        // act
        let outcome = ScalperSimulation.run(policy: .releaseLottery, parameters: parameters, seed: 5)
        // check
        let details = outcome.details
        #expect(details.lotteries > 200)
        #expect(details.genuineWins < details.lotteryEntrants / 2)
        #expect(details.lotteryEntrants > 3 * everyone(parameters))
        #expect(Double(details.cohortServed) > 0.85 * Double(details.cohort))
    }

    @Test func seatsLeftAfterTheLotteryGoFirstComeFirstServed() throws {
        // setup: nobody can finish the form inside a one-minute window, so every lottery has no entrant
        var parameters = quarter
        parameters.scalperOperations = 0
        parameters.lotteryMinutes = 1
        parameters.bookingMinutes = 4
        // act
        let outcome = ScalperSimulation.run(policy: .releaseLottery, parameters: parameters, seed: 5)
        // check: the seats still reach people, at their next look
        let details = outcome.details
        #expect(details.lotteries > 200)
        #expect(details.lotteryEntrants == 0)
        #expect(details.attendedDirect > details.seats * 95 / 100)
        #expect(details.unused < details.seats * 5 / 100)
    }

    @Test func theSameSeedGivesTheSameLotteries() {
        let small = SimulationParameters.scaled(0.1)
        let first = ScalperSimulation.run(policy: .releaseLottery, parameters: small, seed: 9)
        let second = ScalperSimulation.run(policy: .releaseLottery, parameters: small, seed: 9)
        let other = ScalperSimulation.run(policy: .releaseLottery, parameters: small, seed: 10)
        #expect(first == second)
        #expect(first.details == second.details)
        #expect(first.details != other.details)
    }
}
