import Fluent
import SQLKit

/// Urgent requests (no appointment before the permit expires) and their attachments' records; the files
/// themselves live in the data folder under random names.
struct CreateUrgentRequests: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(UrgentRequest.schema)
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
            .field("identity_key", .string, .required)
            .field("reason", .string, .required)
            .field("status", .string, .required)
            .field("manage_token_hash", .string, .required)
            .field("language", .string, .required)
            .field("created_at", .datetime, .required)
            .field("handled_at", .datetime)
            .unique(on: "number")
            .create()
        try await database.schema(UrgentAttachment.schema)
            .id()
            .field("urgent_request_id", .uuid, .required, .references(UrgentRequest.schema, "id"))
            .field("stored_name", .string, .required)
            .field("original_name", .string, .required)
            .field("media_type", .string, .required)
            .field("size_bytes", .int, .required)
            .field("sha256", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        let sql = database.sql
        try await sql.raw("CREATE INDEX urgent_requests_status_idx ON urgent_requests (status, created_at)").run()
        try await sql.raw("CREATE INDEX urgent_attachments_request_idx ON urgent_attachments (urgent_request_id)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(UrgentAttachment.schema).delete()
        try await database.schema(UrgentRequest.schema).delete()
    }
}
