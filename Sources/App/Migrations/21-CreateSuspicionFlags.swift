import Fluent
import SQLKit

/// Bookings sent for review (the counter's "ID does not match"), until a supervisor resolves them.
struct CreateSuspicionFlags: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SuspicionFlag.schema)
            .field("id", .int, .identifier(auto: true))
            .field("subject_type", .string, .required)
            .field("subject_id", .string, .required)
            .field("reason", .string, .required)
            .field("actor", .string, .required)
            .field("at", .datetime, .required)
            .field("resolved_at", .datetime)
            .field("resolved_by", .string)
            .create()
        try await database.sql.raw(
            """
            CREATE INDEX suspicion_flags_open_idx ON suspicion_flags (subject_type, subject_id) WHERE resolved_at IS NULL
            """
        ).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SuspicionFlag.schema).delete()
    }
}
