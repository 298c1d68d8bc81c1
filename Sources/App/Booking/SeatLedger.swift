import Fluent
import Foundation
import SQLKit

/// The only code that changes a slot's seat counts. Each change is one conditional statement, so two
/// concurrent bookings can never both take the last seat (no read-then-write).
enum SeatLedger {
    /// Takes one released, free seat of a future, open slot. Returns false when there is none.
    static func take(slotID: Int, now: Date, on db: any Database) async throws -> Bool {
        let rows = try await (db as! any SQLDatabase).raw("""
            UPDATE slots SET taken = taken + 1 \
            WHERE id = \(bind: slotID) AND closed = \(bind: false) AND taken < released AND starts_at > \(bind: now) \
            RETURNING id
            """).all()
        return !rows.isEmpty
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
