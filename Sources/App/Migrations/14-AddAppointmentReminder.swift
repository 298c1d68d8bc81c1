import Fluent
import SQLKit

/// When the 48-hour reminder of an appointment was queued: set once, by the conditional update that queues it.
struct AddAppointmentReminder: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Appointment.schema).field("reminder_queued_at", .datetime).update()
        // The reminder job looks for confirmed appointments still without one: keep that set small to scan.
        try await database.sql.raw(
            """
            CREATE INDEX appointments_reminder_due_idx ON appointments (slot_id) \
            WHERE status = 'confirmed' AND reminder_queued_at IS NULL
            """
        ).run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP INDEX appointments_reminder_due_idx").run()
        try await database.schema(Appointment.schema).deleteField("reminder_queued_at").update()
    }
}
