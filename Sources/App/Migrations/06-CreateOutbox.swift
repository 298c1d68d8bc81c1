import Fluent
import SQLKit

struct CreateOutbox: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(OutboxMessage.schema)
            .field("id", .int, .identifier(auto: true))
            .field("recipient", .string, .required)
            .field("subject", .string, .required)
            .field("body_text", .string, .required)
            .field("created_at", .datetime, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("locked_until", .datetime)
            .field("sent_at", .datetime)
            .field("last_error", .string)
            .create()
        let sql = database.sql
        try await sql.raw("CREATE INDEX outbox_due_idx ON outbox_messages (sent_at, next_attempt_at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(OutboxMessage.schema).delete()
    }
}
