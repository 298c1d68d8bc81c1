import Foundation
import GuichetCore
import Testing

/// The model's mechanics on a smaller prefecture (a tenth of the size: same ratios, faster).
@Suite struct SimulationModelTests {
    private let small = SimulationParameters.scaled(0.1)

    @Test func theSameSeedGivesTheSameFigures() {
        for policy in SimulationPolicy.allCases {
            let first = ScalperSimulation.run(policy: policy, parameters: small, seed: 7)
            let second = ScalperSimulation.run(policy: policy, parameters: small, seed: 7)
            #expect(first == second, "\(policy.rawValue)")
            #expect(first.details == second.details, "\(policy.rawValue)")
        }
    }

    @Test func anotherSeedGivesOtherFigures() {
        let first = ScalperSimulation.run(policy: .fcfsWeekly, parameters: small, seed: 7)
        let second = ScalperSimulation.run(policy: .fcfsWeekly, parameters: small, seed: 8)
        #expect(first.details != second.details)
    }

    @Test func runningPoliciesSideBySideGivesWhatRunningThemAloneGives() async {
        let together = await ScalperSimulation.run(policies: [.draw, .fcfsWeekly], parameters: small, seed: 3)
        #expect(together.map(\.policy) == [.draw, .fcfsWeekly])
        #expect(together[0] == ScalperSimulation.run(policy: .draw, parameters: small, seed: 3))
        #expect(together[1] == ScalperSimulation.run(policy: .fcfsWeekly, parameters: small, seed: 3))
    }

    @Test func progressReachesTheEnd() async {
        let seen = ProgressLog()
        _ = await ScalperSimulation.run(policies: [.fcfsWeekly], parameters: small, seed: 1) { seen.add($0) }
        let values = seen.values
        #expect(values.last == 1)
        #expect(values == values.sorted())
    }

    @Test func withoutScalpersEveryAttendedAppointmentIsGenuine() {
        var parameters = small
        parameters.scalperOperations = 0
        for policy in SimulationPolicy.allCases {
            let outcome = ScalperSimulation.run(policy: policy, parameters: parameters, seed: 5)
            #expect(outcome.genuineShare == 1)
            #expect(outcome.scalperProfit == 0)
            #expect(outcome.advantageRatio == nil)
            #expect(outcome.details.scalperNoShows == 0)
        }
    }

    @Test func theOldHandoffOnlyFailsWhenSomeoneIsFasterThanTheRebooking() {
        let quick = ScalperSimulation.run(policy: .fcfsWeekly, parameters: small, seed: 11)
        #expect(quick.details.sales > 0)
        #expect(quick.details.failedHandoffs == 0)
        var slow = small
        slow.handoffSeconds = 60  // longer than a bot's poll and booking: the seat is snatched in the gap
        let snatched = ScalperSimulation.run(policy: .fcfsWeekly, parameters: slow, seed: 11)
        #expect(snatched.details.failedHandoffs > 0)
    }

    @Test func inADrawOnlyMisinformedBuyersPayAndTheyGainNothing() {
        var parameters = SimulationParameters.scaled(0.25)
        parameters.naiveBuyerShare = 0.3
        let outcome = ScalperSimulation.run(policy: .draw, parameters: parameters, seed: 2026)
        // They pay for a ticket that has the odds of the free request they gave up.
        #expect(outcome.details.sales > 0)
        let ratio = outcome.advantageRatio ?? 0
        #expect(ratio > 0.7 && ratio < 1.3)
    }

    @Test func theNewRulesMakeEachBookingNeedItsOwnIdentity() {
        // Decided by running the old tricks through the production checks (email key, exact names).
        #expect(!SimulationPolicy.fcfsWeekly.forcesDistinctIdentities)
        #expect(SimulationPolicy.fcfsRandom.forcesDistinctIdentities)
        #expect(SimulationPolicy.draw.forcesDistinctIdentities)
        #expect(SimulationPolicy.drawPriority.forcesDistinctIdentities)
        #expect(SimulationPolicy.dailyDraw.forcesDistinctIdentities)
        #expect(SimulationPolicy.releaseLottery.forcesDistinctIdentities)
        #expect(SimulationPolicy.releaseLotteryWindow.forcesDistinctIdentities)
    }

    @Test func newPoliciesComeAfterThePublishedOnes() {
        // A policy's random stream is its position: inserting one before another would change that one's figures.
        #expect(Array(SimulationPolicy.allCases.prefix(4)) == [.fcfsWeekly, .fcfsRandom, .draw, .drawPriority])
        #expect(
            SimulationPolicy.allCases.map(\.rawValue)
                == [
                    "fcfs-weekly", "fcfs-random", "draw", "draw-priority", "daily-draw", "release-lottery",
                    "release-lottery-window",
                ])
    }

    @Test func parametersAreChecked() {
        #expect(SimulationParameters().problem() == nil)
        var parameters = SimulationParameters()
        parameters.campingShare = 1.5
        #expect(parameters.problem() == "camping-share must be between 0 and 1")
        parameters = SimulationParameters()
        parameters.pollSeconds = 0
        #expect(parameters.problem() == "poll-seconds must be positive")
        parameters = SimulationParameters()
        parameters.expiryEarliestDays = 200
        #expect(parameters.problem() != nil)
        parameters = SimulationParameters()
        parameters.minimumLeadHours = 24 * 30
        #expect(parameters.problem() != nil)
    }

    @Test(arguments: [0.0, 0.5, 240.5, 1_000, -30])
    func aLotteryWindowOutsideOneToTwoHundredFortyMinutesIsRefused(minutes: Double) {
        var parameters = SimulationParameters()
        parameters.lotteryMinutes = minutes
        #expect(parameters.problem() == "lottery-minutes must be between 1 and 240")
    }

    @Test(arguments: [1.0, 30, 240])
    func aLotteryWindowOfOneToTwoHundredFortyMinutesIsAccepted(minutes: Double) {
        var parameters = SimulationParameters()
        parameters.lotteryMinutes = minutes
        #expect(parameters.problem() == nil)
    }

    @Test func theDailyDrawMinuteIsAMinuteOfTheDay() {
        var parameters = SimulationParameters()
        #expect(parameters.lotteryMinutes == 30)
        #expect(parameters.dailyDrawMinute == 14 * 60)
        for minute in [0, 23 * 60 + 59] {
            parameters.dailyDrawMinute = minute
            #expect(parameters.problem() == nil)
        }
        for minute in [-1, 24 * 60] {
            parameters.dailyDrawMinute = minute
            #expect(parameters.problem() == "daily-draw-minute must be between 0 and 1439")
        }
    }
}

/// Collects progress reports, which arrive from the simulation's task.
private final class ProgressLog: @unchecked Sendable {
    // @unchecked: `collected` is only touched while holding `lock`.
    private let lock = NSLock()
    private var collected: [Double] = []

    func add(_ value: Double) { lock.withLock { collected.append(value) } }
    var values: [Double] { lock.withLock { collected } }
}
