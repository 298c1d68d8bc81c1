import Fluent
import SQLKit

struct CreateAppointments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Appointment.schema)
            .id()
            .field("procedure_id", .string, .required, .references(Procedure.schema, "id"))
            .field("slot_id", .int, .required, .references(Slot.schema, "id"))
            .field("family_name", .string, .required)
            .field("given_names", .string, .required)
            .field("birth_date", .string, .required)
            .field("nationality", .string, .required)
            .field("foreign_number", .string)
            .field("permit_expiry", .string)
            .field("email", .string, .required)
            .field("phone", .string)
            .field("identity_key", .string, .required)
            .field("name_key", .string, .required)
            .field("email_key", .string, .required)
            .field("phone_key", .string)
            .field("status", .string, .required)
            .field("code_hash", .string, .required)
            .field("code_attempts", .int, .required)
            .field("hold_expires_at", .datetime, .required)
            .field("manage_token_hash", .string)
            .field("convocation_code", .string)
            .field("channel", .string, .required)
            .field("language", .string, .required)
            .field("created_at", .datetime, .required)
            .field("confirmed_at", .datetime)
            .field("closed_at", .datetime)
            .field("close_reason", .string)
            .unique(on: "convocation_code")
            .create()
        // One active appointment per person (by foreign number or names, and by names alone), per email and per phone: partial unique indexes, same text on SQLite
        // and PostgreSQL. `UniqueViolation` recognises them by these names.
        let sql = database.sql
        for column in ["identity_key", "name_key", "email_key", "phone_key"] {
            try await sql.raw(
                """
                CREATE UNIQUE INDEX appointments_active_\(unsafeRaw: column) ON appointments (\(unsafeRaw: column)) \
                WHERE status IN ('pending', 'confirmed')
                """
            ).run()
        }
        try await sql.raw("CREATE INDEX appointments_hold_idx ON appointments (status, hold_expires_at)").run()
        try await sql.raw("CREATE INDEX appointments_slot_idx ON appointments (slot_id)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Appointment.schema).delete()
    }
}
