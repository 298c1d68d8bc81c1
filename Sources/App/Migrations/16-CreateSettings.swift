import Fluent

/// Settings an admin changes while the service runs, one row per key (the planning horizon, to begin with).
struct CreateSettings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Setting.schema)
            .field("id", .string, .identifier(auto: false))
            .field("value", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Setting.schema).delete()
    }
}
