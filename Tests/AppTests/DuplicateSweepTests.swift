import Fluent
import Foundation
import GuichetCore
import SQLKit
import Testing
import Vapor

@testable import App

extension AppTests {
    /// Duplicates that reached the database around the unique indexes are removed, the earliest kept.
    @Suite struct DuplicateSweepTests {
        @Test func duplicatesUnderTodaysRulesAreCancelledEmailedAndAudited() async throws {
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock) { app in
                // setup: three bookings of one person whose stored keys were computed by an older rule (so the
                // indexes let them in), and one unrelated booking
                let first = try await insert(
                    app, slotDays: 3, family: "Benali", email: "karima@example.org", key: "old-1", at: 0)
                let second = try await insert(
                    app, slotDays: 4, family: "BENALI", email: "k.benali@example.org", key: "old-2", at: 60)
                let third = try await insert(
                    app, slotDays: 5, family: "Haddad", email: "Karima+2@example.org", key: "old-3", at: 120)
                let other = try await insert(
                    app, slotDays: 6, family: "Ivanova", email: "olga@example.org", key: "old-4", at: 30)
                // act
                let removed = try await DuplicateSweep(db: app.db, services: app.guichet, logger: app.logger).run()
                // check: the earliest stays; names link the second, the email key links the third
                #expect(Set(removed) == [second.id!, third.id!])
                for id in [first.id!, other.id!] {
                    #expect(try await Appointment.find(id, on: app.db)?.status == .confirmed)
                }
                for cancelled in [second, third] {
                    let row = try #require(try await Appointment.find(cancelled.id!, on: app.db))
                    #expect(row.status == .cancelled && row.closeReason == DuplicateSweep.closeReason)
                    #expect(try await Slot.find(row.$slot.id, on: app.db)?.taken == 0)
                }
                #expect(
                    try await AuditEntry.query(on: app.db).filter(\.$action == DuplicateSweep.auditAction).count() == 2)
                let mails = try await OutboxMessage.query(on: app.db).all().map(\.recipient)
                #expect(Set(mails) == ["k.benali@example.org", "Karima+2@example.org"])
                // a second run finds nothing more
                #expect(try await DuplicateSweep(db: app.db, services: app.guichet, logger: app.logger).run().isEmpty)
            }
        }

        /// A confirmed appointment written directly, with stale keys, as an import would.
        func insert(
            _ app: Application, slotDays: Int, family: String, email: String, key: String,
            at seconds: TimeInterval
        ) async throws -> Appointment {
            let slot = try await Fixture.slot(app, daysAhead: slotDays)
            try await app.db.sql.raw("UPDATE slots SET taken = 1 WHERE id = \(bind: slot.id!)").run()
            let appointment = Appointment()
            appointment.id = UUID()
            appointment.$procedure.id = "first-application"
            appointment.$slot.id = slot.id!
            appointment.familyName = family
            appointment.givenNames = family == "Haddad" || family == "Ivanova" ? "Omar" : "Karima"
            appointment.birthDate = "1988-04-12"
            appointment.nationality = "DZA"
            appointment.email = email
            appointment.identityKey = key
            appointment.nameKey = key + "-n"
            appointment.emailKey = key + "-e"
            appointment.status = .confirmed
            appointment.codeHash = "x"
            appointment.codeAttempts = 0
            appointment.holdExpiresAt = testStart
            appointment.channel = "import"
            appointment.language = "fr"
            appointment.createdAt = testStart.addingTimeInterval(seconds)
            try await appointment.create(on: app.db)
            return appointment
        }
    }
}
