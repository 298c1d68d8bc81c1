import Fluent
import Foundation

/// An email waiting for delivery. It is written in the same transaction as the change that caused it, so a
/// committed booking always has its email, and a rolled-back one never sends.
///
/// A row holds what to render (template, language, values as JSON) rather than the rendered bodies: the worker
/// renders at delivery. Rows from before templates have only `body_text`, delivered as plain text.
final class OutboxMessage: Model, @unchecked Sendable {
    static let schema = "outbox_messages"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "recipient") var recipient: String
    @Field(key: "subject") var subject: String
    /// Empty for templated rows.
    @Field(key: "body_text") var bodyText: String
    @OptionalField(key: "template") var template: String?
    @OptionalField(key: "language") var language: String?
    @OptionalField(key: "context_json") var contextJSON: String?
    @OptionalField(key: "attachments_json") var attachmentsJSON: String?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "attempts") var attempts: Int
    @Field(key: "next_attempt_at") var nextAttemptAt: Date
    @OptionalField(key: "locked_until") var lockedUntil: Date?
    @OptionalField(key: "sent_at") var sentAt: Date?
    @OptionalField(key: "last_error") var lastError: String?

    init() {}

    /// A plain-text message (operators' tools, tests).
    init(recipient: String, subject: String, bodyText: String, now: Date) {
        self.recipient = recipient
        self.subject = subject
        self.bodyText = bodyText
        self.createdAt = now
        self.attempts = 0
        self.nextAttemptAt = now
    }

    convenience init(recipient: String, mail: ComposedMail, now: Date) throws {
        self.init(recipient: recipient, subject: mail.subject, bodyText: "", now: now)
        template = mail.template
        language = mail.language.rawValue
        contextJSON = String(decoding: try JSONEncoder.sorted.encode(mail.context), as: UTF8.self)
        attachmentsJSON =
            mail.attachments.isEmpty
            ? nil : String(decoding: try JSONEncoder.sorted.encode(mail.attachments), as: UTF8.self)
    }

    /// The values the template will show (the code, the links): tests read them without rendering.
    var context: [String: String] {
        guard let contextJSON,
            let context = try? JSONDecoder().decode([String: String].self, from: Data(contextJSON.utf8))
        else { return [:] }
        return context
    }
}

extension OutboxMessage {
    /// The new row, as `create(on:)` would insert it (`InsertRow`); the database numbers it.
    var insertRow: InsertRow {
        InsertRow(
            Self.schema,
            [
                "recipient": recipient, "subject": subject, "body_text": bodyText, "template": template,
                "language": language, "context_json": contextJSON, "attachments_json": attachmentsJSON,
                "created_at": createdAt, "attempts": attempts, "next_attempt_at": nextAttemptAt,
                "locked_until": lockedUntil, "sent_at": sentAt, "last_error": lastError,
            ])
    }
}
