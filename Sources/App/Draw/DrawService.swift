import Fluent
import Foundation
import GuichetCore
import Logging
import SQLKit

/// Draw windows: opened weekly with a committed seed, drawn when they close, published for anyone to verify.
struct DrawService: Sendable {
    let db: any Database
    let services: GuichetServices
    let logger: Logger

    static func openWindow(procedureID: String, now: Date, on db: any Database) async throws -> DrawWindow? {
        try await DrawWindow.query(on: db)
            .filter(\.$procedure.$id == procedureID).filter(\.$status == DrawWindow.open)
            .filter(\.$opensAt <= now).filter(\.$closesAt > now)
            .first()
    }

    /// Opens the current period's window (`DrawPolicy`) for every draw-mode procedure in service that has none open.
    /// An open window runs to its close even if the policy changed since (its commitment is published); the next
    /// one then starts when it closed. Idempotent across processes: the window id is derived from the procedure and
    /// the opening day, so a second opener's insert is refused.
    @discardableResult
    func ensureWindows() async throws -> Int {
        let now = services.clock.now()
        let today = ParisTime.civilDate(of: now)
        var opened = 0
        for procedure in try await services.reference.get(on: db).procedures.values
        where procedure.mode == .draw && !procedure.retired {
            let latest = try await DrawWindow.query(on: db).filter(\.$procedure.$id == procedure.id)
                .sort(\.$closesAt, .descending).first()
            if let latest, latest.closesAt > now { continue }
            let policy = try await DrawPolicyRecord.policy(for: procedure.id, on: db)
            let period = policy.period(containing: today)
            let closesAt = ParisTime.instant(date: period.closes, minuteOfDay: 0)
            let opensAt = max(ParisTime.instant(date: period.opens, minuteOfDay: 0), latest?.closesAt ?? .distantPast)
            let id = "\(procedure.id)-\(ParisTime.civilDate(of: opensAt).iso)"
            guard try await DrawWindow.find(id, on: db) == nil else { continue }
            let seed = services.random.with { Draw.newSeed(using: &$0) }
            let seats = policy.seats(closingOn: period.closes)
            let window = DrawWindow()
            window.id = id
            window.$procedure.id = procedure.id
            window.opensAt = opensAt
            window.closesAt = closesAt
            window.seatsFrom = seats.from.iso
            window.seatsThrough = seats.through.iso
            window.commitment = Draw.commitment(seed: seed)
            window.seedHex = Hex.encode(seed)
            window.status = DrawWindow.open
            do {
                try await db.write(through: services.writeGate) { tx in try await window.create(on: tx) }
                opened += 1
                logger.info("draw window \(id) open, commitment \(window.commitment)")
            } catch where UniqueViolation.column(in: error) != nil {
                continue
            }
        }
        return opened
    }

    /// Draws every window that has closed. Returns the ids drawn.
    @discardableResult
    func runDue() async throws -> [String] {
        let now = services.clock.now()
        let due = try await DrawWindow.query(on: db).filter(\.$status == DrawWindow.open).filter(\.$closesAt <= now).all()
        var drawn: [String] = []
        for window in due where try await draw(window, now: now) {
            drawn.append(window.id!)
        }
        if !drawn.isEmpty { services.availability.seatsChanged() }
        return drawn
    }

    /// One draw, in one transaction: claim the window, order the requests, give seats, create the appointments
    /// and their emails, publish the document.
    private func draw(_ window: DrawWindow, now: Date) async throws -> Bool {
        let reference = try await services.reference.get(on: db)
        guard let procedure = reference.procedures[window.$procedure.id],
              let seed = Hex.decode(window.seedHex) else { return false }
        let random = services.random
        let links = services.mailLinks
        let result: (allocated: Int, waiting: Int)? = try await db.write(through: services.writeGate) { tx in
            let sql = tx as! any SQLDatabase
            let claimed = try await sql.raw("""
                UPDATE draw_windows SET status = \(bind: DrawWindow.drawn), drawn_at = \(bind: now) \
                WHERE id = \(bind: window.id!) AND status = \(bind: DrawWindow.open) RETURNING id
                """).all()
            guard !claimed.isEmpty else { return nil }

            let seats = try await Self.plannedSeats(counterIDs: procedure.counterIDs, from: window.seatsFrom,
                                                    through: window.seatsThrough, on: tx)
            let firstSeat = seats.map { ParisTime.civilDate(of: $0.start) }.min() ?? CivilDate(iso: window.seatsFrom)!
            let requests = try await ApplicantRequest.query(on: tx)
                .filter(\.$procedure.$id == procedure.id).filter(\.$status == ApplicantRequest.Status.waiting)
                .filter(\.$confirmedAt < window.closesAt).sort(\.$number).all()
            var inputs: [DrawRequest] = []
            for request in requests {
                let tier = DrawTier.of(permitExpiry: request.permitExpiry.flatMap(CivilDate.init(iso:)), firstSeat: firstSeat)
                request.tier = tier.rawValue
                try await request.save(on: tx)
                inputs.append(DrawRequest(number: request.number, tier: tier, unavailableWeekdays: request.unavailableWeekdays))
            }
            let allocations = Draw.allocate(requests: inputs, seats: seats, seed: seed)
            let byNumber = Dictionary(uniqueKeysWithValues: requests.map { ($0.number, $0) })
            var allocated = Set<String>()
            for allocation in allocations {
                guard let request = byNumber[allocation.requestNumber] else { continue }
                if try await Self.allocate(request, to: allocation.slotID, in: window, procedure: procedure,
                                           reference: reference, now: now, random: random, links: links, on: tx) {
                    allocated.insert(request.number)
                }
            }
            for request in requests where !allocated.contains(request.number) {
                try await Outbox.enqueue(to: request.email, Mails.notAllocated(
                    number: request.number, procedureName: procedure.name(request.applicantLanguage),
                    language: request.applicantLanguage), now: now, on: tx)
            }
            let document = DrawDocument(id: window.id!, procedure: procedure.id, opensAt: window.opensAt,
                                        closesAt: window.closesAt, commitment: window.commitment,
                                        seed: window.seedHex, requests: inputs, seats: seats, allocations: allocations)
            let json = String(decoding: try JSONEncoder.sorted.encode(document), as: UTF8.self)
            try await sql.raw("UPDATE draw_windows SET document = \(bind: json) WHERE id = \(bind: window.id!)").run()
            return (allocated.count, requests.count - allocated.count)
        }
        guard let result else { return false }
        logger.info("draw \(window.id!): \(result.allocated) allocated, \(result.waiting) stay for the next draw")
        return true
    }

    /// Every planned seat of the counters' open slots between two Paris dates, as draw seats.
    static func plannedSeats(counterIDs: [String], from: String, through: String, on tx: any Database) async throws -> [DrawSeat] {
        guard !counterIDs.isEmpty, let first = CivilDate(iso: from), let last = CivilDate(iso: through) else { return [] }
        let counters = SQLGroupExpression(SQLList(counterIDs.map { SQLBind($0) }))
        let rows = try await (tx as! any SQLDatabase).raw("""
            SELECT id, counter_id, starts_at, capacity - released AS planned FROM slots \
            WHERE counter_id IN \(counters) AND closed = \(bind: false) AND released < capacity \
            AND starts_at >= \(bind: ParisTime.instant(date: first, minuteOfDay: 0)) \
            AND starts_at < \(bind: ParisTime.instant(date: last.adding(days: 1), minuteOfDay: 0)) \
            ORDER BY starts_at, id
            """).all()
        return try rows.flatMap { row -> [DrawSeat] in
            let planned = try row.decode(column: "planned", as: Int.self)
            let slotID = try row.decode(column: "id", as: Int.self)
            let counter = try row.decode(column: "counter_id", as: String.self)
            let start = try row.decode(column: "starts_at", as: Date.self)
            return (0..<planned).map { DrawSeat(slotID: slotID, seat: $0, counterID: counter, start: start) }
        }
    }

    /// Turns a request into a confirmed appointment on its seat: the seat is released and taken at once, the
    /// request's keys pass to the appointment, the convocation is emailed.
    static func allocate(_ request: ApplicantRequest, to slotID: Int, in window: DrawWindow,
                         procedure: ReferenceData.ProcedureInfo, reference: ReferenceData, now: Date,
                         random: RandomSource, links: MailLinks,
                         on tx: any Database) async throws -> Bool {
        let sql = tx as! any SQLDatabase
        guard let seat = try await sql.raw("""
            UPDATE slots SET released = released + 1, taken = taken + 1, released_at = \(bind: now) \
            WHERE id = \(bind: slotID) AND released < capacity AND closed = \(bind: false) RETURNING counter_id, starts_at, ends_at
            """).first(),
            let birth = CivilDate(iso: request.birthDate)
        else { return false }
        let token = random.with { Tokens.manageToken(using: &$0) }
        let appointment = Appointment()
        appointment.id = random.with { UUID.random(using: &$0) }
        appointment.$procedure.id = procedure.id
        appointment.$slot.id = slotID
        appointment.record(from: request)
        appointment.identityKey = IdentityKey.make(familyName: request.familyName, givenNames: request.givenNames,
                                                   birthDate: birth, nationality: request.nationality,
                                                   foreignNumber: request.foreignNumber).value
        appointment.nameKey = IdentityKey.byNames(familyName: request.familyName, givenNames: request.givenNames,
                                                  birthDate: birth, nationality: request.nationality).value
        appointment.emailKey = EmailAddress.key(request.email)
        appointment.phoneKey = request.phone
        appointment.status = AppointmentStatus.confirmed.rawValue
        appointment.codeHash = Tokens.sha256Hex(random.with { Tokens.manageToken(using: &$0) })
        appointment.codeAttempts = 0
        appointment.holdExpiresAt = now
        appointment.manageTokenHash = Tokens.sha256Hex(token)
        appointment.convocationCode = random.with { Tokens.shortCode(using: &$0) }
        appointment.channel = "draw"
        appointment.language = request.language
        appointment.createdAt = now
        appointment.confirmedAt = now
        try await appointment.create(on: tx)
        try await Claims.transfer(from: request.id!.uuidString, to: appointment.id!.uuidString, on: tx)
        request.status = ApplicantRequest.Status.allocated
        request.appointmentID = appointment.id
        request.closedAt = now
        try await request.save(on: tx)

        let counterID = try seat.decode(column: "counter_id", as: String.self)
        let counter = reference.counters[counterID]
        let language = request.applicantLanguage
        let summary = SlotSummary(start: try seat.decode(column: "starts_at", as: Date.self),
                                  end: try seat.decode(column: "ends_at", as: Date.self),
                                  counterName: counter?.name ?? counterID, siteName: counter?.siteName ?? "",
                                  siteAddress: counter?.siteAddress ?? "", procedureName: procedure.name(language))
        let mail = Mails.allocation(
            appointmentID: appointment.id!, name: request.displayName, slot: summary,
            convocationCode: appointment.convocationCode!, manageToken: token, requestNumber: request.number,
            drawID: window.id!, drawnAt: now, links: links, now: now, language: language)
        try await Outbox.enqueue(to: request.email, mail, now: now, on: tx)
        return true
    }

    /// The published document: the commitment while open; seed, inputs and allocation once drawn.
    static func document(id: String, on db: any Database) async throws -> DrawDocument? {
        guard let window = try await DrawWindow.find(id, on: db) else { return nil }
        if window.status == DrawWindow.drawn, let json = window.document {
            return try JSONDecoder().decode(DrawDocument.self, from: Data(json.utf8))
        }
        return DrawDocument(id: window.id!, procedure: window.$procedure.id, opensAt: window.opensAt,
                            closesAt: window.closesAt, commitment: window.commitment, seed: nil, requests: [],
                            seats: [], allocations: [])
    }
}
