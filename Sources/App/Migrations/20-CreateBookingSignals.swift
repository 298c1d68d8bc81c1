import Fluent
import SQLKit

/// Suspicion signals, one row per appointment hold or draw request.
struct CreateBookingSignals: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(BookingSignal.schema)
            .field("id", .int, .identifier(auto: true))
            .field("subject_type", .string, .required)
            .field("subject_id", .string, .required)
            .field("network", .string)
            .field("user_agent", .string)
            .field("email_pattern", .string)
            .field("phone_key", .string)
            .field("seconds_since_release", .double)
            .field("channel", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "subject_type", "subject_id")
            .create()
        // Clusters are computed over a time range.
        try await database.sql
            .raw("CREATE INDEX booking_signals_created_idx ON booking_signals (created_at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(BookingSignal.schema).delete()
    }
}
