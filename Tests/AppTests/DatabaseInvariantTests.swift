import Fluent
import Foundation
import GuichetCore
import SQLKit
import Testing

@testable import App

extension AppTests {
    /// The invariants hold in the database itself, whatever code writes to it.
    @Suite struct DatabaseInvariantTests {
        @Test func aSlotCannotHoldMoreThanItsCapacity() async throws {
            try await withGuichetApp(demo: true) { app in
                let slot = try await Fixture.slot(app, capacity: 2, released: 2)
                let sql = app.db.sql
                try await sql.raw("UPDATE slots SET taken = 2 WHERE id = \(bind: slot.id!)").run()
                await #expect(throws: (any Error).self) {
                    try await sql.raw("UPDATE slots SET taken = 3 WHERE id = \(bind: slot.id!)").run()
                }
                await #expect(throws: (any Error).self) {
                    try await sql.raw("UPDATE slots SET released = 3 WHERE id = \(bind: slot.id!)").run()
                }
                await #expect(throws: (any Error).self) {
                    try await sql.raw("UPDATE slots SET taken = -1 WHERE id = \(bind: slot.id!)").run()
                }
            }
        }

        @Test func twoActiveAppointmentsWithOneIdentityKeyAreRefusedByTheIndex() async throws {
            try await withGuichetApp { app in
                let first = try await Fixture.slot(app, daysAhead: 3)
                let second = try await Fixture.slot(app, daysAhead: 4)
                try await appointment(slot: first, identity: "same", email: "a@x.org", status: .confirmed).create(
                    on: app.db)
                await #expect(throws: (any Error).self) {
                    try await appointment(slot: second, identity: "same", email: "b@x.org", status: .pending).create(
                        on: app.db)
                }
                // a closed appointment does not count
                try await appointment(slot: second, identity: "same", email: "c@x.org", status: .cancelled).create(
                    on: app.db)
                await #expect(throws: (any Error).self) {
                    try await appointment(slot: second, identity: "other", email: "a@x.org", status: .pending).create(
                        on: app.db)
                }
            }
        }

        @Test func uniqueViolationsAreRecognisedOnThisDatabase() async throws {
            try await withGuichetApp { app in
                let slot = try await Fixture.slot(app)
                try await appointment(slot: slot, identity: "k", email: "e@x.org", status: .pending).create(on: app.db)
                do {
                    try await appointment(slot: slot, identity: "k2", email: "e@x.org", status: .pending).create(
                        on: app.db)
                    Issue.record("the index let a second active appointment in")
                } catch {
                    #expect(UniqueViolation.bookingError(for: error) == .duplicateEmail)
                }
            }
        }

        /// A status the code does not know (a hand edit, a newer version's value) is an error where the row is read,
        /// never quietly taken for a cancellation that would free the person to book again.
        @Test func anUnknownAppointmentStatusIsAnErrorNotACancellation() async throws {
            try await withGuichetApp { app in
                let slot = try await Fixture.slot(app, daysAhead: 3)
                let row = appointment(slot: slot, identity: "odd", email: "odd@x.org", status: .confirmed)
                try await row.create(on: app.db)
                try await app.db.sql.raw("UPDATE appointments SET status = 'lost' WHERE id = \(bind: row.id!)").run()
                await #expect(throws: (any Error).self) { try await Appointment.find(row.id!, on: app.db) }
                await #expect(throws: (any Error).self) { try await Appointment.query(on: app.db).all() }
                let cancelled = try await Appointment.query(on: app.db).filter(\.$status == .cancelled).count()
                #expect(cancelled == 0)
            }
        }

        func appointment(slot: Slot, identity: String, email: String, status: AppointmentStatus) -> Appointment {
            let appointment = Appointment()
            appointment.$procedure.id = "first-application"
            appointment.$slot.id = slot.id!
            appointment.familyName = "Test Person"
            appointment.givenNames = ""
            appointment.birthDate = "1990-01-01"
            appointment.nationality = "FRA"
            appointment.email = email
            appointment.identityKey = identity
            appointment.nameKey = "names-" + identity + "-" + email
            appointment.emailKey = email
            appointment.status = status
            appointment.codeHash = "x"
            appointment.codeAttempts = 0
            appointment.holdExpiresAt = testStart
            appointment.channel = "online"
            appointment.language = "fr"
            appointment.createdAt = testStart
            return appointment
        }
    }
}

extension BookingError: Equatable {
    public static func == (lhs: BookingError, rhs: BookingError) -> Bool { lhs.code == rhs.code }
}
