import Foundation

/// At most `limit` events per `window` seconds for one key (an address, a network).
public struct RateRule: Sendable, Equatable {
    public let limit: Int
    public let window: TimeInterval

    public init(limit: Int, window: TimeInterval) {
        self.limit = limit
        self.window = window
    }
}

/// One key's count in its current fixed window. A window starts with the first event after the previous one ended,
/// so a key that stays quiet costs nothing and a refusal says exactly when the next event is allowed.
public struct RateWindow: Sendable, Equatable {
    public private(set) var start: Date
    public private(set) var count: Int

    public init(start: Date) {
        self.start = start
        self.count = 0
    }

    /// Whether the window is over at `now` (a clock set back also ends it, rather than locking a key out).
    public func isOver(at now: Date, rule: RateRule) -> Bool {
        now >= start.addingTimeInterval(rule.window) || now < start
    }

    /// How long until one more event is allowed; nil if it is allowed now. Counts nothing.
    public func wait(at now: Date, rule: RateRule) -> TimeInterval? {
        guard !isOver(at: now, rule: rule), count >= rule.limit else { return nil }
        return start.addingTimeInterval(rule.window).timeIntervalSince(now)
    }

    /// Counts one event, opening a new window if the current one is over.
    public mutating func record(at now: Date, rule: RateRule) {
        if isOver(at: now, rule: rule) {
            start = now
            count = 0
        }
        count += 1
    }
}
