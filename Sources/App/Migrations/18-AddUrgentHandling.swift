import Fluent

/// What agents do with an urgent request: the appointment they granted, or the message they answered with, and
/// who did it. One column per statement: SQLite adds a single column per `ALTER TABLE`.
struct AddUrgentHandling: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(UrgentRequest.schema).field("appointment_id", .uuid).update()
        try await database.schema(UrgentRequest.schema).field("answer", .string).update()
        try await database.schema(UrgentRequest.schema).field("handled_by", .string).update()
    }

    func revert(on database: any Database) async throws {
        for column in ["handled_by", "answer", "appointment_id"] {
            try await database.schema(UrgentRequest.schema).deleteField(.string(column)).update()
        }
    }
}
