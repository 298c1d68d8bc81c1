import Fluent
import Foundation
import Logging
import SQLKit
import GuichetCore

/// Delivers queued emails, with retries and backoff. Safe to run on several processes at once: a message is
/// claimed by a conditional update (a lease), so only one worker sends it at a time.
struct OutboxWorker: Sendable {
    let db: any Database
    /// Writes queue behind bookings on SQLite instead of spinning on its lock.
    let gate: WriteGate
    let transport: any MailTransport
    let renderer: MailRenderer
    let clock: any GuichetClock
    let from: String
    let hostname: String
    let logger: Logger

    static let batchSize = 100
    static let lease: TimeInterval = 120
    /// After this many failures a message stays undelivered for an operator to look at.
    static let maxAttempts = 12

    /// Delivers what is due now, batch after batch until none is left; returns how many messages were sent.
    @discardableResult
    func runOnce() async throws -> Int {
        var sent = 0
        while true {
            let (claimed, delivered) = try await runBatch()
            sent += delivered
            if claimed < Self.batchSize { return sent }
        }
    }

    /// Claims up to `batchSize` due messages in one statement (a lease: another worker skips them), delivers them,
    /// and records the outcome. Returns how many were claimed and how many delivered.
    private func runBatch() async throws -> (claimed: Int, delivered: Int) {
        let now = clock.now()
        // The conditions are repeated outside the subquery: on PostgreSQL a concurrent worker that waited on the
        // row lock re-checks them against the row as committed, and skips what the first worker leased.
        let rows = try await db.write(through: gate) { tx in try await (tx as! any SQLDatabase).raw("""
            UPDATE outbox_messages SET locked_until = \(bind: now.addingTimeInterval(Self.lease)), attempts = attempts + 1 \
            WHERE id IN (SELECT id FROM outbox_messages WHERE sent_at IS NULL AND next_attempt_at <= \(bind: now) \
                         AND attempts < \(bind: Self.maxAttempts) \
                         AND (locked_until IS NULL OR locked_until < \(bind: now)) ORDER BY id LIMIT \(unsafeRaw: String(Self.batchSize))) \
            AND sent_at IS NULL AND (locked_until IS NULL OR locked_until < \(bind: now)) \
            RETURNING id, recipient, subject, body_text, template, language, context_json, attachments_json, created_at, attempts
            """).all() }
        var delivered: [Int] = []
        for row in rows {
            let id = try row.decode(column: "id", as: Int.self)
            do {
                // A template that fails to render is retried like a failed delivery, and ends in `last_error`.
                let mail = try await renderer.message(
                    id: "outbox-\(id)@\(hostname)", from: from,
                    to: try row.decode(column: "recipient", as: String.self),
                    subject: try row.decode(column: "subject", as: String.self),
                    date: try row.decode(column: "created_at", as: Date.self),
                    bodyText: try row.decode(column: "body_text", as: String.self),
                    template: try row.decode(column: "template", as: String?.self),
                    language: try row.decode(column: "language", as: String?.self),
                    contextJSON: try row.decode(column: "context_json", as: String?.self),
                    attachmentsJSON: try row.decode(column: "attachments_json", as: String?.self))
                try await transport.deliver(mail)
                delivered.append(id)
            } catch {
                let attempts = try row.decode(column: "attempts", as: Int.self)
                let retryAt = now.addingTimeInterval(Self.backoff(afterAttempt: attempts))
                // A recipient the server refuses for good is not retried: it stays for an operator to read.
                let final = (error as? SMTPError)?.refusesRecipient == true ? Self.maxAttempts : attempts
                logger.warning("outbox message \(id) not delivered (attempt \(attempts)): \(String(describing: type(of: error)))")
                try await db.write(through: gate) { tx in try await (tx as! any SQLDatabase).raw("""
                    UPDATE outbox_messages SET locked_until = NULL, next_attempt_at = \(bind: retryAt), \
                    attempts = \(bind: final), \
                    last_error = \(bind: String(String(describing: error).prefix(500))) WHERE id = \(bind: id)
                    """).run() }
            }
        }
        if !delivered.isEmpty {
            let ids = SQLGroupExpression(SQLList(delivered.map { SQLBind($0) }))
            let sentAt = clock.now()
            try await db.write(through: gate) { tx in try await (tx as! any SQLDatabase).raw("""
                UPDATE outbox_messages SET sent_at = \(bind: sentAt), locked_until = NULL, last_error = NULL \
                WHERE id IN \(ids)
                """).run() }
        }
        return (rows.count, delivered.count)
    }

    /// Exponential backoff: 30 s, 1 min, 2 min … capped at one hour.
    static func backoff(afterAttempt attempt: Int) -> TimeInterval {
        min(3600, 30 * pow(2, Double(max(0, attempt - 1))))
    }
}
