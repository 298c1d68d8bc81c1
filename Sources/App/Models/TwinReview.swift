import Fluent
import Foundation
import GuichetCore

/// A booking kept out of draws and lotteries because its identity nearly matches an earlier one's
/// (`NearDuplicate`): `held` until the person says they are someone else (`contested`), then an agent decides
/// (`different`: both go on; `same`: the later one is withdrawn).
final class TwinReview: Model, @unchecked Sendable {
    static let schema = "twin_reviews"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    /// The later booking, as `SuspicionSubject` text ("request:<UUID>").
    @Field(key: "subject") var subject: String
    /// The earlier booking it resembles.
    @Field(key: "twin") var twin: String
    /// `NearDuplicate.Reason`.
    @Field(key: "reason") var reason: String
    @Field(key: "status") var status: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "contested_at") var contestedAt: Date?
    @OptionalField(key: "decided_by") var decidedBy: String?
    @OptionalField(key: "decided_at") var decidedAt: Date?

    init() {}

    init(subject: SuspicionSubject, twin: SuspicionSubject, reason: NearDuplicate.Reason, now: Date) {
        self.subject = subject.description
        self.twin = twin.description
        self.reason = reason.rawValue
        self.status = Status.held.rawValue
        self.createdAt = now
    }

    enum Status: String, CaseIterable {
        case held, contested, different, same
    }

    var reviewStatus: Status? { Status(rawValue: status) }
}
