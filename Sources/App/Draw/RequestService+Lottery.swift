import Fluent
import Foundation
import GuichetCore
import SQLKit

/// Tickets for a release's lottery: asked with the same identity, limits and proof of work as a hold, during the
/// lottery's minutes after a release. No code is asked now: the winner confirms the seat with the code emailed with
/// the result, as any hold is confirmed (`docs/decisions/0012`).
extension RequestService {
    struct Ticket: Sendable {
        let number: String
        let manageToken: String
        let window: DrawWindow
    }

    func enterLottery(procedureID: String, applicant: Applicant, unavailableWeekdays: [Weekday],
                      language: Language, client: ClientSignals = .none) async throws -> Ticket {
        let now = services.clock.now()
        let reference = try await services.reference.get(on: db)
        guard let procedure = reference.procedures[procedureID], !procedure.retired else { throw BookingError.unknownProcedure }
        guard procedure.mode == .release else { throw DrawError.notReleaseMode }
        guard let window = try await DrawService.openLottery(procedureID: procedureID, now: now, on: db) else {
            throw DrawError.noOpenLottery
        }
        let token = services.random.with { Tokens.manageToken(using: &$0) }
        let request = ApplicantRequest()
        request.id = services.random.with { UUID.random(using: &$0) }
        request.number = "L-" + services.random.with { Tokens.shortCode(using: &$0) }
        request.$procedure.id = procedureID
        request.record(applicant)
        request.unavailableWeekdaysJSON = try String(decoding: JSONEncoder.sorted.encode(unavailableWeekdays.sorted()), as: UTF8.self)
        request.status = ApplicantRequest.Status.waiting
        // Nothing to type now: a code that nobody knows, as a drawn appointment has.
        request.codeHash = Tokens.sha256Hex(services.random.with { Tokens.manageToken(using: &$0) })
        request.codeAttempts = 0
        request.confirmBy = window.closesAt
        request.manageTokenHash = Tokens.sha256Hex(token)
        request.language = language.rawValue
        request.createdAt = now
        request.confirmedAt = now
        request.windowID = window.id

        let keys = Claims.keys(of: applicant)
        let mail = Mails.lotteryEntered(number: request.number, token: token, procedureName: procedure.name(language),
                                        resultAt: window.closesAt, commitment: window.commitment,
                                        links: services.mailLinks, language: language)
        do {
            try await db.write(through: services.writeGate) { tx in
                // Locks the lottery's row until this ticket is committed: its draw, which first marks the row drawn,
                // either waits and then sees the ticket, or has already begun and this ticket is refused.
                let open = try await tx.sql.raw("""
                    UPDATE draw_windows SET status = status \
                    WHERE id = \(bind: window.id!) AND status = \(bind: DrawWindow.open) AND closes_at > \(bind: now) \
                    RETURNING id
                    """).all()
                guard !open.isEmpty else { throw DrawError.noOpenLottery }
                try await request.create(on: tx)
                try await Claims.take(keys, holder: .request, id: request.id!.uuidString, now: now, on: tx)
                try await BookingSignal.record(client, for: SuspicionSubject(.request, request.id!.uuidString),
                                               applicant: applicant, channel: "online", releasedAt: window.opensAt,
                                               now: now, on: tx)
                try await Outbox.enqueue(to: applicant.email, mail, now: now, on: tx)
            }
        } catch {
            if Claims.isViolation(error), let duplicate = try await Claims.conflict(keys, on: db) { throw duplicate }
            throw error
        }
        return Ticket(number: request.number, manageToken: token, window: window)
    }

    /// Tickets whose lottery was drawn without them (asked as it closed, on another process): they end as not drawn.
    /// The lock in `enterLottery` makes this a safety net, not a path.
    @discardableResult
    func closeOrphanTickets() async throws -> Int {
        let now = services.clock.now()
        let drawn = try await DrawWindow.query(on: db).filter(\.$status == DrawWindow.drawn)
            .filter(\.$kindValue == DrawKind.releaseLottery.rawValue).filter(\.$closesAt > now.addingTimeInterval(-7 * 86_400))
            .all().compactMap(\.id)
        guard !drawn.isEmpty else { return 0 }
        let orphans = try await ApplicantRequest.query(on: db).filter(\.$windowID ~~ drawn)
            .filter(\.$status == ApplicantRequest.Status.waiting).all()
        var closed = 0
        for ticket in orphans where try await db.write(through: services.writeGate, { tx in
            try await Self.close(ticket, status: ApplicantRequest.Status.notDrawn, now: now, on: tx)
        }) {
            closed += 1
        }
        return closed
    }
}
