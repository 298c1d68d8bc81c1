import Fluent

/// Agent accounts, the login throttle, and the sessions table of Fluent's session driver.
struct CreateAgents: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Agent.schema)
            .id()
            .field("email", .string, .required)
            .field("display_name", .string, .required)
            .field("role", .string, .required)
            .field("password_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .field("password_changed_at", .datetime)
            .field("disabled_at", .datetime)
            .unique(on: "email")
            .create()
        try await database.schema(LoginThrottle.schema)
            .field("key", .string, .identifier(auto: false))
            .field("failures", .int, .required)
            .field("window_start", .datetime, .required)
            .field("locked_until", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(LoginThrottle.schema).delete()
        try await database.schema(Agent.schema).delete()
    }
}
