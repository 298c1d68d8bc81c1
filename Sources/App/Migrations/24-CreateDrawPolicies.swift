import Fluent

/// Draw-window policies edited by admins, and procedures and counters taken out of service without deleting them
/// (their past appointments, statistics and audit entries still name them).
struct CreateDrawPolicies: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(DrawPolicyRecord.schema)
            .field("id", .string, .identifier(auto: false), .references(Procedure.schema, "id", onDelete: .cascade))
            .field("policy", .string, .required)
            .create()
        try await database.schema(Procedure.schema).field("retired_at", .datetime).update()
        try await database.schema(Counter.schema).field("retired_at", .datetime).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Counter.schema).deleteField("retired_at").update()
        try await database.schema(Procedure.schema).deleteField("retired_at").update()
        try await database.schema(DrawPolicyRecord.schema).delete()
    }
}
