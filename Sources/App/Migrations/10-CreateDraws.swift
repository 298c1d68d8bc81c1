import Fluent
import SQLKit

struct CreateDraws: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(DrawWindow.schema)
            .field("id", .string, .identifier(auto: false))
            .field("procedure_id", .string, .required, .references(Procedure.schema, "id"))
            .field("opens_at", .datetime, .required)
            .field("closes_at", .datetime, .required)
            .field("seats_from", .string, .required)
            .field("seats_through", .string, .required)
            .field("commitment", .string, .required)
            .field("seed", .string, .required)
            .field("status", .string, .required)
            .field("document", .string)
            .field("drawn_at", .datetime)
            .create()
        try await database.schema(ApplicantRequest.schema)
            .id()
            .field("number", .string, .required)
            .field("procedure_id", .string, .required, .references(Procedure.schema, "id"))
            .field("family_name", .string, .required)
            .field("given_names", .string, .required)
            .field("birth_date", .string, .required)
            .field("nationality", .string, .required)
            .field("foreign_number", .string)
            .field("permit_expiry", .string)
            .field("email", .string, .required)
            .field("phone", .string)
            .field("unavailable_weekdays", .string, .required)
            .field("status", .string, .required)
            .field("code_hash", .string, .required)
            .field("code_attempts", .int, .required)
            .field("confirm_by", .datetime, .required)
            .field("manage_token_hash", .string)
            .field("tier", .int)
            .field("appointment_id", .uuid)
            .field("language", .string, .required)
            .field("created_at", .datetime, .required)
            .field("confirmed_at", .datetime)
            .field("closed_at", .datetime)
            .unique(on: "number")
            .create()
        let sql = database.sql
        try await sql.raw("CREATE INDEX draw_windows_due_idx ON draw_windows (status, closes_at)").run()
        try await sql.raw("CREATE INDEX requests_waiting_idx ON requests (procedure_id, status)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ApplicantRequest.schema).delete()
        try await database.schema(DrawWindow.schema).delete()
    }
}
