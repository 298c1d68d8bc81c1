import Fluent
import SQLKit

/// What every node and every restart must see (`docs/decisions/0017`): the proof-of-work answers already spent, and
/// the submissions counted per address and per network.
struct CreateSharedLimits: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("spent_challenges")
            .field("challenge", .string, .identifier(auto: false))
            .field("expires_at", .datetime, .required)
            .create()
        try await database.schema("submission_counts")
            .field("key", .string, .identifier(auto: false))
            .field("window_start", .datetime, .required)
            .field("count", .int, .required)
            .create()
        try await database.sql.raw("CREATE INDEX spent_challenges_expiry_idx ON spent_challenges (expires_at)").run()
        try await database.sql.raw("CREATE INDEX submission_counts_window_idx ON submission_counts (window_start)")
            .run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("submission_counts").delete()
        try await database.schema("spent_challenges").delete()
    }
}
