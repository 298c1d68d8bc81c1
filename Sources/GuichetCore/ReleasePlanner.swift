import Foundation

/// A slot's seats still in `planned` state, as a release sees them.
public struct PlannedSeats: Hashable, Sendable {
    public let slotID: Int
    public let start: Date
    public let planned: Int

    public init(slotID: Int, start: Date, planned: Int) {
        self.slotID = slotID
        self.start = start
        self.planned = planned
    }
}

/// When releases happen and what each one offers. Pure: the job that stores the instants and flips seats to
/// `released` lives in the application.
public enum ReleasePlanner {
    /// `policy.releasesPerWeek` instants drawn uniformly, to the second, over the windows of the seven days starting
    /// at `weekStart` (callers pass a Monday), skipping French public holidays, sorted ascending.
    ///
    /// Uniform over the windows' real length, not per day or per window: any pattern (one release a day, one per
    /// morning) is something a scalper can learn and wait for. Instants come from Paris wall-clock hours through
    /// `ParisTime`, so a window keeps its local hours across a daylight-saving change, and a window over the spring
    /// gap is an hour shorter while one over the autumn overlap covers both passes of the repeated hour.
    /// Production passes `SystemRandomNumberGenerator` (cryptographically secure on Linux and macOS): a seeded
    /// generator would let anyone who learns the seed predict every release.
    public static func instants<G: RandomNumberGenerator>(
        policy: ReleasePolicy, weekStart: CivilDate, using generator: inout G
    ) -> [Date] {
        let spans = windowSpans(policy: policy, weekStart: weekStart)
        let totalSeconds = spans.reduce(0) { $0 + $1.seconds }
        guard policy.releasesPerWeek > 0, totalSeconds > 0 else { return [] }
        var result: [Date] = []
        result.reserveCapacity(policy.releasesPerWeek)
        for _ in 0..<policy.releasesPerWeek {
            var offset = Int(uniform(below: UInt64(totalSeconds), using: &generator))
            for span in spans {
                if offset < span.seconds {
                    result.append(Date(timeIntervalSince1970: TimeInterval(span.start + offset)))
                    break
                }
                offset -= span.seconds
            }
        }
        return result.sorted()
    }

    /// Which planned seats one release offers: seats of slots starting at least `policy.minimumLeadHours` after
    /// `now`, earliest slot first (ties by slot id, so the choice is reproducible), at most `policy.seatsPerRelease`
    /// seats in all. Returns slot id → seats to release.
    ///
    /// Earliest first so that seats are used before their day passes; the lead time keeps those seats from being
    /// released so late that only someone watching the site at that minute could take them.
    public static func choose(candidates: [PlannedSeats], policy: ReleasePolicy, now: Date) -> [Int: Int] {
        let earliestStart = now.addingTimeInterval(TimeInterval(policy.minimumLeadHours) * 3600)
        let eligible =
            candidates
            .filter { $0.planned > 0 && $0.start >= earliestStart }
            .sorted { ($0.start, $0.slotID) < ($1.start, $1.slotID) }
        var remaining = policy.seatsPerRelease
        var chosen: [Int: Int] = [:]
        for candidate in eligible where remaining > 0 {
            let seats = min(candidate.planned, remaining)
            chosen[candidate.slotID, default: 0] += seats
            remaining -= seats
        }
        return chosen
    }

    /// A stretch of real time, in whole seconds since 1970, during which a release may happen.
    private struct Span {
        let start: Int
        let seconds: Int
    }

    /// The week's release windows as real-time spans. Overlapping windows on one day are merged, so that a stretch
    /// listed twice in the configuration is not twice as likely to get a release.
    private static func windowSpans(policy: ReleasePolicy, weekStart: CivilDate) -> [Span] {
        var spans: [Span] = []
        for dayOffset in 0..<7 {
            let date = weekStart.adding(days: dayOffset)
            guard !FrenchHolidays.isHoliday(date) else { continue }
            let ranges = policy.windows
                .filter { $0.weekdays.contains(date.weekday) }
                .map(\.hours)
                .sorted { ($0.startMinute, $0.endMinute) < ($1.startMinute, $1.endMinute) }
            var merged: [(start: Int, end: Int)] = []
            for range in ranges {
                if let last = merged.last, range.startMinute <= last.end {
                    merged[merged.count - 1].end = max(last.end, range.endMinute)
                } else {
                    merged.append((range.startMinute, range.endMinute))
                }
            }
            for range in merged {
                let start = seconds(ParisTime.instant(date: date, minuteOfDay: range.start))
                let end = seconds(ParisTime.instant(date: date, minuteOfDay: range.end))
                if end > start { spans.append(Span(start: start, seconds: end - start)) }
            }
        }
        return spans
    }

    private static func seconds(_ instant: Date) -> Int {
        Int(instant.timeIntervalSince1970.rounded(.down))
    }

    /// Uniform in 0..<bound by rejection, as `Tokens` does, rather than the standard library's `random(in:using:)`,
    /// whose algorithm may change between Swift releases and would silently move every seeded test and simulation.
    private static func uniform<G: RandomNumberGenerator>(below bound: UInt64, using generator: inout G) -> UInt64 {
        // Draws at or above the largest multiple of `bound` would favour the low offsets.
        let limit = UInt64.max - UInt64.max % bound
        var draw = generator.next()
        while draw >= limit { draw = generator.next() }
        return draw % bound
    }
}
