import Fluent

/// Priority shown, not declared (`docs/decisions/0014`): the scan of the permit a request carries, and the agent's
/// review of the expiry on it.
struct AddPriorityEvidence: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ApplicantRequest.schema).field("permit_scan", .string).update()
        try await database.schema(ApplicantRequest.schema).field("permit_scan_at", .datetime).update()
        try await database.schema(ApplicantRequest.schema).field("priority_review", .string).update()
        try await database.schema(ApplicantRequest.schema).field("priority_reviewed_by", .string).update()
        try await database.schema(ApplicantRequest.schema).field("priority_reviewed_at", .datetime).update()
        try await database.schema(ApplicantRequest.schema).field("priority_note", .string).update()
    }

    func revert(on database: any Database) async throws {
        for column in [
            "priority_note", "priority_reviewed_at", "priority_reviewed_by", "priority_review",
            "permit_scan_at", "permit_scan",
        ] {
            try await database.schema(ApplicantRequest.schema).deleteField(.string(column)).update()
        }
    }
}
