import Foundation
import NIOConcurrencyHelpers

/// Encoded availability answers, served from memory.
///
/// Availability changes only when a seat is taken, freed or released. Every such change bumps `generation`, in this
/// process directly and on PostgreSQL from every other node through `SeatChangeListener`; an answer is reused while
/// no seat changed and for at most `maxAge`, and rebuilt at most once per `minAge` however busy booking is. So a
/// change shows everywhere within `minAge` and the notification's delay, and within `maxAge` when the notification
/// is lost (a database restart). A stale answer is harmless: the hold itself is checked by the database. So while one
/// request rebuilds an answer, the others are given the previous one instead of all rebuilding it at once (64 readers
/// rebuilding together every few seconds made reads' p99 150–200 ms). Each answer carries an entity tag, a digest of
/// its bytes, so a client that has the current answer is told so without them.
final class AvailabilityCache: @unchecked Sendable {
    private let lock = NIOLock()
    private var generation = 0
    private var entries: [String: (generation: Int, builtAt: ContinuousClock.Instant, answer: Answer)] = [:]
    /// Keys whose answer one request is rebuilding now.
    private var rebuilding: Set<String> = []
    let minAge: Duration
    let maxAge: Duration
    static let maxEntries = 2_000

    init(minAge: Duration = .milliseconds(500), maxAge: Duration = .seconds(5)) {
        self.minAge = minAge
        self.maxAge = maxAge
    }

    private var announce: (@Sendable () -> Void)?

    /// A seat changed in this process: forget, and tell the other nodes (`SeatChangeListener`, when listening).
    func seatsChanged() {
        let announce = lock.withLock {
            generation &+= 1
            return self.announce
        }
        announce?()
    }

    /// Another node (or a command, or an operator's SQL) changed seats: forget, and tell nobody.
    func heardChange() {
        lock.withLock { generation &+= 1 }
    }

    /// What `seatsChanged` also does: set by the listener while it runs.
    func announceChanges(with announce: (@Sendable () -> Void)?) {
        lock.withLock { self.announce = announce }
    }

    /// Forgets every answer, however young: for data that changed under answers kept regardless of seats.
    func removeAll() {
        lock.withLock {
            generation &+= 1
            entries.removeAll()
        }
    }

    /// An encoded answer and its entity tag (a quoted digest of the bytes: equal answers, equal tags, on every node).
    struct Answer: Sendable {
        let body: Data
        let etag: String

        init(body: Data) {
            self.body = body
            etag = EntityTag.of(body)
        }
    }

    func body(for key: String, build: () async throws -> Data) async throws -> Data {
        try await answer(for: key, build: build).body
    }

    func answer(for key: String, build: () async throws -> Data) async throws -> Answer {
        let now = ContinuousClock.now
        let (hit, startGeneration): (Answer?, Int) = lock.withLock {
            guard let entry = entries[key] else { return (nil, generation) }
            let age = now - entry.builtAt
            if age < minAge || (entry.generation == generation && age < maxAge) { return (entry.answer, generation) }
            if rebuilding.contains(key) { return (entry.answer, generation) }
            rebuilding.insert(key)
            return (nil, generation)
        }
        if let hit { return hit }
        defer { lock.withLock { _ = rebuilding.remove(key) } }
        let answer = Answer(body: try await build())
        lock.withLock {
            if entries.count >= Self.maxEntries { entries.removeAll(keepingCapacity: true) }
            entries[key] = (startGeneration, now, answer)
        }
        return answer
    }
}
