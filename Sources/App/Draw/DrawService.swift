import Fluent
import Foundation
import GuichetCore
import Logging
import SQLKit

/// Draw windows and release lotteries: opened with a committed seed, drawn when they close, published for anyone to
/// verify. A draw-mode procedure always has one window open, from its previous draw to its next (`DrawPolicy`); a
/// release lottery is opened by the release that feeds it (`ReleaseService`).
struct DrawService: Sendable {
    let db: any Database
    let services: GuichetServices
    let logger: Logger

    /// The draw window taking requests for a draw-mode procedure now.
    static func openWindow(procedureID: String, now: Date, on db: any Database) async throws -> DrawWindow? {
        try await open(procedureID: procedureID, now: now, on: db).first { $0.kind == .draw }
    }

    /// The lottery of a release of this procedure, taking tickets now.
    static func openLottery(procedureID: String, now: Date, on db: any Database) async throws -> DrawWindow? {
        try await open(procedureID: procedureID, now: now, on: db).first { $0.kind == .releaseLottery }
    }

    private static func open(procedureID: String, now: Date, on db: any Database) async throws -> [DrawWindow] {
        try await DrawWindow.query(on: db)
            .filter(\.$procedure.$id == procedureID).filter(\.$status == DrawWindow.open)
            .filter(\.$opensAt <= now).filter(\.$closesAt > now)
            .sort(\.$closesAt)
            .all()
    }

    /// Opens the current period's window (`DrawPolicy`) for every draw-mode procedure in service that has none open.
    /// An open window runs to its close even if the policy changed since (its commitment is published); the next
    /// one then starts when it closed. Idempotent across processes: the window id is derived from the procedure and
    /// the opening instant, so a second opener's insert is refused.
    @discardableResult
    func ensureWindows() async throws -> Int {
        let now = services.clock.now()
        var opened = 0
        for procedure in try await services.reference.get(on: db).procedures.values
        where procedure.mode == .draw && !procedure.retired {
            let latest = try await DrawWindow.query(on: db).filter(\.$procedure.$id == procedure.id)
                .group(.or) { $0.filter(\.$kindValue == nil).filter(\.$kindValue == DrawKind.draw.rawValue) }
                .sort(\.$closesAt, .descending).first()
            if let latest, latest.closesAt > now { continue }
            let policy = try await DrawPolicyRecord.policy(for: procedure.id, on: db)
            let period = policy.period(containing: now)
            let opensAt = max(period.opens, latest?.closesAt ?? .distantPast)
            let id = Self.windowID(procedure: procedure.id, opensAt: opensAt)
            guard try await DrawWindow.find(id, on: db) == nil else { continue }
            let seats = policy.seats(drawnOn: ParisTime.civilDate(of: period.closes))
            let window = makeWindow(
                id: id, kind: .draw, procedureID: procedure.id, opensAt: opensAt,
                closesAt: period.closes, seats: (seats.from, seats.through))
            do {
                try await db.write(through: services.writeGate) { tx in try await window.create(on: tx) }
                opened += 1
                logger.info("draw window \(id) open, commitment \(window.commitment)")
            } catch  where UniqueViolation.column(in: error) != nil {
                continue
            }
        }
        return opened
    }

    /// A new window with a fresh secret seed and its published commitment.
    func makeWindow(
        id: String, kind: DrawKind, procedureID: String, opensAt: Date, closesAt: Date,
        seats: (from: CivilDate, through: CivilDate)
    ) -> DrawWindow {
        let seed = services.random.with { Draw.newSeed(using: &$0) }
        let window = DrawWindow()
        window.id = id
        window.kindValue = kind.rawValue
        window.$procedure.id = procedureID
        window.opensAt = opensAt
        window.closesAt = closesAt
        window.seatsFrom = seats.from.iso
        window.seatsThrough = seats.through.iso
        window.commitment = Draw.commitment(seed: seed)
        window.seedHex = Hex.encode(seed)
        window.status = DrawWindow.open
        return window
    }

    /// "renewal-2026-12-07" for a window opening at midnight, "renewal-2026-12-07-1400" at another minute, and
    /// "duplicate-2026-12-04-101205" for a lottery (to the second: releases are not on the minute).
    static func windowID(procedure: String, opensAt: Date, seconds: Bool = false) -> String {
        let date = ParisTime.civilDate(of: opensAt)
        let midnight = ParisTime.instant(date: date, minuteOfDay: 0)
        let elapsed = Int(opensAt.timeIntervalSince(midnight).rounded(.down))
        if elapsed == 0, !seconds { return "\(procedure)-\(date.iso)" }
        let clock = String(format: "%02d%02d", elapsed / 3600, (elapsed / 60) % 60)
        return "\(procedure)-\(date.iso)-\(clock)" + (seconds ? String(format: "%02d", elapsed % 60) : "")
    }

    /// Draws every window and lottery that has closed. Returns the ids drawn.
    @discardableResult
    func runDue() async throws -> [String] {
        let now = services.clock.now()
        let due = try await DrawWindow.query(on: db).filter(\.$status == DrawWindow.open).filter(\.$closesAt <= now)
            .sort(\.$closesAt).all()
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
            let seed = Hex.decode(window.seedHex)
        else { return false }
        let cadence = window.kind == .draw ? try await DrawPolicyRecord.policy(for: procedure.id, on: db).cadence : nil
        let allocator = DrawAllocator(
            window: window, procedure: procedure, reference: reference, seed: seed, now: now,
            random: services.random, links: services.mailLinks,
            notifyUnallocated: cadence == .weekly)
        let result: DrawAllocator.Outcome? = try await db.write(through: services.writeGate) { tx in
            let claimed = try await tx.sql.raw(
                """
                UPDATE draw_windows SET status = \(bind: DrawWindow.drawn), drawn_at = \(bind: now) \
                WHERE id = \(bind: window.id!) AND status = \(bind: DrawWindow.open) RETURNING id
                """
            ).all()
            guard !claimed.isEmpty else { return nil }
            let outcome = try await allocator.run(on: tx)
            let json = String(decoding: try JSONEncoder.sorted.encode(outcome.document), as: UTF8.self)
            try await tx.sql.raw("UPDATE draw_windows SET document = \(bind: json) WHERE id = \(bind: window.id!)")
                .run()
            return outcome
        }
        guard let result else { return false }
        services.metrics.drew(entries: result.allocated + result.unallocated + result.held, allocated: result.allocated)
        logger.info(
            "\(window.kind.rawValue) \(window.id!): \(result.allocated) allocated, \(result.unallocated) not, \(result.held) held as near-duplicates"
        )
        return true
    }

    /// Every planned seat of the counters' open slots between two Paris dates, as draw seats; none that starts
    /// within `DrawPolicy.minimumLead` of `now`, too soon for an allocated person to arrange their day.
    static func plannedSeats(
        counterIDs: [String], from: String, through: String, now: Date,
        on tx: any Database
    ) async throws -> [DrawSeat] {
        guard !counterIDs.isEmpty, let first = CivilDate(iso: from), let last = CivilDate(iso: through) else {
            return []
        }
        let earliest = max(
            ParisTime.instant(date: first, minuteOfDay: 0), now.addingTimeInterval(DrawPolicy.minimumLead))
        return try await SeatLedger.plannedSeats(
            counterIDs: counterIDs, earliest: earliest,
            end: ParisTime.instant(date: last.adding(days: 1), minuteOfDay: 0), on: tx)
    }

    /// The published document: the commitment while open; seed, inputs and allocation once drawn.
    static func document(id: String, on db: any Database) async throws -> DrawDocument? {
        guard let window = try await DrawWindow.find(id, on: db) else { return nil }
        if window.status == DrawWindow.drawn, let json = window.document {
            return try JSONDecoder().decode(DrawDocument.self, from: Data(json.utf8))
        }
        return DrawDocument(
            id: window.id!, kind: window.kind, procedure: window.$procedure.id, opensAt: window.opensAt,
            closesAt: window.closesAt, commitment: window.commitment, seed: nil, requests: [],
            seats: [], allocations: [])
    }
}
