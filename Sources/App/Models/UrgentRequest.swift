import Fluent
import Foundation

/// "No appointment can be had before my permit expires": the person's identity, the expiry, the reason, and
/// the attachments that back it (an employer's letter, say). Agents handle it; the person follows it by number.
final class UrgentRequest: Model, @unchecked Sendable {
    static let schema = "urgent_requests"

    enum Status {
        static let received = "received"
        /// An agent gave an appointment from the seats kept for urgent cases (`appointment_id`).
        static let granted = "granted"
        /// An agent answered with a message (`answer`), without an appointment for now.
        static let answered = "answered"
        static let all = [received, answered, granted]
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "number") var number: String
    @Parent(key: "procedure_id") var procedure: Procedure
    @Field(key: "family_name") var familyName: String
    @Field(key: "given_names") var givenNames: String
    @Field(key: "birth_date") var birthDate: String
    @Field(key: "nationality") var nationality: String
    @OptionalField(key: "foreign_number") var foreignNumber: String?
    @OptionalField(key: "permit_expiry") var permitExpiry: String?
    @Field(key: "email") var email: String
    @OptionalField(key: "phone") var phone: String?
    @Field(key: "identity_key") var identityKey: String
    @Field(key: "reason") var reason: String
    @Field(key: "status") var status: String
    @Field(key: "manage_token_hash") var manageTokenHash: String
    @Field(key: "language") var language: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "handled_at") var handledAt: Date?
    @OptionalField(key: "appointment_id") var appointmentID: UUID?
    @OptionalField(key: "answer") var answer: String?
    /// The agent who last handled it (`Agent.actor`).
    @OptionalField(key: "handled_by") var handledBy: String?
    @Children(for: \.$urgentRequest) var attachments: [UrgentAttachment]

    init() {}
}

extension UrgentRequest: IdentityColumns {}

/// One file sent with an urgent request. `storedName` is random; the name the person gave is kept only to show.
final class UrgentAttachment: Model, @unchecked Sendable {
    static let schema = "urgent_attachments"

    @ID(key: .id) var id: UUID?
    @Parent(key: "urgent_request_id") var urgentRequest: UrgentRequest
    @Field(key: "stored_name") var storedName: String
    @Field(key: "original_name") var originalName: String
    @Field(key: "media_type") var mediaType: String
    @Field(key: "size_bytes") var sizeBytes: Int
    @Field(key: "sha256") var sha256: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
