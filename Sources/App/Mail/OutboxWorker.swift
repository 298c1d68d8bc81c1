import Fluent
import Foundation
import GuichetCore
import Logging
import SQLKit

/// Delivers queued emails, with retries and backoff. Safe to run on several processes, and several times in one:
/// a message is claimed by a conditional update (a lease), so only one worker sends it at a time.
///
/// As close to exactly once as SMTP allows (issue 11, point 3): a few messages are claimed at a time, for a short
/// lease that a heartbeat extends while a delivery runs; each is marked sent as soon as the relay accepted it. A node
/// that dies leaves at most `claimSize` messages waiting, for at most `lease` seconds, and at most the one being
/// delivered can go out twice; it then carries the same `Message-ID` (`outbox-<row>@<host>`), so a reader or a
/// relay can tell it is a repeat.
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

    /// Messages one claim takes: few, so that a dead node strands few.
    static let claimSize = 10
    /// How long a claim lasts without a heartbeat: another node takes over a dead node's messages after this.
    static let lease: TimeInterval = 30
    /// How often a running delivery renews its lease (an SMTP session may take up to 90 s).
    static let heartbeat: Duration = .seconds(10)
    /// After this many failures a message stays undelivered for an operator to look at.
    static let maxAttempts = 12

    /// Delivers what is due now, claim after claim until none is left; returns how many messages were sent.
    @discardableResult
    func runOnce() async throws -> Int {
        var sent = 0
        while true {
            let (claimed, delivered) = try await runClaim()
            sent += delivered
            if claimed < Self.claimSize { return sent }
        }
    }

    /// Claims up to `claimSize` due messages in one statement, delivers them one by one, each marked as soon as its
    /// outcome is known. Returns how many were claimed and how many delivered.
    private func runClaim() async throws -> (claimed: Int, delivered: Int) {
        let now = clock.now()
        let rows = try await db.write(statement: Self.claim(now: now, on: db), through: gate)
        var delivered = 0
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
                try await whileLeased(id) { try await transport.deliver(mail) }
                try await markSent(id)
                delivered += 1
            } catch {
                let attempts = try row.decode(column: "attempts", as: Int.self)
                let retryAt = clock.now().addingTimeInterval(Self.backoff(afterAttempt: attempts))
                // A recipient the server refuses for good is not retried: it stays for an operator to read.
                let final = (error as? SMTPError)?.refusesRecipient == true ? Self.maxAttempts : attempts
                logger.warning(
                    "outbox message \(id) not delivered (attempt \(attempts)): \(String(describing: type(of: error)))")
                try await db.write(
                    statement: """
                        UPDATE outbox_messages SET locked_until = NULL, next_attempt_at = \(bind: retryAt), \
                        attempts = \(bind: final), \
                        last_error = \(bind: String(String(describing: error).prefix(500))) WHERE id = \(bind: id)
                        """, through: gate)
            }
        }
        return (rows.count, delivered)
    }

    /// The claim: due, not sent, not given up, not leased, in an order an index gives, so that a claim reads about
    /// `claimSize` rows however many wait (sorting them all made each claim, and on SQLite the holds queued behind it
    /// on the writer, slow with a backlog of 60,000 after a release): on SQLite the longest due first, the due index's
    /// order (`outbox_due_idx`: `sent_at`, `next_attempt_at`); on PostgreSQL, whose planner sorts that range, the oldest
    /// first (`outbox_unsent_idx`). The conditions are repeated outside the choice: on PostgreSQL a concurrent worker
    /// that waited on the row lock re-checks them against the row as committed, and skips what the first worker leased;
    /// `SKIP LOCKED` spares it the wait. There the choice is a materialized `WITH`, run exactly once (and its ids looked
    /// up by primary key, no join to plan): as a subquery of
    /// `IN`, the planner may run it again for each row it joins (it did under a flood of holds, with statistics from an
    /// empty table), each run locking `claimSize` more rows that the statement then leaves locked until it ends: claims
    /// that took seconds, held thousands of rows, and made the other worker's marks wait past their lock timeout.
    static func claim(now: Date, on db: any Database) -> SQLQueryString {
        let due: SQLQueryString = """
            SELECT id FROM outbox_messages WHERE sent_at IS NULL AND next_attempt_at <= \(bind: now) \
            AND attempts < \(bind: maxAttempts) AND (locked_until IS NULL OR locked_until < \(bind: now))
            """
        let lease: SQLQueryString = """
            UPDATE outbox_messages SET locked_until = \(bind: now.addingTimeInterval(lease)), attempts = attempts + 1
            """
        let leasable: SQLQueryString = "sent_at IS NULL AND (locked_until IS NULL OR locked_until < \(bind: now))"
        let returning: SQLQueryString = """
            RETURNING id, recipient, subject, body_text, template, language, context_json, \
            attachments_json, created_at, attempts
            """
        let limit = String(claimSize)
        guard db.sql.dialect.name == "postgresql" else {
            return """
                \(lease) WHERE id IN (\(due) ORDER BY next_attempt_at, id LIMIT \(unsafeRaw: limit)) AND \(leasable) \
                \(returning)
                """
        }
        return """
            WITH due (due_id) AS MATERIALIZED (\(due) ORDER BY id LIMIT \(unsafeRaw: limit) FOR UPDATE SKIP LOCKED) \
            \(lease) WHERE id = ANY (ARRAY (SELECT due_id FROM due)) AND \(leasable) \(returning)
            """
    }

    /// Runs a delivery while renewing the message's lease, so that a slow relay never lets another worker take it.
    private func whileLeased(_ id: Int, _ deliver: @escaping @Sendable () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await deliver() }
            group.addTask {
                while !Task.isCancelled {
                    try await Task.sleep(for: Self.heartbeat)
                    let until = clock.now().addingTimeInterval(Self.lease)
                    try await db.write(
                        statement: """
                            UPDATE outbox_messages SET locked_until = \(bind: until) WHERE id = \(bind: id) AND sent_at IS NULL
                            """, through: gate)
                }
            }
            // The delivery's outcome decides; the heartbeat stops with it.
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    private func markSent(_ id: Int) async throws {
        let sentAt = clock.now()
        try await db.write(
            statement: """
                UPDATE outbox_messages SET sent_at = \(bind: sentAt), locked_until = NULL, last_error = NULL \
                WHERE id = \(bind: id)
                """, through: gate)
    }

    /// Exponential backoff: 30 s, 1 min, 2 min … capped at one hour.
    static func backoff(afterAttempt attempt: Int) -> TimeInterval {
        min(3600, 30 * pow(2, Double(max(0, attempt - 1))))
    }
}
