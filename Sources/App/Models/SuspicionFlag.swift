import Fluent
import Foundation
import GuichetCore

/// A booking sent for review: at the counter ("ID does not match") or by a supervisor. Its cluster shows first
/// until a supervisor resolves it (by cancelling the cluster, or by dismissing the flag).
final class SuspicionFlag: Model, @unchecked Sendable {
    static let schema = "suspicion_flags"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "subject_type") var subjectType: String
    @Field(key: "subject_id") var subjectID: String
    @Field(key: "reason") var reason: String
    @Field(key: "actor") var actor: String
    @Field(key: "at") var at: Date
    @OptionalField(key: "resolved_at") var resolvedAt: Date?
    @OptionalField(key: "resolved_by") var resolvedBy: String?

    init() {}

    init(subject: SuspicionSubject, reason: String, actor: String, at: Date) {
        subjectType = subject.kind.rawValue
        subjectID = subject.id
        self.reason = reason
        self.actor = actor
        self.at = at
    }

    var subject: SuspicionSubject? {
        SuspicionSubject.Kind(rawValue: subjectType).map { SuspicionSubject($0, subjectID) }
    }
}
