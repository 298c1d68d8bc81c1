import Fluent
import Foundation

/// Queues an email inside the caller's transaction; the worker delivers it after the commit.
enum Outbox {
    static func enqueue(to recipient: String, _ mail: ComposedMail, now: Date, on db: any Database) async throws {
        try await OutboxMessage(recipient: recipient, subject: mail.subject, bodyText: mail.text, now: now).create(on: db)
    }
}
