import Fluent
import Foundation
import GuichetCore
import SQLKit

/// Planned seats (made, not yet on offer) and the changes an administrator makes to slots: what releases and draws
/// read before they put seats on offer, and the closing, reopening and resizing of slots when a counter changes.
extension SeatLedger {
    /// Every planned seat of the counters' open slots starting in `[earliest, end)`, as draw seats, earliest first.
    static func plannedSeats(
        counterIDs: [String], earliest: Date, end: Date,
        on db: any Database
    ) async throws -> [DrawSeat] {
        guard !counterIDs.isEmpty else { return [] }
        let rows = try await db.sql.raw(
            """
            SELECT id, counter_id, starts_at, capacity - released AS seats FROM slots \
            WHERE counter_id IN (\(binds: Array(counterIDs))) AND closed = \(bind: false) AND released < capacity \
            AND starts_at >= \(bind: earliest) AND starts_at < \(bind: end) \
            ORDER BY starts_at, id
            """
        ).all()
        return try drawSeats(rows)
    }

    /// The first `limit` open slots of the counters starting after `after` that have planned seats and that no
    /// lottery holds: what a release chooses from.
    static func plannedSlots(
        counterIDs: [String], after: Date, limit: Int,
        on db: any Database
    ) async throws -> [PlannedSeats] {
        guard !counterIDs.isEmpty, limit > 0 else { return [] }
        let rows = try await db.sql.raw(
            """
            SELECT id, starts_at, capacity - released AS planned FROM slots \
            WHERE counter_id IN (\(binds: Array(counterIDs))) AND closed = \(bind: false) AND released < capacity \
            AND lottery_window_id IS NULL \
            AND starts_at > \(bind: after) ORDER BY starts_at, id LIMIT \(unsafeRaw: String(limit))
            """
        ).all()
        return try rows.map {
            PlannedSeats(
                slotID: try $0.decode(column: "id", as: Int.self),
                start: try $0.decode(column: "starts_at", as: Date.self),
                planned: try $0.decode(column: "planned", as: Int.self))
        }
    }

    /// Takes one seat of an open slot for a person a counter change moves: a seat on offer if one is free, else a
    /// planned seat, released and taken at once (it never reaches the public offer). One conditional statement.
    static func takeForMove(slotID: Int, on db: any Database) async throws -> Bool {
        let rows = try await db.sql.raw(
            """
            UPDATE slots SET released = CASE WHEN taken < released THEN released ELSE released + 1 END, \
            taken = taken + 1 \
            WHERE id = \(bind: slotID) AND closed = \(bind: false) AND taken < capacity RETURNING id
            """
        ).all()
        return !rows.isEmpty
    }

    /// Closes slots: from this statement on no booking can land on them. Their seat counts are left as they are
    /// (the appointments on them are moved or cancelled by the caller, each freeing its own seat).
    static func close(slotIDs: [Int], on db: any Database) async throws {
        for chunk in slotIDs.chunked(500) {
            try await db.sql.raw("UPDATE slots SET closed = \(bind: true) WHERE id IN (\(binds: Array(chunk)))").run()
        }
    }

    /// Opens closed slots again with nothing on offer (`released = taken`): their seats go back to planned, and only
    /// a later release offers them.
    static func reopen(slotIDs: [Int], on db: any Database) async throws {
        for chunk in slotIDs.chunked(500) {
            try await db.sql.raw(
                """
                UPDATE slots SET closed = \(bind: false), released = taken \
                WHERE id IN (\(binds: Array(chunk))) AND closed = \(bind: true)
                """
            ).run()
        }
    }

    /// Sets the seats of a counter's future open slots to `seats`, never below what is already on offer (so
    /// `taken ≤ released ≤ capacity` holds: a shrink keeps the seats people hold).
    static func resize(counterID: String, seats: Int, after: Date, on db: any Database) async throws {
        try await db.sql.raw(
            """
            UPDATE slots SET capacity = CASE WHEN released > \(bind: seats) THEN released ELSE \(bind: seats) END \
            WHERE counter_id = \(bind: counterID) AND closed = \(bind: false) AND starts_at > \(bind: after)
            """
        ).run()
    }

    /// Adds `seats` planned seats to each open slot of a counter starting in `(after, end)`. Returns the slots
    /// changed.
    static func addSeats(
        _ seats: Int, counterID: String, after: Date, end: Date,
        on db: any Database
    ) async throws -> [Int] {
        let rows = try await db.sql.raw(
            """
            UPDATE slots SET capacity = capacity + \(bind: seats) \
            WHERE counter_id = \(bind: counterID) AND closed = \(bind: false) \
            AND starts_at > \(bind: after) AND starts_at < \(bind: end) RETURNING id
            """
        ).all()
        return try rows.map { try $0.decode(column: "id", as: Int.self) }
    }
}
