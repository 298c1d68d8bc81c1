import Fluent
import Foundation

/// Queues an email inside the caller's transaction; the worker renders and delivers it after the commit.
enum Outbox {
    /// A person booked at the counter without an email address has no recipient: nothing is queued, and the agent
    /// printed their convocation instead.
    static func enqueue(to recipient: String, _ mail: ComposedMail, now: Date, on db: any Database) async throws {
        guard !recipient.isEmpty else { return }
        try await OutboxMessage(recipient: recipient, mail: mail, now: now).create(on: db)
    }
}
