import Fluent
import Foundation
import GuichetCore
import NIOConcurrencyHelpers
import Testing
import VaporTesting

@testable import App

extension AppTests {
    @Suite struct OutboxTests {
        @Test func aHoldWritesItsEmailInTheSameTransactionAndARefusalWritesNone() async throws {
            try await withGuichetApp { app in
                let slot = try await Fixture.slot(app)
                try await app.testing().test(
                    .POST, "/api/v1/appointments",
                    beforeRequest: { req in
                        req.json(Fixture.holdBody(slotID: slot.id!, applicant: Fixture.applicant()))
                    }, afterResponse: { res in #expect(res.status == .accepted) })
                #expect(try await OutboxMessage.query(on: app.db).count() == 1)
                // refused: slot now full. The rolled-back transaction leaves no email behind.
                try await app.testing().test(
                    .POST, "/api/v1/appointments",
                    beforeRequest: { req in
                        req.json(
                            Fixture.holdBody(
                                slotID: slot.id!,
                                applicant: Fixture.applicant(family: "Haddad", given: "Omar", email: "omar@example.org")
                            ))
                    }, afterResponse: { res in #expect(res.errorCode == "slot_full") })
                // refused after the seat was taken: duplicate email rolls back the seat and the mail
                let other = try await Fixture.slot(app, daysAhead: 4)
                try await app.testing().test(
                    .POST, "/api/v1/appointments",
                    beforeRequest: { req in
                        req.json(
                            Fixture.holdBody(
                                slotID: other.id!, applicant: Fixture.applicant(family: "Haddad", given: "Omar")))
                    }, afterResponse: { res in #expect(res.errorCode == "duplicate_email") })
                #expect(try await OutboxMessage.query(on: app.db).count() == 1)
                #expect(try await Slot.find(other.id!, on: app.db)?.taken == 0)
            }
        }

        @Test func theWorkerWritesEmlFilesAndRetriesFailures() async throws {
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock) { app in
                // setup
                let slot = SlotSummary(
                    start: testStart.addingTimeInterval(3 * 86_400),
                    end: testStart.addingTimeInterval(3 * 86_400 + 1200),
                    counterName: "Guichet 1", siteName: "Préfecture", siteAddress: "34 place des Martyrs",
                    procedureName: "Première demande")
                let mail = Mails.confirmation(
                    appointmentID: UUID(), name: "Léa N'Diaye", slot: slot, convocationCode: "ABCDE-FGHIJ",
                    manageToken: "tok", links: app.guichet.mailLinks, now: clock.now(), language: .fr)
                try await Outbox.enqueue(to: "lea@example.org", mail, now: clock.now(), on: app.db)
                let failing = FlakyTransport(failures: 2)
                let worker = OutboxWorker(
                    db: app.db, gate: app.guichet.writeGate, transport: failing,
                    renderer: app.guichet.mailRenderer, clock: clock, from: "Préfecture <rdv@example.org>",
                    hostname: "test", logger: app.logger)
                // act: two failures with backoff, then delivery
                #expect(try await worker.runOnce() == 0)
                #expect(try await worker.runOnce() == 0, "not due again before its backoff")
                clock.advance(by: 31)
                #expect(try await worker.runOnce() == 0)
                clock.advance(by: 61)
                #expect(try await worker.runOnce() == 1)
                // check
                let message = try #require(try await OutboxMessage.query(on: app.db).first())
                #expect(message.sentAt != nil)
                #expect(message.attempts == 3)
                #expect(failing.delivered.count == 1)
                #expect(try await worker.runOnce() == 0, "a sent message is never sent again")

                let folder = app.guichet.config.dataDirectory.appendingPathComponent("mail")
                let files = FolderMailTransport(folder: folder)
                try await files.deliver(try #require(failing.delivered.first))
                let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
                    $0.hasSuffix(".eml")
                }
                #expect(names.count == 1)
                let eml = try String(contentsOf: folder.appendingPathComponent(names[0]), encoding: .utf8)
                #expect(eml.contains("Subject: =?utf-8?B?"))
                #expect(eml.contains("To: lea@example.org\r\n"))
                #expect(eml.contains("Content-Type: multipart/mixed; boundary="))
                #expect(eml.contains("Content-Type: multipart/alternative; boundary="))
                #expect(eml.contains("Content-Transfer-Encoding: quoted-printable"))
                #expect(eml.contains("Bonjour L=C3=A9a N'Diaye,"))
                #expect(eml.contains("Bonjour L=C3=A9a N&#39;Diaye,"))
                #expect(eml.contains("name=\"rendez-vous.ics\""))
            }
        }

        @Test func aTemplateThatCannotRenderIsRetriedLikeAFailedDelivery() async throws {
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock, demo: false) { app in
                let broken = ComposedMail(subject: "s", template: "no-such-template", language: .en, context: [:])
                try await Outbox.enqueue(to: "x@example.org", broken, now: clock.now(), on: app.db)
                let transport = FlakyTransport(failures: 0)
                let worker = OutboxWorker(
                    db: app.db, gate: app.guichet.writeGate, transport: transport,
                    renderer: app.guichet.mailRenderer, clock: clock, from: "x@example.org",
                    hostname: "test", logger: app.logger)
                #expect(try await worker.runOnce() == 0)
                let row = try #require(try await OutboxMessage.query(on: app.db).first())
                #expect(row.sentAt == nil && row.attempts == 1 && row.lastError != nil)
                #expect(transport.delivered.isEmpty)
            }
        }

        @Test func theWorkerDrainsMoreThanOneBatch() async throws {
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock, demo: false) { app in
                // plain-text rows, as queued before templates: still delivered
                for index in 0..<(OutboxWorker.claimSize + 37) {
                    try await OutboxMessage(
                        recipient: "p\(index)@example.org", subject: "s", bodyText: "t", now: clock.now()
                    )
                    .create(on: app.db)
                }
                let transport = FlakyTransport(failures: 0)
                let worker = OutboxWorker(
                    db: app.db, gate: app.guichet.writeGate, transport: transport,
                    renderer: app.guichet.mailRenderer, clock: clock,
                    from: "x@example.org", hostname: "test", logger: app.logger)
                #expect(try await worker.runOnce() == OutboxWorker.claimSize + 37)
                #expect(Set(transport.delivered.map(\.to)).count == OutboxWorker.claimSize + 37)
                #expect(transport.delivered.allSatisfy { $0.text == "t" && $0.html == nil })
                #expect(try await OutboxMessage.query(on: app.db).filter(\.$sentAt == nil).count() == 0)
            }
        }

        /// A claim reads the due index in its order and stops after `claimSize` rows: it never sorts the whole
        /// backlog (after a release, tens of thousands of messages wait, and on SQLite the holds wait behind each claim).
        @Test func aClaimReadsTheDueIndexWithoutSortingTheBacklog() async throws {
            try await withGuichetApp(demo: false) { app in
                // setup: a backlog of 3,000 messages, a third unsent, and the planners' statistics
                try await app.db.sql.raw(
                    """
                    WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) \
                    INSERT INTO outbox_messages (recipient, subject, body_text, created_at, attempts, next_attempt_at, sent_at) \
                    SELECT 'p@example.org', 's', 't', \(bind: testStart), 0, \(bind: testStart), \
                    CASE WHEN i % 3 = 0 THEN NULL ELSE \(bind: testStart) END FROM n
                    """
                ).run()
                try await app.db.sql.raw("ANALYZE outbox_messages").run()
                let claim = OutboxWorker.claim(now: testStart.addingTimeInterval(1), on: app.db)
                let plan: [String]
                if TestDatabase.isPostgres {
                    plan = try await app.db.sql.raw("EXPLAIN \(claim)").all().map {
                        try $0.decode(column: "QUERY PLAN", as: String.self)
                    }
                    // the whole backlog sorted would be a plain Sort (an Incremental Sort on the index's order is fine)
                    #expect(
                        !plan.contains {
                            $0.contains("Sort") && !$0.contains("Incremental Sort") && !$0.contains("Sort Key")
                        })
                } else {
                    plan = try await app.db.sql.raw("EXPLAIN QUERY PLAN \(claim)").all().map {
                        try $0.decode(column: "detail", as: String.self)
                    }
                    #expect(plan.contains { $0.contains("outbox_due_idx") })
                    #expect(!plan.contains { $0.contains("TEMP B-TREE") })
                }
            }
        }

        @Test func aRecipientRefusedForGoodIsNotRetried() async throws {
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock) { app in
                let mail = Mails.urgentReceived(
                    number: "U-AAAAA-AAAAA", procedureName: "Renouvellement",
                    statusURL: "http://x/urgent", language: .fr)
                try await Outbox.enqueue(to: "nobody@example.org", mail, now: clock.now(), on: app.db)
                try await Outbox.enqueue(to: "later@example.org", mail, now: clock.now(), on: app.db)
                let worker = OutboxWorker(
                    db: app.db, gate: app.guichet.writeGate, transport: RefusingTransport(),
                    renderer: app.guichet.mailRenderer, clock: clock, from: "Préfecture <rdv@example.org>",
                    hostname: "test", logger: app.logger)
                #expect(try await worker.runOnce() == 0)
                let rows = try await OutboxMessage.query(on: app.db).sort(\.$id).all()
                #expect(rows[0].attempts == OutboxWorker.maxAttempts, "550 to RCPT TO: given up")
                #expect(rows[0].lastError == "SMTP server answered 550 to RCPT TO")
                #expect(rows[1].attempts == 1, "451: tried again later")
            }
        }

        struct RefusingTransport: MailTransport {
            func deliver(_ message: MailMessage) async throws {
                throw SMTPError.rejected(.rcptTo, code: message.to.hasPrefix("nobody") ? 550 : 451)
            }
        }

        final class FlakyTransport: MailTransport, @unchecked Sendable {
            private let lock = NIOLock()
            private var failuresLeft: Int
            private var sent: [MailMessage] = []

            init(failures: Int) { failuresLeft = failures }

            var delivered: [MailMessage] { lock.withLock { sent } }

            func deliver(_ message: MailMessage) async throws {
                try lock.withLock {
                    if failuresLeft > 0 {
                        failuresLeft -= 1
                        throw CancellationError()
                    }
                    sent.append(message)
                }
            }
        }
    }
}
