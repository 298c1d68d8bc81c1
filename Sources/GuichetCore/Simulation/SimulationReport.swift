import Foundation

/// The simulation's outcomes as people read them: a text table, the published JSON, an SVG chart.
public struct SimulationReport: Sendable {
    public let outcomes: [PolicyOutcome]
    public let parameters: SimulationParameters
    public let seed: UInt64

    public init(outcomes: [PolicyOutcome], parameters: SimulationParameters, seed: UInt64) {
        self.outcomes = outcomes
        self.parameters = parameters
        self.seed = seed
    }

    /// `{"policies": [{"policy", "genuineShare", "scalperShare", "advantageRatio", "scalperProfit",
    /// "servedBeforeExpiry", "medianWaitDays"}]}`, keys in that order. Written by hand because `JSONEncoder` promises
    /// no key order, and a published figure should read the same in every diff.
    public func json() -> String {
        let objects = outcomes.map { outcome in
            let fields: [(String, String)] = [
                ("policy", "\"\(outcome.policy.rawValue)\""),
                ("genuineShare", Self.number(outcome.genuineShare)),
                ("scalperShare", Self.number(outcome.scalperShare)),
                ("advantageRatio", outcome.advantageRatio.map(Self.number) ?? "null"),
                ("scalperProfit", Self.number(outcome.scalperProfit)),
                ("servedBeforeExpiry", Self.number(outcome.servedBeforeExpiry)),
                ("medianWaitDays", Self.number(outcome.medianWaitDays)),
            ]
            return "    {" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
        }
        return "{\"policies\": [\n" + objects.joined(separator: ",\n") + "\n]}\n"
    }

    /// Whole numbers without a fraction, others in Swift's shortest round-trip form; never NaN or infinity.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }

    public func table() -> String {
        let header = ["policy", "genuine", "scalper", "advantage", "scalper profit", "before expiry", "median wait"]
        var rows = [header]
        for outcome in outcomes {
            rows.append([
                outcome.policy.rawValue,
                Self.percent(outcome.genuineShare),
                Self.percent(outcome.scalperShare),
                outcome.advantageRatio.map { (outcome.details.advantageIsFloor ? "at least " : "") + Self.ratio($0) }
                    ?? "n/a",
                Self.euros(outcome.scalperProfit),
                Self.percent(outcome.servedBeforeExpiry),
                String(format: "%.1f days", outcome.medianWaitDays),
            ])
        }
        var text = Self.align(rows, rightAligned: Set(1..<header.count))
        text += "\n"
        var detailRows = [
            [
                "policy", "sales", "no-show seats", "unused seats", "failed handoffs", "operations in market",
                "mean wait",
            ]
        ]
        for outcome in outcomes {
            let details = outcome.details
            detailRows.append([
                outcome.policy.rawValue, Self.grouped(details.sales), Self.grouped(details.scalperNoShows),
                Self.grouped(details.unused), Self.grouped(details.failedHandoffs),
                String(format: "%.1f of %d", details.meanActiveOperations, parameters.scalperOperations),
                String(format: "%.1f days", details.meanWaitDays),
            ])
        }
        text += Self.align(detailRows, rightAligned: Set(1..<detailRows[0].count))
        let notes = outcomes.flatMap(Self.notes)
        if !notes.isEmpty { text += "\n" + notes.joined(separator: "\n") + "\n" }
        text +=
            "\nseed \(seed); \(Self.grouped(parameters.appointmentsPerYear)) seats and "
            + "\(Self.grouped(parameters.applicantsPerYear)) applicants a year; \(parameters.scalperOperations) scalper "
            + "operations; resale at \(Self.euros(parameters.resalePrice)); measured over \(parameters.weeks) weeks "
            + "after \(parameters.warmUpWeeks) weeks of warm-up.\n"
        return text
    }

    /// What the advantage ratio alone hides: with tiers, whether the order inside a tier favours anyone; with release
    /// lotteries, how often people have a ticket and what a client's being in every one is worth per release.
    static func notes(_ outcome: PolicyOutcome) -> [String] {
        var notes: [String] = []
        let name = outcome.policy.rawValue
        if outcome.policy.hasPriorityTiers, let sameTier = outcome.sameTierAdvantageRatio {
            notes.append(
                "\(name): in its own tier, a scalper's request had \(Self.ratio(sameTier)) times the odds "
                    + "of a genuine request of that tier.")
        }
        if let entered = outcome.lotteryEntryShare {
            var note =
                "\(name): waiting people without a scalper had a ticket in \(Self.percent(entered)) of the "
                + "lotteries"
            if let perRelease = outcome.perReleaseAdvantageRatio {
                note +=
                    "; per release, a scalper's client (a ticket in all) had \(Self.ratio(perRelease)) times "
                    + "a waiting person's odds"
            }
            notes.append(note + ".")
        }
        return notes
    }

    static func align(_ rows: [[String]], rightAligned: Set<Int>) -> String {
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return rightAligned.contains(column) ? padding + cell : cell + padding
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    static func percent(_ share: Double) -> String {
        String(format: "%.1f %%", share * 100)
    }

    static func ratio(_ value: Double) -> String {
        value >= 1000 ? grouped(Int(value.rounded())) : String(format: value >= 10 ? "%.1f" : "%.2f", value)
    }

    static func euros(_ value: Double) -> String {
        (value < 0 ? "-" : "") + grouped(Int(abs(value).rounded())) + " EUR"
    }

    /// Thousands separated by commas, whatever the host's locale.
    static func grouped(_ value: Int) -> String {
        let digits = String(abs(value))
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return (value < 0 ? "-" : "") + result
    }
}
