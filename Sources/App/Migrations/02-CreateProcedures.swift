import Fluent

struct CreateProcedures: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Procedure.schema)
            .field("id", .string, .identifier(auto: false))
            .field("name_fr", .string, .required)
            .field("name_en", .string, .required)
            .field("mode", .string, .required)
            .field("length_minutes", .int, .required)
            .field("documents_fr", .string, .required)
            .field("documents_en", .string, .required)
            .field("walk_in_rule_fr", .string)
            .field("walk_in_rule_en", .string)
            .field("position", .int, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Procedure.schema).delete()
    }
}
