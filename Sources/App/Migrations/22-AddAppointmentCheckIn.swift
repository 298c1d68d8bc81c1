import Fluent

/// When the person was checked in at the counter, and by whom (served, no-show and rejected use `closed_at`
/// and `close_reason`, as cancellations do).
struct AddAppointmentCheckIn: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite alters a table one column at a time.
        try await database.schema(Appointment.schema).field("checked_in_at", .datetime).update()
        try await database.schema(Appointment.schema).field("checked_in_by", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Appointment.schema).deleteField("checked_in_by").update()
        try await database.schema(Appointment.schema).deleteField("checked_in_at").update()
    }
}
