import Fluent
import Foundation
import GuichetCore
import Logging

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
        let active = try await Appointment.query(on: db)
            .filter(\.$status ~~ [AppointmentStatus.pending.rawValue, AppointmentStatus.confirmed.rawValue])
            .all()
        let candidates = active.compactMap { appointment -> DuplicateCandidate? in
            guard let birth = CivilDate(iso: appointment.birthDate) else { return nil }
            return DuplicateCandidate(
                id: appointment.id!.uuidString,
                createdAt: appointment.createdAt,
                keys: DuplicateCandidate.keys(familyName: appointment.familyName, givenNames: appointment.givenNames,
                                              birthDate: birth, nationality: appointment.nationality,
                                              foreignNumber: appointment.foreignNumber, email: appointment.email,
                                              phone: appointment.phone))
        }
        let byID = Dictionary(uniqueKeysWithValues: active.map { ($0.id!.uuidString, $0) })
        var removed: [UUID] = []
        for group in DuplicateFinder.groups(candidates) {
            for id in group.removed {
                guard let appointment = byID[id] else { continue }
                if try await cancel(appointment, keeping: group.kept) { removed.append(appointment.id!) }
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
            guard try await BookingService.close(appointment, as: .cancelled, reason: Self.closeReason, now: now, on: tx)
            else { return false }
            let language = Language(rawValue: appointment.language) ?? .fr
            let summary = try await BookingService.summary(of: appointment, language: language, on: tx)
            try await Outbox.enqueue(to: appointment.email, Mails.duplicateRemoved(slot: summary, language: language),
                                     now: now, on: tx)
            try await AuditEntry(at: now, actor: "system", action: Self.auditAction, recordType: "appointment",
                                 recordID: appointment.id!.uuidString, detail: "kept \(kept)").create(on: tx)
            return true
        }
    }
}
