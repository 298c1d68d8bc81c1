import Fluent
import Foundation
import GuichetCore
import SQLKit

/// Tickets for a release-mode procedure's lotteries (`docs/decisions/0013`): asked at any time, with the same
/// identity, limits and proof of work as a hold. A ticket asked while a release's lottery takes tickets is in it; any
/// other waits for the next release. A ticket that does not win stays for the following lotteries, with its number,
/// until it wins or is withdrawn (and is asked every four weeks whether still needed): a person who looks at the
/// site once is in every lottery after, so a bot that watches every second gains nothing. No code is asked now: the
/// winner confirms the seat with the code emailed with the result, as any hold is confirmed.
extension RequestService {
    struct Ticket: Sendable {
        let number: String
        let manageToken: String
        /// The lottery it is in, if one was taking tickets.
        let window: DrawWindow?
    }

    func enterLottery(
        procedureID: String, applicant: Applicant, unavailableWeekdays: [Weekday],
        language: Language, client: ClientSignals = .none
    ) async throws -> Ticket {
        let now = services.clock.now()
        let reference = try await services.reference.get(on: db)
        guard let procedure = reference.procedures[procedureID], !procedure.retired else {
            throw BookingError.unknownProcedure
        }
        guard procedure.mode == .release else { throw DrawError.notReleaseMode }
        guard RequestRules.leavesAWorkingDay(unavailableWeekdays) else { throw DrawError.tooManyUnavailableDays }
        let open = try await DrawService.openLottery(procedureID: procedureID, now: now, on: db)
        let token = services.random.with { Tokens.manageToken(using: &$0) }
        let request = ApplicantRequest()
        request.id = services.random.with { UUID.random(using: &$0) }
        request.number = "L-" + services.random.with { Tokens.shortCode(using: &$0) }
        request.$procedure.id = procedureID
        request.kindValue = DrawKind.releaseLottery.rawValue
        request.record(applicant)
        request.unavailableWeekdaysJSON = try String(
            decoding: JSONEncoder.sorted.encode(unavailableWeekdays.sorted()), as: UTF8.self)
        request.status = ApplicantRequest.Status.waiting
        // Nothing to type now: a code that nobody knows, as a drawn appointment has.
        request.codeHash = Tokens.sha256Hex(services.random.with { Tokens.manageToken(using: &$0) })
        request.codeAttempts = 0
        request.confirmBy = now
        request.manageTokenHash = Tokens.sha256Hex(token)
        request.language = language.rawValue
        request.createdAt = now
        request.confirmedAt = now

        let keys = Claims.keys(of: applicant)
        let links = services.mailLinks
        let entered: DrawWindow?
        do {
            entered = try await db.write(through: services.writeGate) { tx in
                // Locks the open lottery's row until this ticket is committed: its draw, which first marks the row
                // drawn, either waits and then sees the ticket, or has begun and the ticket waits for the next one.
                var window: DrawWindow?
                if let open {
                    let locked = try await tx.sql.raw(
                        """
                        UPDATE draw_windows SET status = status \
                        WHERE id = \(bind: open.id!) AND status = \(bind: DrawWindow.open) AND closes_at > \(bind: now) \
                        RETURNING id
                        """
                    ).all()
                    window = locked.isEmpty ? nil : open
                }
                request.windowID = window?.id
                try await request.create(on: tx)
                try await Claims.take(keys, holder: .request, id: request.id!.uuidString, now: now, on: tx)
                try await BookingSignal.record(
                    client, for: SuspicionSubject(.request, request.id!.uuidString),
                    applicant: applicant, channel: "online", releasedAt: window?.opensAt,
                    now: now, on: tx)
                try await Outbox.enqueue(
                    to: applicant.email,
                    Mails.lotteryEntered(
                        number: request.number, token: token, procedureName: procedure.name(language),
                        resultAt: window?.closesAt, commitment: window?.commitment, links: links, language: language),
                    now: now, on: tx)
                return window
            }
        } catch {
            if Claims.isViolation(error), let duplicate = try await Claims.conflict(keys, on: db) { throw duplicate }
            throw error
        }
        return Ticket(number: request.number, manageToken: token, window: entered)
    }
}
