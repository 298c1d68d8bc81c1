import Fluent
import Foundation
import GuichetCore
import SQLiteKit
import Testing

@testable import App

/// The rows the hold writes without Fluent (`InsertRow`, written out by hand in each model) are the rows Fluent's
/// `create(on:)` would insert: same columns, same values, encoded the same way. A field added to a model and not to
/// its `insertRow` fails here.
@Suite struct InsertRowTests {
    @Test func anAppointmentsRowIsFluentsRow() throws {
        // every column filled: a hold, confirmed, closed, checked in
        let now = Date(timeIntervalSince1970: 1_796_000_000.25)
        let appointment = try newHold()
        appointment.foreignNumber = "1234567890"
        appointment.permitExpiry = "2027-01-31"
        appointment.phone = "+33612345678"
        appointment.phoneKey = "+33612345678"
        appointment.status = AppointmentStatus.confirmed
        appointment.codeAttempts = 2
        appointment.manageTokenHash = "token"
        appointment.convocationCode = "K7Q2M9"
        appointment.confirmedAt = now.addingTimeInterval(60)
        appointment.closedAt = now.addingTimeInterval(120)
        appointment.closeReason = "cancelled_by_applicant"
        appointment.reminderQueuedAt = now.addingTimeInterval(180)
        appointment.checkedInAt = now.addingTimeInterval(240)
        appointment.checkedInBy = "agent"
        try expectSameRow(appointment.insertRow, as: appointment)
    }

    @Test func aNewHoldsRowIsFluentsRow() throws {
        // what a hold makes: the optional columns left empty
        let appointment = try newHold()
        try expectSameRow(appointment.insertRow, as: appointment)
    }

    /// An appointment as `BookingService.hold` makes it: the initialiser every channel uses, then the code's hash and
    /// the hold's end.
    private func newHold() throws -> Appointment {
        let applicant = try Applicant.validate(
            ApplicantInput(
                familyName: "Haddad", givenNames: "Omar", birthDate: "1990-01-01", nationality: "TUN",
                email: "omar@example.org"), today: CivilDate(year: 2026, month: 12, day: 1)!)
        let now = Date(timeIntervalSince1970: 1_796_000_000)
        let appointment = Appointment(
            id: UUID(), procedureID: "renewal", slotID: 7, applicant: applicant,
            status: .pending, channel: "online", language: .en, now: now)
        appointment.codeHash = "h"
        appointment.holdExpiresAt = now.addingTimeInterval(900)
        return appointment
    }

    @Test func aSignalsRowIsFluentsRow() throws {
        let signal = BookingSignal()
        signal.subjectType = "appointment"
        signal.subjectID = UUID().uuidString
        signal.network = "203.0.113.0/24"
        signal.userAgent = "ua"
        signal.emailPattern = "karima#@example.org"
        signal.phoneKey = nil
        signal.secondsSinceRelease = 1.5
        signal.channel = "online"
        signal.createdAt = Date(timeIntervalSince1970: 1_796_000_000)
        try expectSameRow(signal.insertRow, as: signal)
    }

    @Test func anOutboxMessagesRowIsFluentsRow() throws {
        let message = OutboxMessage(
            recipient: "karima@example.org", subject: "Code", bodyText: "",
            now: Date(timeIntervalSince1970: 1_796_000_000))
        message.template = "code"
        message.language = "fr"
        message.contextJSON = #"{"code":"123456"}"#
        message.attachmentsJSON = nil
        message.lockedUntil = Date(timeIntervalSince1970: 1_796_000_060)
        message.sentAt = nil
        message.lastError = "none"
        try expectSameRow(message.insertRow, as: message)
    }

    /// Every column of the model (but an id the database makes) is in the row, with the value Fluent would bind,
    /// encoded alike; a column Fluent leaves out is NULL in the row.
    private func expectSameRow<M: Model>(_ row: InsertRow, as model: M) throws {
        let encoder = SQLiteDataEncoder()
        #expect(row.table == M.schema)
        let input = Collected()
        model.input(to: input)
        var fluent: [String: SQLiteData] = [:]
        for (key, value) in input.values {
            switch value {
            case .bind(let bound): fluent[key.description] = try encoder.encode(bound)
            case .null: fluent[key.description] = .null
            case .default: continue  // an id the database makes
            default: Issue.record("\(key): a value kind the row does not write")
            }
        }
        let ours = Dictionary(
            uniqueKeysWithValues: try zip(row.columns, row.values).map { column, value in
                (column, try value.map { try encoder.encode($0) } ?? .null)
            })
        let generated: Set<String> = fluent["id"] == nil ? ["id"] : []
        #expect(Set(ours.keys) == Set(M.keys.map(\.description)).subtracting(generated))
        for (column, value) in fluent { #expect(ours[column] == value, "\(M.schema).\(column)") }
        for (column, value) in ours where fluent[column] == nil { #expect(value == .null, "\(M.schema).\(column)") }
        #expect(row.columns.count == ours.count, "a column written twice")
    }

    /// What Fluent's `create(on:)` gives the database.
    private final class Collected: DatabaseInput {
        var values: [(FieldKey, DatabaseQuery.Value)] = []

        func set(_ value: DatabaseQuery.Value, at key: FieldKey) {
            values.append((key, value))
        }
    }
}
