import Fluent

struct CreateCounters: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Counter.schema)
            .field("id", .string, .identifier(auto: false))
            .field("site_id", .string, .required, .references(Site.schema, "id"))
            .field("name", .string, .required)
            .field("hours", .string, .required)
            .field("closures", .string, .required)
            .field("seats_per_slot", .int, .required)
            .create()
        try await database.schema(CounterProcedure.schema)
            .field("id", .int, .identifier(auto: true))
            .field("counter_id", .string, .required, .references(Counter.schema, "id", onDelete: .cascade))
            .field("procedure_id", .string, .required, .references(Procedure.schema, "id", onDelete: .cascade))
            .unique(on: "counter_id", "procedure_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CounterProcedure.schema).delete()
        try await database.schema(Counter.schema).delete()
    }
}
