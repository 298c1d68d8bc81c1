import Fluent
import Foundation
import GuichetCore
import Logging
import SQLKit

/// Queues the reminder email of each confirmed appointment once, in the 48 hours before it starts.
///
/// Who gets one: appointments confirmed at least 48 hours before their start. A later confirmation already sent
/// the full details inside that window, and a second email minutes after it would be noise. Allocations by draw
/// are at least a week ahead, so they always get one.
///
/// Safe on several processes: the email is queued in the same transaction as a conditional update of
/// `reminder_queued_at` that only one of them can win.
struct Reminders: Sendable {
    let db: any Database
    let services: GuichetServices
    let logger: Logger

    static let lead: TimeInterval = 48 * 3600

    /// Returns the ids of the appointments whose reminder it queued.
    @discardableResult
    func run(limit: Int = 500) async throws -> [UUID] {
        let now = services.clock.now()
        let due = try await Appointment.query(on: db)
            .join(Slot.self, on: \Appointment.$slot.$id == \Slot.$id)
            .filter(\.$status == .confirmed)
            .filter(\.$reminderQueuedAt == nil)
            .filter(Slot.self, \.$startsAt > now)
            .filter(Slot.self, \.$startsAt <= now.addingTimeInterval(Self.lead))
            .limit(limit)
            .all()
        var queued: [UUID] = []
        for appointment in due {
            let start = try appointment.joined(Slot.self).startsAt
            guard let confirmedAt = appointment.confirmedAt, confirmedAt <= start.addingTimeInterval(-Self.lead),
                appointment.convocationCode != nil
            else { continue }
            if try await queue(appointment, now: now) { queued.append(appointment.id!) }
        }
        if !queued.isEmpty { logger.info("reminders: \(queued.count) queued") }
        return queued
    }

    private func queue(_ appointment: Appointment, now: Date) async throws -> Bool {
        let links = services.mailLinks
        return try await db.write(through: services.writeGate) { tx in
            let won = try await tx.sql.raw(
                """
                UPDATE appointments SET reminder_queued_at = \(bind: now) \
                WHERE id = \(bind: appointment.id!) AND reminder_queued_at IS NULL \
                AND status = \(bind: AppointmentStatus.confirmed.rawValue) RETURNING id
                """
            ).all()
            guard !won.isEmpty else { return false }
            let language = Language(rawValue: appointment.language) ?? .fr
            let summary = try await BookingService.summary(of: appointment, language: language, on: tx)
            let mail = Mails.reminder(
                appointmentID: appointment.id!, name: appointment.displayName, slot: summary,
                convocationCode: appointment.convocationCode ?? "", links: links, now: now,
                language: language)
            try await Outbox.enqueue(to: appointment.email, mail, now: now, on: tx)
            return true
        }
    }
}
