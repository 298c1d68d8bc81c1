import Fluent
import Foundation
import GuichetCore
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
        return try await db.sql.raw(takingReturned(slotID: slotID, counterIDs: counterIDs, now: now)).first().map(
            Taken.init(row:))
    }

    /// The same on the SQLite writer's own connection (the hold, `BookingService`), in two steps: the statement made
    /// beforehand on the caller's thread (`counterIDs` must not be empty), then run on the writer's.
    static func take(slotID: Int, counterIDs: [String], now: Date) throws -> DirectStatement {
        try DirectStatement(takingReturned(slotID: slotID, counterIDs: counterIDs, now: now))
    }

    static func take(_ statement: DirectStatement, on connection: DirectConnection) throws -> Taken? {
        try connection.rows(statement).first.map(Taken.init(row:))
    }

    private static func takingReturned(slotID: Int, counterIDs: [String], now: Date) -> SQLQueryString {
        "\(taking(slotID: slotID, counterIDs: counterIDs, now: now)) RETURNING counter_id, starts_at, ends_at, released_at"
    }

    /// The statement that takes the seat (`take`), without its RETURNING: also the first part of the PostgreSQL hold's
    /// single statement (`BookingService`). `counterIDs` must not be empty.
    static func taking(slotID: Int, counterIDs: [String], now: Date) -> SQLQueryString {
        return """
            UPDATE slots SET taken = taken + 1 \
            WHERE id = \(bind: slotID) AND counter_id IN (\(binds: counterIDs)) AND closed = \(bind: false) \
            AND taken < released AND starts_at > \(bind: now) AND lottery_window_id IS NULL
            """
    }

    /// A slot's counter and times, read without a lock before a seat of it is taken (what the hold's email shows: a
    /// slot's counter and times never change once it is made). `releasedAt` may be out of date by the time the seat
    /// is taken. Nil when there is no such slot.
    static func describe(slotID: Int, on db: any Database) async throws -> Taken? {
        let rows = try await PreparedStatements.rows(
            SQLQueryString(
                """
                SELECT counter_id, starts_at, ends_at, released_at FROM slots WHERE id = \(bind: slotID)
                """), on: db)
        return try rows.first.map(Taken.init(row:))
    }

    /// Gives a seat back to `planned`: it leaves the offer, and only a later release puts it on sale again.
    static func free(slotID: Int, on db: any Database) async throws {
        try await db.sql.raw(
            """
            UPDATE slots SET taken = taken - 1, released = released - 1 \
            WHERE id = \(bind: slotID) AND taken > 0
            """
        ).run()
    }

    /// Puts up to `seats` planned seats of a slot on offer. Returns how many were released. With `lottery`, the
    /// slot's free seats wait for that lottery: nobody takes them first come until it is drawn.
    @discardableResult
    static func release(slotID: Int, seats: Int, now: Date, lottery: String? = nil, on db: any Database) async throws
        -> Int
    {
        guard let slot = try await Slot.find(slotID, on: db) else { return 0 }
        let count = min(seats, slot.capacity - slot.released)
        guard count > 0 else { return 0 }
        let changed = try await db.sql.raw(
            """
            UPDATE slots SET released = released + \(bind: count), released_at = \(bind: now), \
            lottery_window_id = \(bind: lottery) \
            WHERE id = \(bind: slotID) AND released + \(bind: count) <= capacity AND lottery_window_id IS NULL \
            RETURNING id
            """
        ).all()
        return changed.isEmpty ? 0 : count
    }

    /// A lottery's seats: the free released seats of the slots it holds, one `DrawSeat` each.
    static func lotterySeats(window: String, on db: any Database) async throws -> [DrawSeat] {
        let rows = try await db.sql.raw(
            """
            SELECT id, counter_id, starts_at, released - taken AS seats FROM slots \
            WHERE lottery_window_id = \(bind: window) AND closed = \(bind: false) AND released > taken \
            ORDER BY starts_at, id
            """
        ).all()
        return try drawSeats(rows)
    }

    /// One `DrawSeat` per seat of each row (`id, counter_id, starts_at, seats`), in the rows' order.
    static func drawSeats(_ rows: [any SQLRow]) throws -> [DrawSeat] {
        try rows.flatMap { row -> [DrawSeat] in
            let seats = try row.decode(column: "seats", as: Int.self)
            let slotID = try row.decode(column: "id", as: Int.self)
            let counter = try row.decode(column: "counter_id", as: String.self)
            let start = try row.decode(column: "starts_at", as: Date.self)
            return (0..<seats).map { DrawSeat(slotID: slotID, seat: $0, counterID: counter, start: start) }
        }
    }

    /// Gives a lottery's winner one of the seats it held. Nil if the seat went meanwhile (the slot was closed).
    static func takeForLottery(slotID: Int, window: String, on db: any Database) async throws -> Taken? {
        let row = try await db.sql.raw(
            """
            UPDATE slots SET taken = taken + 1 \
            WHERE id = \(bind: slotID) AND lottery_window_id = \(bind: window) AND closed = \(bind: false) \
            AND taken < released \
            RETURNING counter_id, starts_at, ends_at, released_at
            """
        ).first()
        return try row.map(Taken.init(row:))
    }

    /// After its draw, a lottery's seats still free are first come, first served.
    static func endLottery(window: String, on db: any Database) async throws {
        try await db.sql.raw(
            """
            UPDATE slots SET lottery_window_id = NULL WHERE lottery_window_id = \(bind: window)
            """
        ).run()
    }
}

extension SeatLedger.Taken {
    /// A `RETURNING counter_id, starts_at, ends_at, released_at` row.
    init(row: any SQLRow) throws {
        self.init(
            counterID: try row.decode(column: "counter_id", as: String.self),
            startsAt: try row.decode(column: "starts_at", as: Date.self),
            endsAt: try row.decode(column: "ends_at", as: Date.self),
            releasedAt: try row.decode(column: "released_at", as: Date?.self))
    }
}
