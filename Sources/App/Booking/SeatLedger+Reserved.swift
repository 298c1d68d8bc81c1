import Fluent
import Foundation
import SQLKit

/// The seats kept for urgent cases (`docs/decisions/0006`): planned seats, which no release has put on offer.
extension SeatLedger {
    /// Releases one planned seat of a future, open slot at one of `counterIDs` and takes it, in one statement:
    /// `released` and `taken` both grow by one, so `taken ≤ released ≤ capacity` holds before and after, and two
    /// agents granting the last planned seat cannot both have it. Returns nil when the slot has no planned seat.
    static func takeReserved(slotID: Int, counterIDs: [String], now: Date, on db: any Database) async throws -> Taken? {
        guard !counterIDs.isEmpty else { return nil }
        let row = try await db.sql.raw(
            """
            UPDATE slots SET released = released + 1, taken = taken + 1 \
            WHERE id = \(bind: slotID) AND counter_id IN (\(binds: counterIDs)) AND closed = \(bind: false) \
            AND released < capacity AND starts_at > \(bind: now) \
            RETURNING counter_id, starts_at, ends_at
            """
        ).first()
        guard let row else { return nil }
        return Taken(
            counterID: try row.decode(column: "counter_id", as: String.self),
            startsAt: try row.decode(column: "starts_at", as: Date.self),
            endsAt: try row.decode(column: "ends_at", as: Date.self),
            // Released by this very statement: an agent's grant, not a race after a release.
            releasedAt: nil)
    }

    /// A draw's seat: one planned seat of an open slot, released and taken in one statement (the draw read it as
    /// planned inside the same transaction). Nil if it went meanwhile.
    static func takeDrawn(slotID: Int, now: Date, on db: any Database) async throws -> Taken? {
        let row = try await db.sql.raw(
            """
            UPDATE slots SET released = released + 1, taken = taken + 1, released_at = \(bind: now) \
            WHERE id = \(bind: slotID) AND released < capacity AND closed = \(bind: false) \
            RETURNING counter_id, starts_at, ends_at, released_at
            """
        ).first()
        return try row.map(Taken.init(row:))
    }

    /// Open slots of these counters starting after `after` that still have a planned seat, earliest first: what
    /// an agent may grant.
    static func reservedSeats(
        counterIDs: [String], after: Date, limit: Int,
        on db: any Database
    ) async throws -> [Slot] {
        guard !counterIDs.isEmpty else { return [] }
        return try await Slot.query(on: db)
            .filter(\.$counter.$id ~~ counterIDs)
            .filter(\.$startsAt > after)
            .filter(\.$closed == false)
            .filter(\.$released, .lessThan, \.$capacity)
            .sort(\.$startsAt)
            .sort(\.$counter.$id)
            .with(\.$counter, { $0.with(\.$site) })
            .limit(limit)
            .all()
    }
}
