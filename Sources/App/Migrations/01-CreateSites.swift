import Fluent

struct CreateSites: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Site.schema)
            .field("id", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("address", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Site.schema).delete()
    }
}
