import Fluent
import Foundation
import GuichetCore
import Logging
import SQLKit

/// The periodic job behind "one person, one active appointment" for what the unique indexes cannot see: rows that
/// reached the database another way (agents, imports) or whose keys were computed under an older rule.
/// The earliest booking of each group stays; the others are cancelled, their people emailed, and each removal
/// is audited (action `duplicate_removed`, which the statistics count).
struct DuplicateSweep: Sendable {
    let db: any Database
    let services: GuichetServices
    let logger: Logger

    static let closeReason = "duplicate"
    static let auditAction = "duplicate_removed"

    /// Returns the ids of the appointments it cancelled.
    @discardableResult
    func run() async throws -> [UUID] {
        // Only the columns the comparison needs, not whole models: a prefecture has tens of thousands of active
        // appointments, and after a release as many holds (whole models cost 4 KB each, 450 MB for 90,000).
        let active: [SQLQueryString] = AppointmentStatus.active.map { "\(bind: $0.rawValue)" }
        let rows = try await db.sql.raw(
            """
            SELECT id, created_at, family_name, given_names, birth_date, nationality, foreign_number, email, phone \
            FROM appointments WHERE status IN (\(active.joined(separator: ", ")))
            """
        ).all()
        let candidates = try rows.compactMap { row -> DuplicateCandidate? in
            guard let birth = CivilDate(iso: try row.decode(column: "birth_date", as: String.self)) else { return nil }
            return DuplicateCandidate(
                id: try row.decode(column: "id", as: UUID.self).uuidString,
                createdAt: try row.decode(column: "created_at", as: Date.self),
                keys: DuplicateCandidate.keys(
                    familyName: try row.decode(column: "family_name", as: String.self),
                    givenNames: try row.decode(column: "given_names", as: String.self),
                    birthDate: birth,
                    nationality: try row.decode(column: "nationality", as: String.self),
                    foreignNumber: try row.decode(column: "foreign_number", as: String?.self),
                    email: try row.decode(column: "email", as: String.self),
                    phone: try row.decode(column: "phone", as: String?.self)))
        }
        var removed: [UUID] = []
        for group in DuplicateFinder.groups(candidates) {
            for id in group.removed {
                guard let uuid = UUID(uuidString: id), let appointment = try await Appointment.find(uuid, on: db) else {
                    continue
                }
                if try await cancel(appointment, keeping: group.kept) { removed.append(uuid) }
            }
        }
        if !removed.isEmpty {
            services.availability.seatsChanged()
            logger.notice("duplicate sweep: \(removed.count) appointments cancelled")
        }
        return removed
    }

    private func cancel(_ appointment: Appointment, keeping kept: String) async throws -> Bool {
        let now = services.clock.now()
        return try await db.write(through: services.writeGate) { tx in
            guard
                try await BookingService.close(appointment, as: .cancelled, reason: Self.closeReason, now: now, on: tx)
            else { return false }
            let language = Language(rawValue: appointment.language) ?? .fr
            let summary = try await BookingService.summary(of: appointment, language: language, on: tx)
            try await Outbox.enqueue(
                to: appointment.email, Mails.duplicateRemoved(slot: summary, language: language),
                now: now, on: tx)
            try await AuditEntry(
                at: now, actor: "system", action: Self.auditAction, recordType: "appointment",
                recordID: appointment.id!.uuidString, detail: "kept \(kept)"
            ).create(on: tx)
            return true
        }
    }
}
