import Fluent
import SQLKit

struct CreateActiveClaims: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ActiveClaim.schema)
            .field("key", .string, .identifier(auto: false))
            .field("holder_type", .string, .required)
            .field("holder_id", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        let sql = database.sql
        try await sql.raw("CREATE INDEX active_claims_holder_idx ON active_claims (holder_id)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ActiveClaim.schema).delete()
    }
}
