import Fluent
import Foundation

/// A booking put aside for a supervisor to look at: at the counter, the person did not match the registered
/// identity (`identity_mismatch`). The suspicion review reads these and groups them with the booking's cluster
/// (same email, phone, network).
final class ReviewFlag: Model, @unchecked Sendable {
    static let schema = "review_flags"

    enum SubjectKind {
        static let appointment = "appointment"
    }

    @ID(custom: "id", generatedBy: .database) var id: Int?
    /// What is flagged: `appointment` for now.
    @Field(key: "subject_kind") var subjectKind: String
    @Field(key: "subject_id") var subjectID: String
    @Field(key: "reason") var reason: String
    /// Who raised it, as in audit entries (`agent:email`).
    @Field(key: "actor") var actor: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "resolved_at") var resolvedAt: Date?

    init() {}

    init(subjectKind: String, subjectID: String, reason: String, actor: String, createdAt: Date) {
        self.subjectKind = subjectKind
        self.subjectID = subjectID
        self.reason = reason
        self.actor = actor
        self.createdAt = createdAt
    }
}
