import Fluent
import Foundation

/// Who did what to which record, when, from where. Written in the same transaction as the change it records.
final class AuditEntry: Model, @unchecked Sendable {
    static let schema = "audit_entries"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "at") var at: Date
    /// `system` for jobs; an agent's id once agents exist.
    @Field(key: "actor") var actor: String
    @Field(key: "action") var action: String
    @Field(key: "record_type") var recordType: String
    @Field(key: "record_id") var recordID: String
    @Field(key: "detail") var detail: String
    @OptionalField(key: "remote") var remote: String?

    init() {}

    init(
        at: Date, actor: String, action: String, recordType: String, recordID: String, detail: String,
        remote: String? = nil
    ) {
        self.at = at
        self.actor = actor
        self.action = action
        self.recordType = recordType
        // Record ids that are UUIDs are kept lower-case, as pages and URLs show them, whoever wrote the entry.
        self.recordID = UUID(uuidString: recordID) == nil ? recordID : recordID.lowercased()
        self.detail = detail
        self.remote = remote
    }
}
