import Fluent
import Foundation

/// Queues an email inside the caller's transaction; the worker renders and delivers it after the commit.
enum Outbox {
    static func enqueue(to recipient: String, _ mail: ComposedMail, now: Date, on db: any Database) async throws {
        try await OutboxMessage(recipient: recipient, mail: mail, now: now).create(on: db)
    }
}
