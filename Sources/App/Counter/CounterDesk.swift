import Fluent
import Foundation
import GuichetCore
import SQLKit

/// The counter's side of an appointment: the day's list, the scanned convocation, and the agent's actions
/// (check-in, rejection, served, no-show), each written once with its audit entry.
struct CounterDesk: Sendable {
    let db: any Database
    let services: GuichetServices

    /// What a scan found.
    enum Lookup {
        case unknown
        /// `forged`: the QR code's signature does not match the appointment's claims.
        case found(Appointment, Slot, forged: Bool)
    }

    /// Who acts, for the audit entry.
    struct Actor: Sendable {
        let name: String
        let remote: String?
    }

    enum Outcome: Equatable {
        case done
        /// The rules refuse it (read before the write).
        case refused([CounterObstacle])
        /// Another agent changed the status first.
        case conflict
    }

    /// The day's appointments at a counter, by time: pending holds and expired ones are not appointments yet.
    static func day(counterID: String, date: CivilDate, on db: any Database) async throws -> [(Appointment, Slot)] {
        let from = ParisTime.instant(date: date, minuteOfDay: 0)
        let to = ParisTime.instant(date: date.adding(days: 1), minuteOfDay: 0)
        let rows = try await Appointment.query(on: db)
            .join(Slot.self, on: \Appointment.$slot.$id == \Slot.$id)
            .filter(Slot.self, \.$counter.$id == counterID)
            .filter(Slot.self, \.$startsAt >= from)
            .filter(Slot.self, \.$startsAt < to)
            .filter(\.$status !~ [AppointmentStatus.pending, .expired])
            .sort(Slot.self, \.$startsAt)
            .sort(\.$familyName)
            .all()
        return try rows.map { ($0, try $0.joined(Slot.self)) }
    }

    /// The appointment behind a scanned or typed code; a signature, when scanned, must match its claims.
    func lookup(_ scanned: ScannedCode) async throws -> Lookup {
        guard let appointment = try await Appointment.query(on: db).filter(\.$convocationCode == scanned.code).first(),
            let slot = try await Slot.find(appointment.$slot.id, on: db)
        else { return .unknown }
        var forged = false
        if let signature = scanned.signature {
            forged = !ConvocationSignature.verify(
                Verification.convocationClaims(appointment, slot), signature: signature,
                with: services.signingKey.publicKey)
        }
        return .found(appointment, slot, forged: forged)
    }

    func obstacles(to action: CounterAction, _ appointment: Appointment, _ slot: Slot, atCounter counter: String)
        -> [CounterObstacle]
    {
        CounterRules.obstacles(
            to: action, status: appointment.status, appointmentCounter: slot.$counter.id,
            start: slot.startsAt, atCounter: counter, now: services.clock.now())
    }

    /// Applies `action` if the rules allow it and the status is still the expected one (a conditional UPDATE, so
    /// two agents cannot both apply it). The status change, the release of the person's claims, the audit entry
    /// and (for a rejection) the review flag are one transaction. The seat stays taken: a person seen at the
    /// counter, or expected and absent, has used it.
    func apply(
        _ action: CounterAction, to id: UUID, atCounter counter: String, reason: String = "",
        by actor: Actor
    ) async throws -> Outcome {
        guard let appointment = try await Appointment.find(id, on: db),
            let slot = try await Slot.find(appointment.$slot.id, on: db)
        else { throw RequestError.notFound }
        let refused = obstacles(to: action, appointment, slot, atCounter: counter)
        guard refused.isEmpty else { return .refused(refused) }
        let now = services.clock.now()
        return try await db.write(through: services.writeGate) { tx in
            let sql = tx.sql
            let changed: [any SQLRow]
            switch action {
            case .checkIn:
                changed = try await sql.raw(
                    """
                    UPDATE appointments SET status = \(bind: action.to.rawValue), checked_in_at = \(bind: now), \
                    checked_in_by = \(bind: actor.name) \
                    WHERE id = \(bind: id) AND status = \(bind: action.from.rawValue) RETURNING id
                    """
                ).all()
            case .reject, .serve, .noShow:
                changed = try await sql.raw(
                    """
                    UPDATE appointments SET status = \(bind: action.to.rawValue), closed_at = \(bind: now), \
                    close_reason = \(bind: action.auditAction) \
                    WHERE id = \(bind: id) AND status = \(bind: action.from.rawValue) RETURNING id
                    """
                ).all()
            }
            guard !changed.isEmpty else { return .conflict }
            // Seen (or absent) is no longer active: the person may book again; the seat is not given back.
            try await Claims.release(holderID: id.uuidString, on: tx)
            var detail = "counter=\(counter) slot=\(slot.id ?? 0)"
            if !reason.isEmpty { detail += " reason=\(reason)" }
            try await AuditEntry(
                at: now, actor: actor.name, action: action.auditAction, recordType: "appointment",
                recordID: id.uuidString, detail: detail, remote: actor.remote
            ).create(on: tx)
            if action == .reject {
                // The booking's cluster goes to the top of the supervisors' review.
                try await Suspicion.flag(
                    SuspicionSubject(.appointment, id.uuidString), reason: reason, actor: actor.name,
                    remote: actor.remote, now: now, on: tx)
            }
            return .done
        }
    }
}
