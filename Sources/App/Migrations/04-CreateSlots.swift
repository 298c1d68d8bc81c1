import Fluent
import SQLKit

struct CreateSlots: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Slot.schema)
            .field("id", .int, .identifier(auto: true))
            .field("counter_id", .string, .required, .references(Counter.schema, "id"))
            .field("starts_at", .datetime, .required)
            .field("ends_at", .datetime, .required)
            .field("capacity", .int, .required)
            .field("released", .int, .required)
            .field("taken", .int, .required)
            .field("closed", .bool, .required)
            .field("released_at", .datetime)
            .unique(on: "counter_id", "starts_at")
            // The capacity invariant, held by the database whatever the code does.
            .constraint(
                .custom(
                    SQLRaw(
                        "CONSTRAINT slots_seats_check CHECK (taken >= 0 AND taken <= released AND released <= capacity)"
                    ))
            )
            .create()
        let sql = database.sql
        try await sql.raw("CREATE INDEX slots_starts_at_idx ON slots (starts_at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Slot.schema).delete()
    }
}
