import Fluent
import Foundation
import GuichetCore
import Vapor

@testable import App

/// Records written directly, at any date, for the statistics and retention tests.
enum StatsFixture {
    static func paris(_ iso: String, _ hour: Int, _ minute: Int = 0) -> Date {
        ParisTime.instant(date: CivilDate(iso: iso)!, minuteOfDay: hour * 60 + minute)
    }

    @discardableResult
    static func slot(
        _ app: Application, _ start: Date, counter: String = "mtp-1", capacity: Int = 1,
        released: Int = 1, taken: Int = 0
    ) async throws -> Slot {
        let slot = Slot(
            counterID: counter, startsAt: start, endsAt: start.addingTimeInterval(20 * 60), capacity: capacity)
        slot.released = released
        slot.taken = taken
        try await slot.create(on: app.db)
        return slot
    }

    @discardableResult
    static func appointment(
        _ app: Application, slot: Slot, status: AppointmentStatus, createdAt: Date,
        confirmedAt: Date? = nil, closedAt: Date? = nil, permitExpiry: String? = nil,
        family: String = "Benali", channel: String = "web"
    ) async throws -> Appointment {
        let appointment = Appointment()
        let key = UUID().uuidString
        appointment.id = UUID()
        appointment.$procedure.id = "first-application"
        appointment.$slot.id = slot.id!
        appointment.familyName = family
        appointment.givenNames = "Karima"
        appointment.birthDate = "1988-04-12"
        appointment.nationality = "DZA"
        appointment.permitExpiry = permitExpiry
        appointment.email = "\(key)@example.org"
        appointment.identityKey = key
        appointment.nameKey = key + "-n"
        appointment.emailKey = key + "-e"
        appointment.status = status
        appointment.codeHash = "x"
        appointment.codeAttempts = 0
        appointment.holdExpiresAt = createdAt.addingTimeInterval(BookingRules.holdDuration)
        appointment.channel = channel
        appointment.language = "fr"
        appointment.createdAt = createdAt
        appointment.confirmedAt = confirmedAt
        appointment.closedAt = closedAt
        try await appointment.create(on: app.db)
        return appointment
    }

    @discardableResult
    static func request(
        _ app: Application, status: String, createdAt: Date, confirmedAt: Date? = nil,
        closedAt: Date? = nil, appointment: UUID? = nil
    ) async throws -> ApplicantRequest {
        let request = ApplicantRequest()
        request.id = UUID()
        request.number = "R-" + String(UUID().uuidString.prefix(8))
        request.$procedure.id = "renewal"
        request.familyName = "Ivanova"
        request.givenNames = "Olga"
        request.birthDate = "1979-02-01"
        request.nationality = "UKR"
        request.email = "\(UUID().uuidString)@example.org"
        request.unavailableWeekdaysJSON = "[]"
        request.status = status
        request.codeHash = "x"
        request.codeAttempts = 0
        request.confirmBy = createdAt.addingTimeInterval(3600)
        request.appointmentID = appointment
        request.language = "fr"
        request.createdAt = createdAt
        request.confirmedAt = confirmedAt
        request.closedAt = closedAt
        try await request.create(on: app.db)
        return request
    }

    static func audit(_ app: Application, action: String, at: Date) async throws {
        try await AuditEntry(
            at: at, actor: "system", action: action, recordType: "appointment",
            recordID: UUID().uuidString, detail: "test"
        ).create(on: app.db)
    }
}
