import Fluent
import Foundation
import GuichetCore
import Logging
import SQLKit

/// Randomly timed releases: plans each week's secret instants, and performs the releases that are due. With a
/// lottery (`ReleasePolicy.lotteryMinutes`, `docs/decisions/0013`), a release's seats wait for the lottery it opens
/// (or joins, if one of the procedure is still taking tickets); without, they are first come, first served.
///
/// Safe on several processes at once: planning a week takes a row lock on the procedure's policy (and the SQLite
/// write gate), and a release is claimed by a conditional update before any seat moves.
struct ReleaseService: Sendable {
    let db: any Database
    let services: GuichetServices
    let logger: Logger

    struct Performed: Sendable, Equatable {
        let procedureID: String
        let seats: Int
    }

    /// Makes sure the current and the next week have their release instants, for every procedure with a policy.
    /// Returns how many instants were drawn.
    @discardableResult
    func planWeeks() async throws -> Int {
        let today = ParisTime.civilDate(of: services.clock.now())
        let monday = today.adding(days: -(today.weekday.rawValue - 1))
        var drawn = 0
        let retired = Set(try await Procedure.query(on: db).filter(\.$retiredAt != nil).all().compactMap(\.id))
        for record in try await ReleasePolicyRecord.query(on: db).all() where !retired.contains(record.id!) {
            for week in [monday, monday.adding(days: 7)] {
                drawn += try await plan(procedureID: record.id!, weekStart: week)
            }
        }
        if drawn > 0 { logger.info("release planning: \(drawn) instants drawn") }
        return drawn
    }

    /// Draws one week's instants for a procedure unless they exist. Instants already past are dropped: a week
    /// planned late only gets the releases still ahead.
    func plan(procedureID: String, weekStart: CivilDate) async throws -> Int {
        let now = services.clock.now()
        let random = services.random
        return try await db.write(through: services.writeGate) { tx in
            // Serialises planners of this procedure across processes (a no-op update takes the row lock).
            try await tx.sql.raw("UPDATE release_policies SET policy = policy WHERE id = \(bind: procedureID)").run()
            let existing = try await Release.query(on: tx)
                .filter(\.$procedure.$id == procedureID).filter(\.$weekStart == weekStart.iso).count()
            guard existing == 0, let record = try await ReleasePolicyRecord.find(procedureID, on: tx) else { return 0 }
            let policy = try record.policy()
            let instants = random.with { ReleasePlanner.instants(policy: policy, weekStart: weekStart, using: &$0) }
            let ahead = instants.filter { $0 > now }
            for instant in ahead {
                try await Release(procedureID: procedureID, weekStart: weekStart.iso, dueAt: instant).create(on: tx)
            }
            // A week whose instants are all past still gets a marker row, so it is not drawn again.
            if ahead.isEmpty {
                let marker = Release(procedureID: procedureID, weekStart: weekStart.iso, dueAt: now)
                marker.performedAt = now
                try await marker.create(on: tx)
            }
            return ahead.count
        }
    }

    /// Performs every release whose instant has come. Returns what was released.
    @discardableResult
    func runDue() async throws -> [Performed] {
        let now = services.clock.now()
        let due = try await Release.query(on: db).filter(\.$performedAt == nil).filter(\.$dueAt <= now)
            .sort(\.$dueAt).all()
        var performed: [Performed] = []
        for release in due {
            if let seats = try await perform(release, now: now) {
                performed.append(Performed(procedureID: release.$procedure.id, seats: seats))
                logger.info("release performed for \(release.$procedure.id): \(seats) seats")
            }
        }
        if !performed.isEmpty {
            services.availability.seatsChanged()
            services.metrics.released(releases: performed.count, seats: performed.map(\.seats).reduce(0, +))
        }
        return performed
    }

    /// Claims the release (once, whatever the number of processes) and puts planned seats on offer, for its lottery
    /// or first come.
    private func perform(_ release: Release, now: Date) async throws -> Int? {
        let reference = try await services.reference.get(on: db)
        guard let procedure = reference.procedures[release.$procedure.id], !procedure.retired,
            let record = try await ReleasePolicyRecord.find(release.$procedure.id, on: db)
        else { return nil }
        let policy = try record.policy()
        let draws = DrawService(db: db, services: services, logger: logger)
        return try await db.write(through: services.writeGate) { tx in
            let claimed = try await tx.sql.raw(
                """
                UPDATE releases SET performed_at = \(bind: now) WHERE id = \(bind: release.id!) AND performed_at IS NULL \
                RETURNING id
                """
            ).all()
            guard !claimed.isEmpty else { return nil }
            return try await Self.put(
                procedure: procedure, policy: policy, releaseID: release.id!, now: now,
                draws: draws, on: tx)
        }
    }

    struct Manual: Sendable {
        let seats: Int
        let lottery: String?
        let closesAt: Date?
    }

    /// One release of the procedure now (`guichet release now`): its policy's seats, into its lottery if it has one.
    /// Audited, since an instant chosen by someone could favour those told of it; with a lottery it cannot, every
    /// waiting ticket being in it.
    func releaseNow(procedureID: String, actor: String) async throws -> Manual {
        let now = services.clock.now()
        let reference = try await services.reference.get(on: db)
        guard let procedure = reference.procedures[procedureID], !procedure.retired, procedure.mode == .release,
            let record = try await ReleasePolicyRecord.find(procedureID, on: db)
        else { throw BookingError.unknownProcedure }
        let policy = try record.policy()
        let draws = DrawService(db: db, services: services, logger: logger)
        let outcome: Manual = try await db.write(through: services.writeGate) { tx in
            let release = Release(procedureID: procedureID, weekStart: "manual", dueAt: now)
            release.performedAt = now
            try await release.create(on: tx)
            let seats = try await Self.put(
                procedure: procedure, policy: policy, releaseID: release.id, now: now,
                draws: draws, on: tx)
            let lottery = try await DrawService.openLottery(procedureID: procedureID, now: now, on: tx)
            try await AuditEntry(
                at: now, actor: actor, action: "release_performed_now", recordType: "procedure",
                recordID: procedureID,
                detail: "\(seats) seats" + (lottery.map { ", lottery \($0.id!)" } ?? ", first come")
            ).create(on: tx)
            return Manual(
                seats: seats, lottery: seats > 0 ? lottery?.id : nil, closesAt: seats > 0 ? lottery?.closesAt : nil)
        }
        if outcome.seats > 0 { services.availability.seatsChanged() }
        return outcome
    }

    /// Puts a release's seats on offer inside the caller's transaction: into the procedure's open lottery, or a new
    /// one committed to now, when the policy has lotteries. A lottery with no seat is not opened.
    static func put(
        procedure: ReferenceData.ProcedureInfo, policy: ReleasePolicy, releaseID: Int?, now: Date,
        draws: DrawService, on tx: any Database
    ) async throws -> Int {
        let lottery = try await lottery(procedureID: procedure.id, policy: policy, now: now, draws: draws, on: tx)
        let released = try await releaseSeats(
            counterIDs: procedure.counterIDs, policy: policy, now: now,
            lottery: lottery?.id, on: tx)
        if let lottery, released > 0 { try await settle(lottery, on: tx) }
        if let releaseID {
            try await tx.sql.raw(
                """
                UPDATE releases SET seats_released = \(bind: released), window_id = \(bind: released > 0 ? lottery?.id : nil) \
                WHERE id = \(bind: releaseID)
                """
            ).run()
        }
        return released
    }

    /// The lottery that seats released now for a procedure go to: its open lottery, or a new one committed to now
    /// (not yet stored: `settle` stores it once it holds a seat). Nil when the policy has no lottery.
    static func lottery(
        procedureID: String, policy: ReleasePolicy, now: Date, draws: DrawService,
        on tx: any Database
    ) async throws -> DrawWindow? {
        guard policy.hasLottery else { return nil }
        return try await DrawService.openLottery(procedureID: procedureID, now: now, on: tx)
            ?? draws.makeWindow(
                id: DrawService.windowID(procedure: procedureID, opensAt: now, seconds: true),
                kind: .releaseLottery, procedureID: procedureID, opensAt: now,
                closesAt: policy.lotteryCloses(releasedAt: now),
                seats: (ParisTime.civilDate(of: now), ParisTime.civilDate(of: now)))
    }

    /// Stores a lottery that has just been given seats, if new, and widens its published seat days to them.
    static func settle(_ lottery: DrawWindow, on tx: any Database) async throws {
        if try await DrawWindow.find(lottery.id!, on: tx) == nil { try await lottery.create(on: tx) }
        try await widenSeatDays(of: lottery, on: tx)
    }

    /// A lottery's published seat days cover every slot it holds (a second release may join it).
    private static func widenSeatDays(of lottery: DrawWindow, on tx: any Database) async throws {
        let starts = try await Slot.query(on: tx).filter(\.$lotteryWindowID == lottery.id!).all().map(\.startsAt)
        guard let first = starts.min(), let last = starts.max() else { return }
        lottery.seatsFrom = ParisTime.civilDate(of: first).iso
        lottery.seatsThrough = ParisTime.civilDate(of: last).iso
        try await lottery.save(on: tx)
    }

    /// Puts up to `policy.seatsPerRelease` planned seats of the counters on offer, earliest first after the lead time.
    /// Slots another lottery holds are left alone: their free seats are that lottery's.
    static func releaseSeats(
        counterIDs: [String], policy: ReleasePolicy, now: Date, lottery: String? = nil,
        on tx: any Database
    ) async throws -> Int {
        guard !counterIDs.isEmpty, policy.seatsPerRelease > 0 else { return 0 }
        let earliest = now.addingTimeInterval(Double(policy.minimumLeadHours) * 3600)
        let candidates = try await SeatLedger.plannedSlots(
            counterIDs: counterIDs, after: earliest, limit: policy.seatsPerRelease, on: tx)
        var released = 0
        for (slotID, seats) in ReleasePlanner.choose(candidates: candidates, policy: policy, now: now) {
            released += try await SeatLedger.release(slotID: slotID, seats: seats, now: now, lottery: lottery, on: tx)
        }
        return released
    }
}
