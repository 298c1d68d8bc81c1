import Fluent
import SQLKit

/// People booked at the counter without an email address have an empty email and email key. The partial unique
/// index on the email key must not treat "" as one address shared by all of them, so it now skips empty keys.
/// Same index name: `UniqueViolation` still recognises it.
struct AllowAppointmentsWithoutEmail: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        try await sql.raw("DROP INDEX appointments_active_email_key").run()
        try await sql.raw(
            """
            CREATE UNIQUE INDEX appointments_active_email_key ON appointments (email_key) \
            WHERE status IN ('pending', 'confirmed') AND email_key <> ''
            """
        ).run()
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        try await sql.raw("DROP INDEX appointments_active_email_key").run()
        try await sql.raw(
            """
            CREATE UNIQUE INDEX appointments_active_email_key ON appointments (email_key) \
            WHERE status IN ('pending', 'confirmed')
            """
        ).run()
    }
}
