import Fluent

/// Signed attestations, one per appointment, draw request or urgent request, issued when first asked for.
struct CreateAttestations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Attestation.schema)
            .id()
            .field("code", .string, .required)
            .field("kind", .string, .required)
            .field("subject_id", .string, .required)
            .field("identity_key", .string, .required)
            .field("family_name", .string, .required)
            .field("given_names", .string, .required)
            .field("birth_date", .string, .required)
            .field("procedure_id", .string, .required, .references(Procedure.schema, "id"))
            .field("asked_on", .string, .required)
            .field("permit_expiry", .string)
            .field("signature", .string, .required)
            .field("issued_at", .datetime, .required)
            .unique(on: "code")
            .unique(on: "kind", "subject_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Attestation.schema).delete()
    }
}
