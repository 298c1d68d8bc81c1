import Foundation

/// The source of "now" for every rule that depends on time (hold expiry, release instants, draw windows), injected
/// so tests and the simulation can run a week in milliseconds.
///
/// Named `GuichetClock` because the standard library already has a `Clock` protocol, for durations rather than
/// calendar instants.
public protocol GuichetClock: Sendable {
    func now() -> Date
}

public struct SystemClock: GuichetClock {
    public init() {}

    public func now() -> Date { Date() }
}

/// A clock that moves only when told to, for tests. A class, so that the code under test and the test share it.
public final class TestClock: GuichetClock, @unchecked Sendable {
    // @unchecked: `current` is only touched while holding `lock`. (`Mutex` would need macOS 15.)
    private let lock = NSLock()
    private var current: Date

    public init(_ start: Date) {
        current = start
    }

    public func now() -> Date {
        lock.withLock { current }
    }

    public func set(_ instant: Date) {
        lock.withLock { current = instant }
    }

    public func advance(by interval: TimeInterval) {
        lock.withLock { current += interval }
    }
}
