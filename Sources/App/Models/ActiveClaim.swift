import Fluent
import Foundation

/// One key (a person, an email, a phone) held by one active booking: an appointment or a draw request.
/// The primary key makes "one active booking per person, email and phone" hold across both tables.
/// See docs/decisions/0003.
final class ActiveClaim: Model, @unchecked Sendable {
    static let schema = "active_claims"

    @ID(custom: "key", generatedBy: .user) var id: String?
    @Field(key: "holder_type") var holderType: String
    @Field(key: "holder_id") var holderID: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
