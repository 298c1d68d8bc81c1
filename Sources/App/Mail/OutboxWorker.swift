import Fluent
import Foundation
import Logging
import SQLKit
import GuichetCore

/// Delivers queued emails, with retries and backoff. Safe to run on several processes at once: a message is
/// claimed by a conditional update (a lease), so only one worker sends it at a time.
struct OutboxWorker: Sendable {
    let db: any Database
    let transport: any MailTransport
    let clock: any GuichetClock
    let from: String
    let hostname: String
    let logger: Logger

    static let batchSize = 20
    static let lease: TimeInterval = 120
    /// After this many failures a message stays undelivered for an operator to look at.
    static let maxAttempts = 12

    /// Delivers what is due now; returns how many messages were sent.
    @discardableResult
    func runOnce() async throws -> Int {
        let now = clock.now()
        let due = try await OutboxMessage.query(on: db)
            .filter(\.$sentAt == nil)
            .filter(\.$nextAttemptAt <= now)
            .filter(\.$attempts < Self.maxAttempts)
            .group(.or) { $0.filter(\.$lockedUntil == nil).filter(\.$lockedUntil < now) }
            .sort(\.$id)
            .limit(Self.batchSize)
            .all()
        var sent = 0
        for message in due {
            guard let id = message.id, try await claim(id: id, now: now) else { continue }
            let mail = MailMessage(id: "outbox-\(id)@\(hostname)", from: from, to: message.recipient,
                                   subject: message.subject, text: message.bodyText, date: message.createdAt)
            do {
                try await transport.deliver(mail)
                try await (db as! any SQLDatabase).raw("""
                    UPDATE outbox_messages SET sent_at = \(bind: clock.now()), locked_until = NULL, last_error = NULL \
                    WHERE id = \(bind: id)
                    """).run()
                sent += 1
            } catch {
                let attempts = message.attempts + 1
                let retryAt = now.addingTimeInterval(Self.backoff(afterAttempt: attempts))
                logger.warning("outbox message \(id) not delivered (attempt \(attempts)): \(String(describing: type(of: error)))")
                try await (db as! any SQLDatabase).raw("""
                    UPDATE outbox_messages SET locked_until = NULL, next_attempt_at = \(bind: retryAt), \
                    last_error = \(bind: String(String(describing: error).prefix(500))) WHERE id = \(bind: id)
                    """).run()
            }
        }
        return sent
    }

    /// Exponential backoff: 30 s, 1 min, 2 min … capped at one hour.
    static func backoff(afterAttempt attempt: Int) -> TimeInterval {
        min(3600, 30 * pow(2, Double(max(0, attempt - 1))))
    }

    private func claim(id: Int, now: Date) async throws -> Bool {
        let rows = try await (db as! any SQLDatabase).raw("""
            UPDATE outbox_messages SET locked_until = \(bind: now.addingTimeInterval(Self.lease)), attempts = attempts + 1 \
            WHERE id = \(bind: id) AND sent_at IS NULL AND (locked_until IS NULL OR locked_until < \(bind: now)) \
            RETURNING id
            """).all()
        return !rows.isEmpty
    }
}
