import Fluent
import SQLKit

struct CreateReleases: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ReleasePolicyRecord.schema)
            .field("id", .string, .identifier(auto: false), .references(Procedure.schema, "id", onDelete: .cascade))
            .field("policy", .string, .required)
            .create()
        try await database.schema(Release.schema)
            .field("id", .int, .identifier(auto: true))
            .field("procedure_id", .string, .required, .references(Procedure.schema, "id", onDelete: .cascade))
            .field("week_start", .string, .required)
            .field("due_at", .datetime, .required)
            .field("performed_at", .datetime)
            .field("seats_released", .int, .required)
            .create()
        let sql = database.sql
        try await sql.raw("CREATE INDEX releases_due_idx ON releases (performed_at, due_at)").run()
        try await sql.raw("CREATE INDEX releases_week_idx ON releases (procedure_id, week_start)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Release.schema).delete()
        try await database.schema(ReleasePolicyRecord.schema).delete()
    }
}
