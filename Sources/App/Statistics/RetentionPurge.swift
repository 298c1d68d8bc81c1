import Fluent
import Foundation
import GuichetCore
import Logging
import SQLKit

/// Deletes the personal data of bookings that ended more than the retention period ago (`guichet purge` and a
/// daily job), keeping anonymous weekly aggregates so that `/stats` still shows those weeks.
///
/// What goes, once closed before the cutoff: appointments that are over (cancelled, expired, checked in, served,
/// no-show, rejected), draw requests (withdrawn, expired, cancelled, allocated), urgent requests (handled, or
/// received and never handled), with their attachments' rows and files, their attestations (which copy the
/// names) and any claim they still held; and every email of the outbox queued before the cutoff. Rows are deleted,
/// not blanked (docs/decisions/0007): slots, releases, draws and audit entries carry no personal data and stay,
/// so seat counts (`taken`) are untouched. Active bookings are never touched, whatever their age.
struct RetentionPurge: Sendable {
    let db: any Database
    let services: GuichetServices
    let logger: Logger

    static let auditAction = "retention_purge"
    static let purgedAppointmentStatuses =
        AppointmentStatus.allCases.filter { !$0.isActive }
    static let purgedRequestStatuses = [
        ApplicantRequest.Status.withdrawn, ApplicantRequest.Status.expired, ApplicantRequest.Status.cancelled,
        ApplicantRequest.Status.allocated,
    ]
    /// Any constant: the PostgreSQL advisory lock that keeps two processes from purging at once.
    static let lockKey: Int64 = 0x6775_6963_6865_7401

    struct Outcome: Sendable, Equatable, CustomStringConvertible {
        var cutoff: Date
        var appointments = 0
        var requests = 0
        var urgentRequests = 0
        var attachments = 0
        var attestations = 0
        var emails = 0
        var weeksFrozen = 0
        /// Another process was purging: this run did nothing.
        var skipped = false

        var isEmpty: Bool { appointments + requests + urgentRequests + attestations + emails == 0 }

        var description: String {
            "appointments=\(appointments) requests=\(requests) urgent_requests=\(urgentRequests) "
                + "attachments=\(attachments) attestations=\(attestations) emails=\(emails) weeks_frozen=\(weeksFrozen)"
        }
    }

    /// Purges what ended more than `months` months before now. `dryRun` counts without changing anything.
    @discardableResult
    func run(months: Int, dryRun: Bool = false) async throws -> Outcome {
        let now = services.clock.now()
        let cutoff = Retention.cutoff(now: now, months: months)
        if dryRun {
            var outcome = Outcome(cutoff: cutoff)
            let found = try await Candidates.find(before: cutoff, on: db)
            found.count(into: &outcome)
            outcome.weeksFrozen = try await weeksToFreeze(found, on: db).count
            return outcome
        }
        let (outcome, files) = try await db.write(through: services.writeGate) { tx -> (Outcome, [String]) in
            var outcome = Outcome(cutoff: cutoff)
            guard try await Self.lock(tx) else {
                outcome.skipped = true
                return (outcome, [])
            }
            let found = try await Candidates.find(before: cutoff, on: tx)
            found.count(into: &outcome)
            // Freeze first, in the same transaction: no week loses records without its aggregate.
            let weeks = try await weeksToFreeze(found, on: tx)
            for chunk in Self.contiguousRuns(weeks) {
                for figures in try await WeeklyStatistics.compute(for: StatsPeriod(weeks: chunk), on: tx) {
                    try await Self.insertIgnoringConflict(WeeklyAggregate(figures, frozenAt: now), on: tx)
                }
            }
            outcome.weeksFrozen = weeks.count
            try await found.delete(on: tx)
            if !outcome.isEmpty {
                try await AuditEntry(
                    at: now, actor: "system", action: Self.auditAction, recordType: "retention",
                    recordID: ParisTime.iso8601(cutoff), detail: outcome.description
                ).create(on: tx)
            }
            return (outcome, found.storedNames)
        }
        // After the commit: a rollback must not leave rows pointing at deleted files.
        let folder = services.config.dataDirectory.appendingPathComponent("attachments", isDirectory: true)
        for name in files {
            let file = folder.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: file.path) else { continue }
            do {
                try FileManager.default.removeItem(at: file)
            } catch {
                logger.error("retention purge: an attachment file could not be deleted", metadata: ["file": "\(name)"])
            }
        }
        if !outcome.isEmpty {
            services.availability.seatsChanged()
            services.statistics.removeAll()
            logger.notice("retention purge: \(outcome)")
        }
        return outcome
    }

    /// The weeks a purged record may be counted in (created, confirmed, closed, or its appointment's week) that
    /// have no aggregate yet.
    private func weeksToFreeze(_ found: Candidates, on db: any Database) async throws -> [StatsWeek] {
        var instants = found.appointments.flatMap { [$0.createdAt, $0.confirmedAt, $0.closedAt].compactMap { $0 } }
        instants += found.requests.flatMap { [$0.createdAt, $0.confirmedAt, $0.closedAt].compactMap { $0 } }
        instants += found.urgentRequests.flatMap { [$0.createdAt, $0.handledAt].compactMap { $0 } }
        // An allocated request counts in its appointment's week (the wait starts at the request).
        var slotIDs = Set(found.appointments.map { $0.$slot.id })
        for chunk in found.requests.compactMap(\.appointmentID).chunked(500) {
            slotIDs.formUnion(try await Appointment.query(on: db).filter(\.$id ~~ Array(chunk)).all(\.$slot.$id))
        }
        for chunk in Array(slotIDs).chunked(500) {
            instants += try await Slot.query(on: db).filter(\.$id ~~ Array(chunk)).all(\.$startsAt)
        }
        let weeks = Set(instants.map(StatsWeek.init(containing:)))
        var frozen: Set<String> = []
        for chunk in weeks.map(\.monday.iso).chunked(500) {
            frozen.formUnion(
                try await WeeklyAggregate.query(on: db).filter(\.$id ~~ Array(chunk)).all().compactMap(\.id))
        }
        return weeks.filter { !frozen.contains($0.monday.iso) }.sorted()
    }

    /// Runs of consecutive weeks, each computed with one bounded query per figure.
    static func contiguousRuns(_ weeks: [StatsWeek]) -> [[StatsWeek]] {
        var runs: [[StatsWeek]] = []
        for week in weeks.sorted() {
            if let last = runs.last?.last, last.next == week, runs[runs.count - 1].count < 26 {
                runs[runs.count - 1].append(week)
            } else {
                runs.append([week])
            }
        }
        return runs
    }

    /// A week another process froze meanwhile keeps its first row.
    private static func insertIgnoringConflict(_ row: WeeklyAggregate, on tx: any Database) async throws {
        let sql = tx.sql
        try await sql.insert(into: WeeklyAggregate.schema)
            .columns(
                "week_start", "seats_released", "requests", "allocated", "confirmed", "attended", "no_shows",
                "duplicates_removed", "rejected", "median_wait_days", "seen_before_expiry",
                "attended_with_expiry", "frozen_at"
            )
            .values(
                SQLBind(row.id!), SQLBind(row.seatsReleased), SQLBind(row.requests), SQLBind(row.allocated),
                SQLBind(row.confirmed), SQLBind(row.attended), SQLBind(row.noShows),
                SQLBind(row.duplicatesRemoved), SQLBind(row.rejected), SQLBind(row.medianWaitDays),
                SQLBind(row.seenBeforeExpiry), SQLBind(row.attendedWithExpiry), SQLBind(row.frozenAt)
            )
            .ignoringConflicts(with: "week_start")
            .run()
    }

    /// PostgreSQL: one purging process at a time (the lock ends with the transaction). SQLite: the write gate
    /// already serialises writers.
    private static func lock(_ tx: any Database) async throws -> Bool {
        let sql = tx.sql
        guard sql.dialect.name == "postgresql" else { return true }
        let row = try await sql.raw("SELECT pg_try_advisory_xact_lock(\(bind: lockKey)) AS locked").first()
        return try row?.decode(column: "locked", as: Bool.self) ?? false
    }
}

/// The records a purge removes, read inside its transaction.
private struct Candidates {
    var appointments: [Appointment] = []
    var requests: [ApplicantRequest] = []
    var urgentRequests: [UrgentRequest] = []
    var attachments: [UrgentAttachment] = []
    var attestationIDs: [UUID] = []
    var emailIDs: [Int] = []

    /// Urgent requests' attachments and draw requests' permit scans.
    var storedNames: [String] { attachments.map(\.storedName) + requests.compactMap(\.permitScan) }

    static func find(before cutoff: Date, on db: any Database) async throws -> Candidates {
        var found = Candidates()
        found.appointments = try await Appointment.query(on: db)
            .filter(\.$status ~~ RetentionPurge.purgedAppointmentStatuses)
            .group(.or) {
                $0.filter(\.$closedAt < cutoff)
                    .group(.and) { $0.filter(\.$closedAt == nil).filter(\.$createdAt < cutoff) }
            }
            .all()
        found.requests = try await ApplicantRequest.query(on: db)
            .filter(\.$status ~~ RetentionPurge.purgedRequestStatuses)
            .group(.or) {
                $0.filter(\.$closedAt < cutoff)
                    .group(.and) { $0.filter(\.$closedAt == nil).filter(\.$createdAt < cutoff) }
            }
            .all()
        found.urgentRequests = try await UrgentRequest.query(on: db)
            .group(.or) {
                $0.filter(\.$handledAt < cutoff)
                    .group(.and) { $0.filter(\.$handledAt == nil).filter(\.$createdAt < cutoff) }
            }
            .all()
        for chunk in found.urgentRequests.compactMap(\.id).chunked(500) {
            found.attachments += try await UrgentAttachment.query(on: db).filter(\.$urgentRequest.$id ~~ Array(chunk))
                .all()
        }
        let subjects =
            found.appointments.compactMap(\.id).map { ("appointment", $0) }
            + found.requests.compactMap(\.id).map { ("request", $0) }
            + found.urgentRequests.compactMap(\.id).map { ("urgent", $0) }
        for (kind, ids) in Dictionary(grouping: subjects, by: \.0) {
            for chunk in ids.map({ $0.1.uuidString.lowercased() }).chunked(500) {
                found.attestationIDs += try await Attestation.query(on: db).filter(\.$kind == kind)
                    .filter(\.$subjectID ~~ Array(chunk)).all(\.$id).compactMap { $0 }
            }
        }
        found.emailIDs = try await OutboxMessage.query(on: db).filter(\.$createdAt < cutoff).all(\.$id).compactMap {
            $0
        }
        return found
    }

    func count(into outcome: inout RetentionPurge.Outcome) {
        outcome.appointments = appointments.count
        outcome.requests = requests.count
        outcome.urgentRequests = urgentRequests.count
        outcome.attachments = attachments.count
        outcome.attestations = attestationIDs.count
        outcome.emails = emailIDs.count
    }

    func delete(on tx: any Database) async throws {
        for chunk in attachments.compactMap(\.id).chunked(500) {
            try await UrgentAttachment.query(on: tx).filter(\.$id ~~ Array(chunk)).delete()
        }
        for chunk in urgentRequests.compactMap(\.id).chunked(500) {
            try await UrgentRequest.query(on: tx).filter(\.$id ~~ Array(chunk)).delete()
        }
        for chunk in attestationIDs.chunked(500) {
            try await Attestation.query(on: tx).filter(\.$id ~~ Array(chunk)).delete()
        }
        let holders = appointments.compactMap(\.id) + requests.compactMap(\.id)
        for chunk in holders.chunked(500) {
            // Closed bookings hold no claim; this only makes sure none is left pointing at a deleted row.
            try await ActiveClaim.query(on: tx).filter(\.$holderID ~~ chunk.map(\.uuidString)).delete()
            // Their suspicion signals and review flags (network, email pattern, reasons) go with them.
            try await BookingSignal.query(on: tx).filter(\.$subjectID ~~ chunk.map(\.uuidString)).delete()
            try await SuspicionFlag.query(on: tx).filter(\.$subjectID ~~ chunk.map(\.uuidString)).delete()
        }
        for chunk in requests.compactMap(\.id).chunked(500) {
            try await ApplicantRequest.query(on: tx).filter(\.$id ~~ Array(chunk)).delete()
        }
        for chunk in appointments.compactMap(\.id).chunked(500) {
            try await Appointment.query(on: tx).filter(\.$id ~~ Array(chunk)).delete()
        }
        for chunk in emailIDs.chunked(500) {
            try await OutboxMessage.query(on: tx).filter(\.$id ~~ Array(chunk)).delete()
        }
    }
}
