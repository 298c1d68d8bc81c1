import Fluent
import SQLKit

struct CreateAuditEntries: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AuditEntry.schema)
            .field("id", .int, .identifier(auto: true))
            .field("at", .datetime, .required)
            .field("actor", .string, .required)
            .field("action", .string, .required)
            .field("record_type", .string, .required)
            .field("record_id", .string, .required)
            .field("detail", .string, .required)
            .field("remote", .string)
            .create()
        let sql = database.sql
        try await sql.raw("CREATE INDEX audit_entries_at_idx ON audit_entries (at)").run()
        try await sql.raw("CREATE INDEX audit_entries_record_idx ON audit_entries (record_type, record_id)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AuditEntry.schema).delete()
    }
}
