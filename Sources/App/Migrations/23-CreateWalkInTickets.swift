import Fluent

/// Walk-in queue tickets; the unique (counter, day, number) makes two processes unable to hand out one number twice.
struct CreateWalkInTickets: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(WalkInTicket.schema)
            .id()
            .field("counter_id", .string, .required, .references(Counter.schema, "id"))
            .field("day", .string, .required)
            .field("number", .int, .required)
            .field("status", .string, .required)
            .field("issued_at", .datetime, .required)
            .field("issued_by", .string, .required)
            .field("called_at", .datetime)
            .field("called_by", .string)
            .field("closed_at", .datetime)
            .field("closed_by", .string)
            .unique(on: "counter_id", "day", "number", name: "walk_in_tickets_number")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(WalkInTicket.schema).delete()
    }
}
