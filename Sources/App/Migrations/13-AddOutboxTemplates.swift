import Fluent

/// Outbox rows name a template, a language and its values (JSON), plus attachments (JSON), instead of a rendered
/// body. All nullable: rows queued before keep their `body_text` and are delivered as plain text.
/// One column per statement: SQLite adds a single column per `ALTER TABLE`.
struct AddOutboxTemplates: AsyncMigration {
    static let columns = ["template", "language", "context_json", "attachments_json"]

    func prepare(on database: any Database) async throws {
        for column in Self.columns {
            try await database.schema(OutboxMessage.schema).field(.string(column), .string).update()
        }
    }

    func revert(on database: any Database) async throws {
        for column in Self.columns.reversed() {
            try await database.schema(OutboxMessage.schema).deleteField(.string(column)).update()
        }
    }
}
