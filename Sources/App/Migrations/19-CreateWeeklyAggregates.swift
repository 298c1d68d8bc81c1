import Fluent

/// Anonymous weekly statistics that outlive the retention purge: one row per week, keyed by its Monday.
struct CreateWeeklyAggregates: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(WeeklyAggregate.schema)
            .field("week_start", .string, .identifier(auto: false))
            .field("seats_released", .int, .required)
            .field("requests", .int, .required)
            .field("allocated", .int, .required)
            .field("confirmed", .int, .required)
            .field("attended", .int, .required)
            .field("no_shows", .int, .required)
            .field("duplicates_removed", .int, .required)
            .field("rejected", .int, .required)
            .field("median_wait_days", .double)
            .field("seen_before_expiry", .int, .required)
            .field("attended_with_expiry", .int, .required)
            .field("frozen_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(WeeklyAggregate.schema).delete()
    }
}
