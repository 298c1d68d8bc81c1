import Foundation

/// The evidence for the allocation rules (issue 3, points 9–12): a simulated year of genuine applicants and scalper
/// operations under each policy, allocated by the production `ReleasePlanner` and `Draw`, on a simulated clock.
///
/// How the model works, its parameters and its crude spots: `docs/fairness.md`.
public enum ScalperSimulation {
    public static let defaultSeed: UInt64 = 2026

    /// One policy. The same seed gives the same applicants under every policy, and the same figures on every run.
    public static func run(
        policy: SimulationPolicy, parameters: SimulationParameters = SimulationParameters(),
        seed: UInt64 = defaultSeed,
        progress: (@Sendable (Double) -> Void)? = nil
    ) -> PolicyOutcome {
        run(policy: policy, world: SimulationWorld(parameters: parameters, seed: seed), seed: seed, progress: progress)
    }

    /// Several policies, side by side on as many cores as there are, in the order given. `progress` receives the
    /// overall fraction done.
    public static func run(
        policies: [SimulationPolicy], parameters: SimulationParameters = SimulationParameters(),
        seed: UInt64 = defaultSeed,
        progress: (@Sendable (Double) -> Void)? = nil
    ) async -> [PolicyOutcome] {
        let world = SimulationWorld(parameters: parameters, seed: seed)
        let tracker = ProgressTracker(parts: policies.count, report: progress)
        return await withTaskGroup(of: (Int, PolicyOutcome).self) { group in
            for (index, policy) in policies.enumerated() {
                group.addTask {
                    (index, run(policy: policy, world: world, seed: seed) { tracker.update(part: index, to: $0) })
                }
            }
            var outcomes: [(Int, PolicyOutcome)] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    static func run(
        policy: SimulationPolicy, world: SimulationWorld, seed: UInt64,
        progress: (@Sendable (Double) -> Void)?
    ) -> PolicyOutcome {
        let engine = SimulationEngine(
            policy: policy, world: world, seed: seed,
            distinctIdentities: policy.forcesDistinctIdentities, progress: progress)
        engine.run()
        progress?(1)
        return outcome(of: engine)
    }

    static func outcome(of engine: SimulationEngine) -> PolicyOutcome {
        let world = engine.world
        var details = engine.details
        details.meanActiveOperations =
            engine.measuredPeriods == 0
            ? 0
            : Double(engine.activeOperationPeriods) / Double(engine.measuredPeriods)

        let endDate = ParisTime.civilDate(of: Date(timeIntervalSince1970: world.end))
        var waits: [Double] = []
        var decided = 0
        var beforeExpiry = 0
        for (index, applicant) in world.applicants.enumerated() where engine.isMeasured(applicant.arrival) {
            details.cohort += 1
            let seat = engine.people[index].seat
            if seat >= 0 {
                details.cohortServed += 1
                waits.append((world.seats[seat].start - applicant.arrival) / SimulationWorld.day)
            } else {
                waits.append((world.end - applicant.arrival) / SimulationWorld.day)
            }
            guard let expiry = applicant.expiry else { continue }
            if seat >= 0 {
                decided += 1
                if world.seats[seat].date <= expiry { beforeExpiry += 1 }
            } else if expiry < endDate {
                decided += 1
            }
        }
        details.meanWaitDays = waits.isEmpty ? 0 : round(waits.reduce(0, +) / Double(waits.count), places: 1)
        waits.sort()
        let median =
            waits.isEmpty
            ? 0
            : (waits[(waits.count - 1) / 2] + waits[waits.count / 2]) / 2

        let attended = details.attendedDirect + details.attendedBought
        let scalperShare = attended == 0 ? 0 : Double(details.attendedBought) / Double(attended)
        var advantage: Double?
        // Compared draw by draw (release by release): the odds change over the year as queues grow, and scalpers
        // are not in the market all year, so pooling the year's attempts would compare different moments.
        // When genuine applicants never won while scalpers tried, their odds are taken as half a win over all their
        // attempts: the ratio is then a floor on an advantage too large to measure, rather than a division by zero.
        if details.scalperAttempts > 0, details.genuineAttempts > 0 {
            let floor = 0.5 * Double(details.scalperAttempts) / Double(details.genuineAttempts)
            details.advantageIsFloor = details.scalperWinsAtGenuineOdds == 0
            let atGenuineOdds = details.advantageIsFloor ? floor : details.scalperWinsAtGenuineOdds
            if atGenuineOdds > 0 {
                advantage = round(Double(details.scalperWins) / atGenuineOdds, places: 3)
            }
        }
        return PolicyOutcome(
            policy: engine.policy,
            genuineShare: round(1 - round(scalperShare, places: 4), places: 4),
            scalperShare: round(scalperShare, places: 4),
            advantageRatio: advantage,
            scalperProfit: round(details.revenue - details.costs, places: 0),
            servedBeforeExpiry: decided == 0 ? 1 : round(Double(beforeExpiry) / Double(decided), places: 4),
            medianWaitDays: round(median, places: 1),
            details: details)
    }

    static func round(_ value: Double, places: Int) -> Double {
        let scale = pow(10, Double(places))
        return (value * scale).rounded() / scale
    }
}

extension SimulationPolicy {
    /// Whether each booking or request needs an identity of its own (bought by a scalper at `identityCost`).
    /// Decided by the production checks rather than asserted: the old system's tricks, one mailbox with "+tag" and
    /// dotted variants and placeholder names, are run through `EmailAddress.key` and `PersonName.validate`. The old
    /// system had neither check.
    public var forcesDistinctIdentities: Bool {
        guard self != .fcfsWeekly else { return false }
        let variants = ["stock+1@gmail.com", "s.tock+2@gmail.com", "STOCK@googlemail.com"].map(EmailAddress.key)
        let oneMailboxFolds = Set(variants).count == 1
        let placeholderRefused = (try? PersonName.validate("Xxx")) == nil
        return oneMailboxFolds || placeholderRefused
    }
}

/// Adds up the progress of policies running side by side. Locked because each reports from its own task.
final class ProgressTracker: @unchecked Sendable {
    // @unchecked: `fractions` is only touched while holding `lock`.
    private let lock = NSLock()
    private var fractions: [Double]
    private let report: (@Sendable (Double) -> Void)?

    init(parts: Int, report: (@Sendable (Double) -> Void)?) {
        fractions = Array(repeating: 0, count: max(1, parts))
        self.report = report
    }

    func update(part: Int, to fraction: Double) {
        guard let report else { return }
        let total = lock.withLock {
            fractions[part] = fraction
            return fractions.reduce(0, +) / Double(fractions.count)
        }
        report(total)
    }
}
