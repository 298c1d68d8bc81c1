import Foundation

/// How much of a speed race a release or a draw window was (issue 10, point 3): how fast its seats went, how many
/// askers came in the first seconds, and how many seats went to clusters that the suspicion review flagged later.
/// A release whose seats are gone within a minute is a race that bots win whatever the rules; its procedure should
/// move to a daily draw.
public struct SpeedRace: Sendable, Equatable {
    /// Seconds from the instant to the moment its last seat was taken; nil while a seat is still free.
    public let secondsToLastSeat: Double?
    /// Share of the holds or tickets that arrived within `firstSeconds` of the instant; nil when nobody asked.
    public let earlyShare: Double?
    /// Share of the seats given that went to bookings later flagged or cancelled after review; nil when none given.
    public let flaggedShare: Double?
    public let seats: Int
    public let asks: Int

    /// Faster than a person reads a page and fills a form.
    public static let firstSeconds: Double = 10
    /// Sold out faster than this: a race.
    public static let raceSeconds: Double = 60

    public init(secondsToLastSeat: Double?, earlyShare: Double?, flaggedShare: Double?, seats: Int, asks: Int) {
        self.secondsToLastSeat = secondsToLastSeat
        self.earlyShare = earlyShare
        self.flaggedShare = flaggedShare
        self.seats = seats
        self.asks = asks
    }

    /// One ask (a hold or a ticket) after the instant.
    public struct Ask: Sendable, Equatable {
        public let at: Date
        /// Whether it got a seat (a hold that was taken; a ticket that won).
        public let gotSeat: Bool
        /// Whether the booking it became was later flagged for review or cancelled after review.
        public let flagged: Bool

        public init(at: Date, gotSeat: Bool, flagged: Bool) {
            self.at = at
            self.gotSeat = gotSeat
            self.flagged = flagged
        }
    }

    /// Measures a release of `seats` seats at `instant` from the asks that followed it. `lastSeatTakenAt` is when
    /// the last of its seats went (a lottery's draw, or the hold that took the last first-come seat), nil if some
    /// are still free.
    public static func measure(instant: Date, seats: Int, asks: [Ask], lastSeatTakenAt: Date?) -> SpeedRace {
        let early = asks.filter { $0.at.timeIntervalSince(instant) <= firstSeconds }.count
        let won = asks.filter(\.gotSeat)
        return SpeedRace(
            secondsToLastSeat: lastSeatTakenAt.map { max(0, $0.timeIntervalSince(instant)) },
            earlyShare: asks.isEmpty ? nil : Double(early) / Double(asks.count),
            flaggedShare: won.isEmpty ? nil : Double(won.filter(\.flagged).count) / Double(won.count),
            seats: seats, asks: asks.count)
    }

    public var isRace: Bool { secondsToLastSeat.map { $0 < Self.raceSeconds } ?? false }

    /// Whether a procedure's recent releases were races: most of those that sold out did so within a minute.
    /// The median over the releases that sold out, so that one quiet release does not hide a pattern.
    public static func racing(_ releases: [SpeedRace]) -> Bool {
        guard let median = medianSecondsToLastSeat(releases) else { return false }
        return median < raceSeconds
    }

    public static func medianSecondsToLastSeat(_ releases: [SpeedRace]) -> Double? {
        let times = releases.compactMap(\.secondsToLastSeat).sorted()
        guard !times.isEmpty else { return nil }
        let middle = times.count / 2
        return times.count % 2 == 1 ? times[middle] : (times[middle - 1] + times[middle]) / 2
    }
}
