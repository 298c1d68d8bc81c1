import Fluent
import SQLKit

/// Bookings flagged for review (an identity mismatch at the counter), open until a supervisor resolves them.
struct CreateReviewFlags: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ReviewFlag.schema)
            .field("id", .int, .identifier(auto: true))
            .field("subject_kind", .string, .required)
            .field("subject_id", .string, .required)
            .field("reason", .string, .required)
            .field("actor", .string, .required)
            .field("created_at", .datetime, .required)
            .field("resolved_at", .datetime)
            .create()
        try await (database as! any SQLDatabase).raw("""
            CREATE INDEX review_flags_subject_idx ON review_flags (subject_kind, subject_id)
            """).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ReviewFlag.schema).delete()
    }
}
