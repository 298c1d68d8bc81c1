import Fluent
import Foundation
import GuichetCore
import SQLKit

/// What happens inside a draw's transaction: the draw of requests made over a window, or the lottery of a release.
/// Both order their inputs with `Draw.allocate` on the window's committed seed and publish the same document.
struct DrawAllocator: Sendable {
    let window: DrawWindow
    let procedure: ReferenceData.ProcedureInfo
    let reference: ReferenceData
    let seed: [UInt8]
    let now: Date
    let random: RandomSource
    let links: MailLinks
    /// Whether requests without a seat are told so: at weekly draws, yes; at daily ones the page shows it, rather
    /// than an email every working day.
    let notifyUnallocated: Bool

    struct Outcome: Sendable {
        let document: DrawDocument
        let allocated: Int
        let unallocated: Int
        /// Kept out as near-duplicates of an earlier booking (`Twins`).
        let held: Int
    }

    func run(on tx: any Database) async throws -> Outcome {
        switch window.kind {
        case .draw: try await drawRequests(on: tx)
        case .releaseLottery: try await drawLottery(on: tx)
        }
    }

    /// A draw: waiting requests of the procedure, by tier (a priority claim counts once an agent confirmed it on the
    /// permit's scan), over the planned seats of the window's days. The unlucky stay for the next draw.
    private func drawRequests(on tx: any Database) async throws -> Outcome {
        let seats = try await DrawService.plannedSeats(
            counterIDs: procedure.counterIDs, from: window.seatsFrom,
            through: window.seatsThrough, now: now, on: tx)
        let firstSeat = seats.map { ParisTime.civilDate(of: $0.start) }.min() ?? CivilDate(iso: window.seatsFrom)!
        let waiting = try await ApplicantRequest.query(on: tx)
            .filter(\.$procedure.$id == procedure.id).filter(\.$status == ApplicantRequest.Status.waiting)
            .group(.or) { $0.filter(\.$kindValue == nil).filter(\.$kindValue == DrawKind.draw.rawValue) }
            .filter(\.$confirmedAt < window.closesAt).sort(\.$number).all()
        let screened = try await Twins.screen(
            waiting, reference: reference, links: links, random: random,
            now: now, on: tx)
        var inputs: [DrawRequest] = []
        for request in screened.entering {
            let tier = PriorityClaim.tier(
                permitExpiry: request.permitExpiry.flatMap(CivilDate.init(iso:)),
                review: request.review, firstSeat: firstSeat)
            request.tier = tier.rawValue
            try await request.save(on: tx)
            inputs.append(
                DrawRequest(number: request.number, tier: tier, unavailableWeekdays: request.unavailableWeekdays))
        }
        let allocations = Draw.allocate(requests: inputs, seats: seats, seed: seed)
        let byNumber = Dictionary(uniqueKeysWithValues: screened.entering.map { ($0.number, $0) })
        var allocated = Set<String>()
        for allocation in allocations {
            guard let request = byNumber[allocation.requestNumber],
                let taken = try await SeatLedger.takeDrawn(slotID: allocation.slotID, now: now, on: tx)
            else { continue }
            try await confirmedAppointment(for: request, on: allocation.slotID, taken: taken, on: tx)
            allocated.insert(request.number)
        }
        for request in screened.entering where !allocated.contains(request.number) && notifyUnallocated {
            try await Outbox.enqueue(
                to: request.email,
                Mails.notAllocated(
                    number: request.number, procedureName: procedure.name(request.applicantLanguage),
                    language: request.applicantLanguage), now: now, on: tx)
        }
        return Outcome(
            document: document(inputs: inputs, seats: seats, allocations: allocations),
            allocated: allocated.count, unallocated: inputs.count - allocated.count,
            held: screened.held.count)
    }

    /// A release's lottery: every waiting ticket of the procedure asked before its close (in its window, or since
    /// an earlier lottery), in one tier, over the seats the release put on offer. Winners get a hold and the code to
    /// confirm it (`ReleaseLottery.confirmWindow`); the other tickets stay for the next lottery, without an email
    /// each time (their page shows the last result); the seats left are first come, first served from now on.
    private func drawLottery(on tx: any Database) async throws -> Outcome {
        let seats = try await SeatLedger.lotterySeats(window: window.id!, on: tx)
        let tickets = try await ApplicantRequest.query(on: tx)
            .filter(\.$procedure.$id == procedure.id).filter(\.$kindValue == DrawKind.releaseLottery.rawValue)
            .filter(\.$status == ApplicantRequest.Status.waiting).filter(\.$createdAt < window.closesAt)
            .sort(\.$number).all()
        let screened = try await Twins.screen(
            tickets, reference: reference, links: links, random: random,
            now: now, on: tx)
        let inputs = screened.entering.map {
            DrawRequest(number: $0.number, tier: .other, unavailableWeekdays: $0.unavailableWeekdays)
        }
        let allocations = Draw.allocate(requests: inputs, seats: seats, seed: seed)
        let byNumber = Dictionary(uniqueKeysWithValues: screened.entering.map { ($0.number, $0) })
        var allocated = Set<String>()
        for allocation in allocations {
            guard let request = byNumber[allocation.requestNumber],
                let taken = try await SeatLedger.takeForLottery(slotID: allocation.slotID, window: window.id!, on: tx)
            else { continue }
            try await heldAppointment(for: request, on: allocation.slotID, taken: taken, on: tx)
            allocated.insert(request.number)
        }
        // Each ticket that took part names this lottery, for its page: "not drawn this time".
        for request in screened.entering where !allocated.contains(request.number) {
            request.windowID = window.id
            try await request.save(on: tx)
        }
        try await SeatLedger.endLottery(window: window.id!, on: tx)
        return Outcome(
            document: document(inputs: inputs, seats: seats, allocations: allocations),
            allocated: allocated.count, unallocated: inputs.count - allocated.count,
            held: screened.held.count)
    }

    private func document(inputs: [DrawRequest], seats: [DrawSeat], allocations: [DrawAllocation]) -> DrawDocument {
        DrawDocument(
            id: window.id!, kind: window.kind, procedure: procedure.id, opensAt: window.opensAt,
            closesAt: window.closesAt, commitment: window.commitment, seed: window.seedHex,
            requests: inputs, seats: seats, allocations: allocations)
    }

    /// A draw's winner: a confirmed appointment at once (the email was verified when the request was made), the
    /// request's keys passed to it, the convocation emailed.
    private func confirmedAppointment(
        for request: ApplicantRequest, on slotID: Int, taken: SeatLedger.Taken,
        on tx: any Database
    ) async throws {
        let token = random.with { Tokens.manageToken(using: &$0) }
        let appointment = try Appointment(
            allocating: request, slotID: slotID, status: .confirmed, channel: "draw",
            random: random, now: now)
        appointment.manageTokenHash = Tokens.sha256Hex(token)
        appointment.convocationCode = random.with { Tokens.shortCode(using: &$0) }
        appointment.confirmedAt = now
        try await pass(request, to: appointment, on: tx)
        let language = request.applicantLanguage
        let mail = Mails.allocation(
            appointmentID: appointment.id!, name: request.displayName,
            slot: SlotSummary(taken, reference: reference, procedure: procedure, language: language),
            convocationCode: appointment.convocationCode!, manageToken: token, requestNumber: request.number,
            drawID: window.id!, drawnAt: now, links: links, now: now, language: language)
        try await Outbox.enqueue(to: request.email, mail, now: now, on: tx)
    }

    /// A lottery's winner: a hold, confirmed with the code emailed now, as any hold is; the address was not checked
    /// when the ticket was asked, and a seat nobody confirms goes back to `planned`.
    private func heldAppointment(
        for request: ApplicantRequest, on slotID: Int, taken: SeatLedger.Taken,
        on tx: any Database
    ) async throws {
        let code = random.with { Tokens.confirmationCode(using: &$0) }
        let appointment = try Appointment(
            allocating: request, slotID: slotID, status: .pending, channel: "lottery",
            random: random, now: now)
        appointment.codeHash = Tokens.sha256Hex(code)
        appointment.holdExpiresAt = now.addingTimeInterval(ReleaseLottery.confirmWindow)
        try await pass(request, to: appointment, on: tx)
        let language = request.applicantLanguage
        let mail = Mails.lotteryWon(
            code: code, number: request.number,
            slot: SlotSummary(taken, reference: reference, procedure: procedure, language: language),
            expiresAt: appointment.holdExpiresAt, codeURL: links.appointmentCode(appointment.id!),
            drawURL: links.draw(window.id!), language: language)
        try await Outbox.enqueue(to: request.email, mail, now: now, on: tx)
    }

    /// The appointment takes the request's place: its keys, and the request points to it.
    private func pass(_ request: ApplicantRequest, to appointment: Appointment, on tx: any Database) async throws {
        try await appointment.create(on: tx)
        try await Claims.transfer(from: request.id!.uuidString, to: appointment.id!.uuidString, on: tx)
        request.status = ApplicantRequest.Status.allocated
        request.appointmentID = appointment.id
        request.closedAt = now
        try await request.save(on: tx)
    }
}
