import Fluent
import Foundation
import GuichetCore
import SQLKit

/// Bookings an agent makes for a person standing in front of them: the assisted channel (a counter, the phone
/// line read back at the desk), and appointments granted to urgent requests.
///
/// The rules are the public ones: exact names checked the same way, one active booking per person, email and
/// phone (claims and partial unique indexes), a seat taken by one conditional statement. What differs: the person
/// is present with an ID document, so there is no emailed code and the appointment is confirmed at once; and the
/// email address may be absent (`Applicant.check(emailOptional:)`), in which case no email is queued and the agent
/// prints the convocation.
extension BookingService {
    enum Seat: Sendable, Equatable {
        /// A seat a release put on offer, as on the public site.
        case released
        /// A planned seat kept for urgent cases (`docs/decisions/0006`): released and taken in one statement.
        case reserved
    }

    /// Holds and confirms in one transaction: seat, appointment, claims, the confirmation email (with the manage
    /// link and the `.ics`, when there is an address), the audit entry, then `alsoWithin` (the caller's own
    /// change, e.g. the urgent request it answers). Any failure undoes all of it.
    func bookAssisted(
        procedureID: String, slotID: Int, applicant: Applicant, language: Language, seat: Seat,
        channel: String, actor: String, remote: String?, auditAction: String, auditDetail: String = "",
        alsoWithin: (@Sendable (any Database, Appointment) async throws -> Void)? = nil
    ) async throws -> Confirmed {
        let now = services.clock.now()
        let reference = try await services.reference.get(on: db)
        guard let procedure = reference.procedures[procedureID], !procedure.retired else {
            throw BookingError.unknownProcedure
        }
        if seat == .released, procedure.mode != .release {
            throw BookingError.procedureNotBookable(mode: procedure.mode.rawValue)
        }
        let token = services.random.with { Tokens.manageToken(using: &$0) }
        let convocation = services.random.with { Tokens.shortCode(using: &$0) }
        let appointment = Appointment(
            id: services.random.with { UUID.random(using: &$0) }, procedureID: procedureID,
            slotID: slotID, applicant: applicant, status: .confirmed, channel: channel,
            language: language, now: now)
        // No code was sent: the agent saw the person and their ID document.
        appointment.codeHash = ""
        appointment.holdExpiresAt = now
        appointment.confirmedAt = now
        appointment.manageTokenHash = Tokens.sha256Hex(token)
        appointment.convocationCode = convocation

        let claimKeys = Claims.keys(of: applicant)
        let links = services.mailLinks
        do {
            try await db.write(through: services.writeGate) { tx in
                let taken: SeatLedger.Taken?
                if seat == .released {
                    taken = try await SeatLedger.take(
                        slotID: slotID, counterIDs: procedure.counterIDs, now: now, on: tx)
                } else {
                    taken = try await SeatLedger.takeReserved(
                        slotID: slotID, counterIDs: procedure.counterIDs, now: now, on: tx)
                }
                guard let taken else { throw SeatUnavailable() }
                try await appointment.create(on: tx)
                try await Claims.take(claimKeys, holder: .appointment, id: appointment.id!.uuidString, now: now, on: tx)
                let summary = SlotSummary(taken, reference: reference, procedure: procedure, language: language)
                let mail = Mails.confirmation(
                    appointmentID: appointment.id!, name: appointment.displayName, slot: summary,
                    convocationCode: convocation, manageToken: token, links: links, now: now,
                    language: language)
                try await Outbox.enqueue(to: applicant.email, mail, now: now, on: tx)
                let detail = [
                    "procedure=\(procedureID)", "slot=\(slotID)", "channel=\(channel)",
                    "email=\(applicant.email.isEmpty ? "none" : "yes")", auditDetail,
                ]
                .filter { !$0.isEmpty }.joined(separator: " ")
                try await AuditEntry(
                    at: now, actor: actor, action: auditAction, recordType: "appointment",
                    recordID: appointment.id!.uuidString, detail: detail, remote: remote
                ).create(on: tx)
                try await alsoWithin?(tx, appointment)
            }
        } catch is SeatUnavailable {
            if seat == .released {
                throw try await whySlotUnavailable(slotID: slotID, counterIDs: procedure.counterIDs, now: now)
            }
            throw try await whyNoReservedSeat(slotID: slotID, counterIDs: procedure.counterIDs, now: now)
        } catch {
            throw try await refusal(for: error, claimKeys: claimKeys)
        }
        services.availability.seatsChanged()
        return Confirmed(appointment: appointment, manageToken: token)
    }

    private func whyNoReservedSeat(slotID: Int, counterIDs: [String], now: Date) async throws -> BookingError {
        guard let slot = try await Slot.find(slotID, on: db) else { return .slotNotFound }
        if !counterIDs.contains(slot.$counter.id) { return .wrongCounter }
        if slot.startsAt <= now { return .slotInPast }
        if slot.closed { return .slotNotReleased }
        return .slotFull
    }
}
