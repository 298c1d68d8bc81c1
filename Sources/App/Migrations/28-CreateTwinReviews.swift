import Fluent

/// Near-duplicate identities (`NearDuplicate`) kept out of a draw or a lottery, the person's "this is another
/// person", and the agent's answer. One row per pair: the later booking and the earlier one it resembles.
struct CreateTwinReviews: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(TwinReview.schema)
            .field("id", .int, .identifier(auto: true))
            .field("subject", .string, .required)
            .field("twin", .string, .required)
            .field("reason", .string, .required)
            .field("status", .string, .required)
            .field("created_at", .datetime, .required)
            .field("contested_at", .datetime)
            .field("decided_by", .string)
            .field("decided_at", .datetime)
            .unique(on: "subject", "twin")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(TwinReview.schema).delete()
    }
}
