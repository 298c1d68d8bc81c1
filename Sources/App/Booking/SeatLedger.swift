import Fluent
import Foundation
import SQLKit

/// The only code that changes a slot's seat counts. Each change is one conditional statement, so two
/// concurrent bookings can never both take the last seat (no read-then-write).
enum SeatLedger {
    struct Taken: Sendable {
        let counterID: String
        let startsAt: Date
        let endsAt: Date
        /// When the slot's seats last went on offer (nil for seats seeded as released).
        let releasedAt: Date?
    }

    /// Takes one released, free seat of a future, open slot at one of `counterIDs` (the counters serving the
    /// procedure). Returns nil when there is none: the caller finds out why, off the hot path.
    static func take(slotID: Int, counterIDs: [String], now: Date, on db: any Database) async throws -> Taken? {
        guard !counterIDs.isEmpty else { return nil }
        let counters = SQLGroupExpression(SQLList(counterIDs.map { SQLBind($0) }))
        let row = try await (db as! any SQLDatabase).raw("""
            UPDATE slots SET taken = taken + 1 \
            WHERE id = \(bind: slotID) AND counter_id IN \(counters) AND closed = \(bind: false) \
            AND taken < released AND starts_at > \(bind: now) \
            RETURNING counter_id, starts_at, ends_at, released_at
            """).first()
        guard let row else { return nil }
        return Taken(counterID: try row.decode(column: "counter_id", as: String.self),
                     startsAt: try row.decode(column: "starts_at", as: Date.self),
                     endsAt: try row.decode(column: "ends_at", as: Date.self),
                     releasedAt: try row.decode(column: "released_at", as: Date?.self))
    }

    /// Gives a seat back to `planned`: it leaves the offer, and only a later release puts it on sale again.
    static func free(slotID: Int, on db: any Database) async throws {
        try await (db as! any SQLDatabase).raw("""
            UPDATE slots SET taken = taken - 1, released = released - 1 \
            WHERE id = \(bind: slotID) AND taken > 0
            """).run()
    }

    /// Puts up to `seats` planned seats of a slot on offer. Returns how many were released.
    @discardableResult
    static func release(slotID: Int, seats: Int, now: Date, on db: any Database) async throws -> Int {
        guard let slot = try await Slot.find(slotID, on: db) else { return 0 }
        let count = min(seats, slot.capacity - slot.released)
        guard count > 0 else { return 0 }
        try await (db as! any SQLDatabase).raw("""
            UPDATE slots SET released = released + \(bind: count), released_at = \(bind: now) \
            WHERE id = \(bind: slotID) AND released + \(bind: count) <= capacity
            """).run()
        return count
    }
}
