import Fluent
import Foundation
import GuichetCore
import SQLKit

/// The walk-in queue of a counter serving a walk-in procedure (the 10-year card renewal): numbered tickets
/// issued while the counter's hours are open, called in order, then served or gone.
struct WalkInQueue: Sendable {
    let db: any Database
    let services: GuichetServices
    let counter: Counter

    struct Actor: Sendable {
        let name: String
        let remote: String?
    }

    enum Failure: Error, Equatable {
        /// Outside the counter's hours (or a holiday, or a closure); when it opens next, if known.
        case closed(next: Date?)
        case nobodyWaiting
        /// The ticket was already called, served or gone (another agent was quicker).
        case conflict
    }

    /// The counters whose procedures include a walk-in one, by id.
    static func counters(on db: any Database) async throws -> [Counter] {
        let walkIn = try await Procedure.query(on: db).filter(\.$mode == Mode.walkIn.rawValue).inService()
            .all().compactMap(\.id)
        guard !walkIn.isEmpty else { return [] }
        let ids = Set(
            try await CounterProcedure.query(on: db).filter(\.$procedure.$id ~~ walkIn).all().map { $0.$counter.id })
        return try await Counter.query(on: db).filter(\.$id ~~ Array(ids)).inService().sort(\.$id).all()
    }

    func schedule() throws -> OpeningSchedule {
        OpeningSchedule(hours: try counter.hours(), closures: try counter.closures())
    }

    var today: CivilDate { ParisTime.civilDate(of: services.clock.now()) }

    func tickets(on date: CivilDate) async throws -> [WalkInTicket] {
        try await WalkInTicket.query(on: db).filter(\.$counter.$id == counter.id!).filter(\.$day == date.iso)
            .sort(\.$number).all()
    }

    /// The next number of the day, taken by one INSERT … SELECT MAX + 1. SQLite writers queue behind the write
    /// gate; on PostgreSQL two processes may read the same maximum, and the unique (counter, day, number) index
    /// refuses the second, which simply tries again.
    /// Each lost race means another ticket was issued, so n agents at once need at most n attempts.
    static let issueAttempts = 25

    func issue(by actor: Actor) async throws -> WalkInTicket {
        let now = services.clock.now()
        let schedule = try schedule()
        guard schedule.isOpen(at: now) else { throw Failure.closed(next: schedule.nextOpening(after: now)) }
        let day = ParisTime.civilDate(of: now).iso
        let counterID = counter.id!
        for attempt in 1...Self.issueAttempts {
            let id = services.random.with { UUID.random(using: &$0) }
            do {
                try await db.write(through: services.writeGate) { tx in
                    try await tx.sql.raw(
                        """
                        INSERT INTO walk_in_tickets (id, counter_id, day, number, status, issued_at, issued_by) \
                        SELECT \(bind: id), \(bind: counterID), \(bind: day), COALESCE(MAX(number), 0) + 1, \
                        \(bind: WalkInTicket.Status.waiting.rawValue), \(bind: now), \(bind: actor.name) \
                        FROM walk_in_tickets WHERE counter_id = \(bind: counterID) AND day = \(bind: day)
                        """
                    ).run()
                    let ticket = try await WalkInTicket.find(id, on: tx)!
                    try await audit("walk_in_ticket_issued", ticket, "number=\(ticket.number)", actor, now, on: tx)
                }
                return try await WalkInTicket.find(id, on: db)!
            } catch let error where attempt < Self.issueAttempts && UniqueViolation.column(in: error) != nil {
                continue
            }
        }
        throw Failure.conflict
    }

    /// Calls the lowest waiting number of the day. Two agents calling at once get two different tickets: the
    /// update is conditional, and the one that finds its ticket taken tries the next.
    func callNext(by actor: Actor) async throws -> WalkInTicket {
        let now = services.clock.now()
        let day = today.iso
        let counterID = counter.id!
        for _ in 1...10 {
            guard
                let next = try await WalkInTicket.query(on: db).filter(\.$counter.$id == counterID).filter(
                    \.$day == day
                )
                .filter(\.$status == WalkInTicket.Status.waiting.rawValue).sort(\.$number).first()
            else { throw Failure.nobodyWaiting }
            let called = try await db.write(through: services.writeGate) { tx in
                let rows = try await tx.sql.raw(
                    """
                    UPDATE walk_in_tickets SET status = \(bind: WalkInTicket.Status.called.rawValue), \
                    called_at = \(bind: now), called_by = \(bind: actor.name) \
                    WHERE id = \(bind: next.id!) AND status = \(bind: WalkInTicket.Status.waiting.rawValue) RETURNING id
                    """
                ).all()
                guard !rows.isEmpty else { return false }
                try await audit("walk_in_ticket_called", next, "number=\(next.number)", actor, now, on: tx)
                return true
            }
            if called { return try await WalkInTicket.find(next.id!, on: db)! }
        }
        throw Failure.conflict
    }

    /// Served (only a called ticket) or left (a waiting or called one, when the person is gone).
    func close(_ id: UUID, as status: WalkInTicket.Status, by actor: Actor) async throws {
        guard let ticket = try await WalkInTicket.find(id, on: db), ticket.$counter.id == counter.id
        else { throw RequestError.notFound }
        let from: [WalkInTicket.Status] = status == .served ? [.called] : [.waiting, .called]
        let now = services.clock.now()
        let done = try await db.write(through: services.writeGate) { tx in
            let rows = try await tx.sql.raw(
                """
                UPDATE walk_in_tickets SET status = \(bind: status.rawValue), closed_at = \(bind: now), \
                closed_by = \(bind: actor.name) \
                WHERE id = \(bind: id) AND status IN \(SQLGroupExpression(SQLList(from.map { SQLBind($0.rawValue) }))) \
                RETURNING id
                """
            ).all()
            guard !rows.isEmpty else { return false }
            try await audit("walk_in_ticket_\(status.rawValue)", ticket, "number=\(ticket.number)", actor, now, on: tx)
            return true
        }
        if !done { throw Failure.conflict }
    }

    private func audit(
        _ action: String, _ ticket: WalkInTicket, _ detail: String, _ actor: Actor, _ now: Date,
        on tx: any Database
    ) async throws {
        try await AuditEntry(
            at: now, actor: actor.name, action: action, recordType: "walk_in_ticket",
            recordID: ticket.id!.uuidString, detail: "counter=\(counter.id!) day=\(ticket.day) \(detail)",
            remote: actor.remote
        ).create(on: tx)
    }
}
