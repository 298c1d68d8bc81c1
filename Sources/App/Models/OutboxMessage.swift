import Fluent
import Foundation

/// An email waiting for delivery. It is written in the same transaction as the change that caused it, so a
/// committed booking always has its email, and a rolled-back one never sends.
final class OutboxMessage: Model, @unchecked Sendable {
    static let schema = "outbox_messages"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "recipient") var recipient: String
    @Field(key: "subject") var subject: String
    @Field(key: "body_text") var bodyText: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "attempts") var attempts: Int
    @Field(key: "next_attempt_at") var nextAttemptAt: Date
    @OptionalField(key: "locked_until") var lockedUntil: Date?
    @OptionalField(key: "sent_at") var sentAt: Date?
    @OptionalField(key: "last_error") var lastError: String?

    init() {}

    init(recipient: String, subject: String, bodyText: String, now: Date) {
        self.recipient = recipient
        self.subject = subject
        self.bodyText = bodyText
        self.createdAt = now
        self.attempts = 0
        self.nextAttemptAt = now
    }
}
