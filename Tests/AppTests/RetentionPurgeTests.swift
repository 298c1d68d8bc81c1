import Fluent
import Foundation
import GuichetCore
import SQLKit
import Testing
import Vapor

@testable import App

extension AppTests {
    /// `guichet purge`: old closed bookings lose their personal data, recent and active ones stay, and the weeks
    /// they were counted in keep their statistics.
    @Suite struct RetentionPurgeTests {
        typealias F = StatsFixture

        /// Now is 1 December 2026: with 24 months, the cutoff is 1 December 2024 08:00 (Paris).
        struct World {
            var purged: [String: UUID] = [:]
            var kept: [String: UUID] = [:]
            var oldSlotID = 0
            var oldFile: URL!
            var recentFile: URL!
        }

        static func build(_ app: Application) async throws -> World {
            var world = World()
            // old, over: a served appointment (with its attestation), a cancelled one, a withdrawn request, an
            // allocated one, an urgent request with a file, an email
            let oldSlot = try await F.slot(app, F.paris("2024-10-15", 10), capacity: 2, released: 2, taken: 1)
            world.oldSlotID = oldSlot.id!
            let served = try await F.appointment(
                app, slot: oldSlot, status: .served, createdAt: F.paris("2024-10-01", 9),
                confirmedAt: F.paris("2024-10-01", 9, 5),
                closedAt: F.paris("2024-10-15", 10, 20), permitExpiry: "2025-01-31")
            world.purged["served"] = served.id
            world.purged["cancelled"] = try await F.appointment(
                app, slot: oldSlot, status: .cancelled, createdAt: F.paris("2024-10-02", 9),
                confirmedAt: F.paris("2024-10-02", 9, 5), closedAt: F.paris("2024-10-03", 9)
            ).id
            world.purged["withdrawn"] = try await F.request(
                app, status: ApplicantRequest.Status.withdrawn, createdAt: F.paris("2024-09-01", 9),
                confirmedAt: F.paris("2024-09-01", 9), closedAt: F.paris("2024-09-20", 9)
            ).id
            world.purged["allocated"] = try await F.request(
                app, status: ApplicantRequest.Status.allocated, createdAt: F.paris("2024-09-10", 9),
                confirmedAt: F.paris("2024-09-10", 9), closedAt: F.paris("2024-09-30", 0, 30), appointment: served.id
            ).id
            try await attestation(app, kind: "appointment", subject: served.id!)
            let oldUrgent = try await urgent(app, createdAt: F.paris("2024-06-01", 9), handledAt: nil)
            world.purged["urgent"] = oldUrgent.id
            world.oldFile = try await attachment(app, to: oldUrgent)
            try await OutboxMessage(
                recipient: "old@example.org", subject: "old", bodyText: "Madame Benali",
                now: F.paris("2024-10-01", 9)
            ).create(on: app.db)
            // recent or still active: kept
            let recentSlot = try await F.slot(app, F.paris("2026-11-10", 10), released: 1, taken: 0)
            world.kept["recentCancelled"] = try await F.appointment(
                app, slot: recentSlot, status: .cancelled, createdAt: F.paris("2026-11-01", 9),
                closedAt: F.paris("2026-11-02", 9)
            ).id
            let staleSlot = try await F.slot(app, F.paris("2024-10-16", 10), released: 1, taken: 1)
            world.kept["oldButConfirmed"] = try await F.appointment(
                app, slot: staleSlot, status: .confirmed, createdAt: F.paris("2024-10-01", 9),
                confirmedAt: F.paris("2024-10-01", 9)
            ).id
            world.kept["oldWaiting"] = try await F.request(
                app, status: ApplicantRequest.Status.waiting, createdAt: F.paris("2024-09-01", 9),
                confirmedAt: F.paris("2024-09-01", 9)
            ).id
            let recentUrgent = try await urgent(app, createdAt: F.paris("2026-11-20", 9), handledAt: nil)
            world.kept["recentUrgent"] = recentUrgent.id
            world.recentFile = try await attachment(app, to: recentUrgent)
            let handledLate = try await urgent(
                app, createdAt: F.paris("2024-06-01", 9), handledAt: F.paris("2025-02-01", 9))
            world.kept["handledLate"] = handledLate.id
            return world
        }

        @Test func oldClosedRecordsArePurgedAndTheirWeeksKeepTheirFigures() async throws {
            try await withGuichetApp { app in
                // setup
                let world = try await Self.build(app)
                var browser = PageClient(app, language: "en")
                let before = try await browser.get("/stats?weeks=2&until=2024-10-15")
                #expect(before.html.contains("<td data-figure=\"attended\">1</td>"))
                let served = SuspicionSubject(.appointment, world.purged["served"]!.uuidString)
                let kept = SuspicionSubject(.appointment, world.kept["oldButConfirmed"]!.uuidString)
                for subject in [served, kept] {
                    try await SuspicionFlag(subject: subject, reason: "nom différent", actor: "agent:x", at: testStart)
                        .create(on: app.db)
                }
                // act
                let outcome = try await RetentionPurge(db: app.db, services: app.guichet, logger: app.logger).run(
                    months: 24)
                // check: counts, rows, files
                #expect(outcome.appointments == 2 && outcome.requests == 2 && outcome.urgentRequests == 1)
                #expect(outcome.attachments == 1 && outcome.attestations == 1 && outcome.emails == 1)
                #expect(outcome.weeksFrozen > 0)
                for id in [world.purged["served"]!, world.purged["cancelled"]!] {
                    #expect(try await Appointment.find(id, on: app.db) == nil)
                }
                for id in [world.purged["withdrawn"]!, world.purged["allocated"]!] {
                    #expect(try await ApplicantRequest.find(id, on: app.db) == nil)
                }
                #expect(try await UrgentRequest.find(world.purged["urgent"]!, on: app.db) == nil)
                #expect(try await UrgentAttachment.query(on: app.db).count() == 1)
                #expect(try await Attestation.query(on: app.db).count() == 0)
                #expect(
                    try await SuspicionFlag.query(on: app.db).all().map(\.subjectID) == [kept.id], "review flags go too"
                )
                #expect(
                    try await OutboxMessage.query(on: app.db).filter(\.$recipient == "old@example.org").count() == 0)
                #expect(!FileManager.default.fileExists(atPath: world.oldFile.path))
                #expect(FileManager.default.fileExists(atPath: world.recentFile.path))
                for key in ["recentCancelled", "oldButConfirmed"] {
                    #expect(try await Appointment.find(world.kept[key]!, on: app.db) != nil, "\(key)")
                }
                #expect(try await ApplicantRequest.find(world.kept["oldWaiting"]!, on: app.db) != nil)
                for key in ["recentUrgent", "handledLate"] {
                    #expect(try await UrgentRequest.find(world.kept[key]!, on: app.db) != nil, "\(key)")
                }
                // seats are not given back: the seat of a served appointment was consumed
                #expect(try await Slot.find(world.oldSlotID, on: app.db)?.taken == 1)
                // an audit entry with counts only
                let audit = try #require(
                    try await AuditEntry.query(on: app.db)
                        .filter(\.$action == RetentionPurge.auditAction).first())
                #expect(audit.detail.contains("appointments=2") && !audit.detail.contains("Benali"))
                // the week of the served appointment still shows its figures, from its aggregate
                let weekOfServed = StatsWeek(containing: CivilDate(iso: "2024-10-15")!)
                let frozen = try #require(try await WeeklyAggregate.find(weekOfServed.monday.iso, on: app.db))
                #expect(frozen.attended == 1 && frozen.seenBeforeExpiry == 1 && frozen.attendedWithExpiry == 1)
                #expect(frozen.medianWaitDays != nil)
                let after = try await browser.get("/stats?weeks=2&until=2024-10-15")
                #expect(after.html.contains("<td data-figure=\"attended\">1</td>"))
                #expect(after.html.contains("<td data-figure=\"before-expiry\">100%</td>"))
                // the requests' weeks too
                let weekOfWithdrawn = StatsWeek(containing: CivilDate(iso: "2024-09-01")!)
                let requests = try await WeeklyStatistics.figures(
                    for: StatsPeriod(weeks: [weekOfWithdrawn]), on: app.db)
                #expect(requests[0].requests == 2)
                // a second run finds nothing and writes no second entry
                let again = try await RetentionPurge(db: app.db, services: app.guichet, logger: app.logger).run(
                    months: 24)
                #expect(again.isEmpty && again.weeksFrozen == 0)
                #expect(
                    try await AuditEntry.query(on: app.db).filter(\.$action == RetentionPurge.auditAction).count() == 1)
            }
        }

        @Test func dryRunCountsAndChangesNothing() async throws {
            try await withGuichetApp { app in
                // setup
                let world = try await Self.build(app)
                // act
                let outcome = try await RetentionPurge(db: app.db, services: app.guichet, logger: app.logger)
                    .run(months: 24, dryRun: true)
                // check
                #expect(outcome.appointments == 2 && outcome.requests == 2 && outcome.urgentRequests == 1)
                #expect(try await Appointment.find(world.purged["served"]!, on: app.db) != nil)
                #expect(FileManager.default.fileExists(atPath: world.oldFile.path))
                #expect(try await WeeklyAggregate.query(on: app.db).count() == 0)
                #expect(
                    try await AuditEntry.query(on: app.db).filter(\.$action == RetentionPurge.auditAction).count() == 0)
            }
        }

        @Test func aShorterRetentionReachesFurtherAndTimeMovesTheCutoff() async throws {
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock) { app in
                // setup
                let world = try await Self.build(app)
                // act: three months keep November 2026; a month later, one month reaches it
                let first = try await RetentionPurge(db: app.db, services: app.guichet, logger: app.logger).run(
                    months: 3)
                #expect(try await Appointment.find(world.kept["recentCancelled"]!, on: app.db) != nil)
                clock.advance(by: 40 * 86_400)
                let second = try await RetentionPurge(db: app.db, services: app.guichet, logger: app.logger).run(
                    months: 1)
                // check: the late-handled urgent request went with the first run, the recent cancellation with the second
                #expect(first.urgentRequests == 2)
                #expect(second.appointments == 1)
                #expect(try await Appointment.find(world.kept["recentCancelled"]!, on: app.db) == nil)
                #expect(try await Appointment.find(world.kept["oldButConfirmed"]!, on: app.db) != nil)
            }
        }

        @Test func retentionMonthsComeFromTheEnvironment() throws {
            #expect(try GuichetConfig.fromEnvironment([:]).retentionMonths == 24)
            #expect(try GuichetConfig.fromEnvironment(["GUICHET_RETENTION_MONTHS": "36"]).retentionMonths == 36)
            #expect(throws: ConfigError.self) { try GuichetConfig.fromEnvironment(["GUICHET_RETENTION_MONTHS": "0"]) }
            #expect(throws: ConfigError.self) { try GuichetConfig.fromEnvironment(["GUICHET_RETENTION_MONTHS": "two"]) }
        }

        // MARK: Fixtures

        static func urgent(_ app: Application, createdAt: Date, handledAt: Date?) async throws -> UrgentRequest {
            let request = UrgentRequest()
            request.id = UUID()
            request.number = "U-" + String(UUID().uuidString.prefix(8))
            request.$procedure.id = "renewal"
            request.familyName = "Haddad"
            request.givenNames = "Omar"
            request.birthDate = "1990-01-01"
            request.nationality = "MAR"
            request.email = "omar@example.org"
            request.identityKey = UUID().uuidString
            request.reason = "Mon titre expire et mon emploi en dépend."
            request.status = UrgentRequest.Status.received
            request.manageTokenHash = "x"
            request.language = "fr"
            request.createdAt = createdAt
            request.handledAt = handledAt
            try await request.create(on: app.db)
            return request
        }

        static func attachment(_ app: Application, to request: UrgentRequest) async throws -> URL {
            let folder = app.guichet.config.dataDirectory.appendingPathComponent("attachments", isDirectory: true)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let name = UUID().uuidString.lowercased() + ".pdf"
            let file = folder.appendingPathComponent(name)
            try Data("%PDF-1.4 employer's letter".utf8).write(to: file)
            let attachment = UrgentAttachment()
            attachment.id = UUID()
            attachment.$urgentRequest.id = request.id!
            attachment.storedName = name
            attachment.originalName = "attestation.pdf"
            attachment.mediaType = "application/pdf"
            attachment.sizeBytes = 26
            attachment.sha256 = "x"
            attachment.createdAt = request.createdAt
            try await attachment.create(on: app.db)
            return file
        }

        static func attestation(_ app: Application, kind: String, subject: UUID) async throws {
            let attestation = Attestation()
            attestation.id = UUID()
            attestation.code = String(UUID().uuidString.prefix(10))
            attestation.kind = kind
            attestation.subjectID = subject.uuidString.lowercased()
            attestation.identityKey = "k"
            attestation.familyName = "Benali"
            attestation.givenNames = "Karima"
            attestation.birthDate = "1988-04-12"
            attestation.$procedure.id = "first-application"
            attestation.askedOn = "2024-10-01"
            attestation.signature = "s"
            attestation.issuedAt = F.paris("2024-10-01", 9)
            try await attestation.create(on: app.db)
        }
    }
}
