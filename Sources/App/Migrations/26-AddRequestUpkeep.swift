import Fluent

/// Waiting draw requests asked every four weeks whether they are still needed (`RequestUpkeep`): when the person
/// last said so, when they were asked, and the hash of the token in the last emailed action link.
struct AddRequestUpkeep: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ApplicantRequest.schema).field("kept_at", .datetime).update()
        try await database.schema(ApplicantRequest.schema).field("keep_asked_at", .datetime).update()
        try await database.schema(ApplicantRequest.schema).field("action_token_hash", .string).update()
    }

    func revert(on database: any Database) async throws {
        for column in ["action_token_hash", "keep_asked_at", "kept_at"] {
            try await database.schema(ApplicantRequest.schema).deleteField(.string(column)).update()
        }
    }
}
