import Fluent
import Foundation
import GuichetCore
import Logging
import Vapor

/// The supervisors' review of suspicious bookings: clusters over a time range, bookings sent for review at the
/// counter, and the cancellation of a whole cluster. The rules are `ClusterFinder`'s; this reads and writes.
struct Suspicion: Sendable {
    let db: any Database
    let services: GuichetServices
    let logger: Logger

    static let cancelReason = "cancelled_after_review"

    enum AuditAction {
        static let cancelled = "cluster_cancelled"
        static let flagged = "flagged_for_review"
        static let dismissed = "review_dismissed"
    }

    /// One member (or related row) as a supervisor reads it.
    struct Member: Sendable {
        let subject: SuspicionSubject
        let createdAt: Date
        let name: String
        let email: String
        let status: String
        let procedureID: String
        let channel: String
        let network: String?
        /// Appointments: when and at which counter.
        let slotStart: Date?
        let counterID: String?
        /// Requests: the public number.
        let requestNumber: String?
        let isActive: Bool
        let marks: [ClusterMember.Mark]
        /// Strong links first, then weak signals (`ClusterMember.reasons`), near-duplicate twins named.
        let reasons: [Reason]

        var links: [Reason] { reasons.filter(\.core.isStrong) }
        var signals: [Reason] { reasons.filter { !$0.core.isStrong } }
    }

    struct Reason: Sendable {
        let core: MemberReason
        /// For a near-duplicate: the twin's name, as registered.
        let twinName: String?
    }

    struct Cluster: Sendable {
        let core: SuspicionCluster
        let members: [Member]
        /// Rows that share only weak signals with the members: shown apart, never cancelled with the cluster.
        let related: [Member]

        /// What cancelling it ends: its active members, never a related row.
        var cancellable: [Member] { members.filter(\.isActive) }
    }

    struct Cancelled: Sendable, Equatable {
        /// Ended now, each with an email and an audit entry.
        var cancelled: [SuspicionSubject] = []
        /// Already ended, already past, unknown, or not an active member of the cluster: left as they are.
        var untouched: [SuspicionSubject] = []
    }

    /// Clusters with a member made in `[from, to)` or flagged, flagged ones first, then by severity. Rows read
    /// for context (cancellations before the range, neighbours of a flagged booking) join clusters but do not
    /// make one on their own.
    func clusters(from: Date, to: Date, thresholds: ClusterThresholds = ClusterThresholds()) async throws -> [Cluster] {
        let loaded = try await SuspicionRows.load(from: from, to: to, churnWindow: thresholds.churnWindow, on: db)
        let differentPeople = Set(
            try await TwinReview.query(on: db)
                .filter(\.$status == TwinReview.Status.different.rawValue).all()
                .compactMap { review in
                    SuspicionSubject(review.subject).flatMap { a in SuspicionSubject(review.twin).map { Set([a, $0]) } }
                })
        let clusters = ClusterFinder.clusters(
            loaded.rows, thresholds: thresholds,
            differentPeople: differentPeople
        ).filter { cluster in
            cluster.members.contains { $0.marks.contains(.flagged) || (from..<to).contains($0.createdAt) }
        }
        let shown = clusters.flatMap { $0.members + $0.related }
        let slotIDs = Set(
            shown.compactMap { member in
                member.subject.kind == .appointment ? loaded.appointments[member.subject.id]?.$slot.id : nil
            })
        var slots: [Int: Slot] = [:]
        for chunk in Array(slotIDs).sorted().chunked(500).map(Array.init) {
            for slot in try await Slot.query(on: db).filter(\.$id ~~ chunk).all() { slots[slot.id!] = slot }
        }
        return clusters.map { cluster in
            Cluster(
                core: cluster,
                members: cluster.members.compactMap { Self.member($0, loaded: loaded, slots: slots) },
                related: cluster.related.compactMap { Self.member($0, loaded: loaded, slots: slots) })
        }
    }

    /// The cluster whose key is `key` over the same range as the page that showed it, or nil if it is gone.
    func cluster(key: String, from: Date, to: Date) async throws -> Cluster? {
        try await clusters(from: from, to: to).first { $0.core.key == key }
    }

    private static func member(_ member: ClusterMember, loaded: SuspicionRows, slots: [Int: Slot]) -> Member? {
        let signal = loaded.signals[member.subject]
        let reasons = member.reasons.map { reason in
            Reason(
                core: reason,
                twinName: reason.kind == .nearDuplicate
                    ? SuspicionSubject(reason.value).flatMap { loaded.name(of: $0) } : nil)
        }
        switch member.subject.kind {
        case .appointment:
            guard let row = loaded.appointments[member.subject.id] else { return nil }
            let slot = slots[row.$slot.id]
            return Member(
                subject: member.subject, createdAt: row.createdAt, name: row.displayName, email: row.email,
                status: row.status.rawValue, procedureID: row.$procedure.id, channel: row.channel,
                network: signal?.network, slotStart: slot?.startsAt, counterID: slot?.$counter.id,
                requestNumber: nil, isActive: member.isActive, marks: member.marks, reasons: reasons)
        case .request:
            guard let row = loaded.requests[member.subject.id] else { return nil }
            return Member(
                subject: member.subject, createdAt: row.createdAt, name: row.displayName, email: row.email,
                status: row.status, procedureID: row.$procedure.id, channel: signal?.channel ?? "online",
                network: signal?.network, slotStart: nil, counterID: nil, requestNumber: row.number,
                isActive: member.isActive, marks: member.marks, reasons: reasons)
        }
    }

    /// Sends an appointment for review (the counter's "ID does not match"): its cluster shows first until a
    /// supervisor resolves it. The counter calls the static form inside its own transaction, with the rejection.
    func flag(appointmentID: UUID, reason: String, actor: String, remote: String? = nil) async throws {
        let reason = try Self.checked(reason)
        let now = services.clock.now()
        guard try await Appointment.find(appointmentID, on: db) != nil else { throw RequestError.notFound }
        try await db.write(through: services.writeGate) { tx in
            try await Self.flag(
                SuspicionSubject(.appointment, appointmentID.uuidString), reason: reason, actor: actor,
                remote: remote, now: now, on: tx)
        }
    }

    static func flag(
        _ subject: SuspicionSubject, reason: String, actor: String, remote: String?, now: Date,
        on tx: any Database
    ) async throws {
        try await SuspicionFlag(subject: subject, reason: reason, actor: actor, at: now).create(on: tx)
        try await AuditEntry(
            at: now, actor: actor, action: AuditAction.flagged, recordType: subject.kind.rawValue,
            recordID: subject.id, detail: reason, remote: remote
        ).create(on: tx)
    }

    /// Reviewed and found genuine: the flags of these members are resolved, nothing else changes.
    @discardableResult
    func dismiss(_ subjects: [SuspicionSubject], note: String, actor: String, remote: String? = nil) async throws -> Int
    {
        let note = try Self.checked(note)
        let now = services.clock.now()
        var dismissed = 0
        for subject in Set(subjects).sorted() {
            let resolved = try await db.write(through: services.writeGate) { tx in
                let resolved = try await Self.resolveFlags(of: subject, actor: actor, now: now, on: tx)
                if resolved > 0 {
                    try await AuditEntry(
                        at: now, actor: actor, action: AuditAction.dismissed,
                        recordType: subject.kind.rawValue, recordID: subject.id, detail: note,
                        remote: remote
                    ).create(on: tx)
                }
                return resolved
            }
            if resolved > 0 { dismissed += 1 }
        }
        return dismissed
    }

    /// Cancels what the supervisor confirmed: among `subjects`, those still active members of the cluster `key`
    /// over the range of the page. A row linked only by weak signals, one that joined the cluster since, or one
    /// not in it at all is left untouched, whatever the form said; when the cluster is gone, nothing is cancelled.
    func cancel(
        _ subjects: [SuspicionSubject], ofCluster key: String, from: Date, to: Date, reason: String,
        actor: String, remote: String? = nil
    ) async throws -> Cancelled {
        let reason = try Self.checked(reason)
        let cancellable = Set(try await cluster(key: key, from: from, to: to)?.cancellable.map(\.subject) ?? [])
        let chosen = Set(subjects)
        var outcome = try await cancelCluster(
            chosen.filter(cancellable.contains).sorted(), reason: reason,
            actor: actor, remote: remote, clusterKey: key)
        outcome.untouched = (outcome.untouched + chosen.subtracting(cancellable)).sorted()
        return outcome
    }

    /// Cancels every active member: appointments through the ordinary closing path (the seat returns to
    /// `planned`, the claims are released), requests ended as `cancelled`; each person is emailed and each
    /// change audited with the reason. One transaction per member, each conditional, so a second run (or a
    /// member the person cancelled meanwhile) changes nothing.
    func cancelCluster(
        _ subjects: [SuspicionSubject], reason: String, actor: String, remote: String? = nil,
        clusterKey: String? = nil
    ) async throws -> Cancelled {
        let reason = try Self.checked(reason)
        let detail = clusterKey.map { "cluster \($0): \(reason)" } ?? reason
        var outcome = Cancelled()
        for subject in Set(subjects).sorted() {
            let done: Bool
            switch subject.kind {
            case .appointment: done = try await cancelAppointment(subject, detail: detail, actor: actor, remote: remote)
            case .request: done = try await cancelRequest(subject, detail: detail, actor: actor, remote: remote)
            }
            if done { outcome.cancelled.append(subject) } else { outcome.untouched.append(subject) }
        }
        if outcome.cancelled.contains(where: { $0.kind == .appointment }) { services.availability.seatsChanged() }
        logger.notice(
            "cluster cancelled by \(actor): \(outcome.cancelled.count) ended, \(outcome.untouched.count) untouched")
        return outcome
    }

    private func cancelAppointment(
        _ subject: SuspicionSubject, detail: String, actor: String,
        remote: String?
    ) async throws -> Bool {
        let now = services.clock.now()
        guard let id = UUID(uuidString: subject.id), let appointment = try await Appointment.find(id, on: db),
            let slot = try await Slot.find(appointment.$slot.id, on: db), slot.startsAt > now
        else { return false }
        return try await db.write(through: services.writeGate) { tx in
            guard
                try await BookingService.close(appointment, as: .cancelled, reason: Self.cancelReason, now: now, on: tx)
            else { return false }
            let language = Language(rawValue: appointment.language) ?? .fr
            let summary = try await BookingService.summary(of: appointment, language: language, on: tx)
            try await Outbox.enqueue(
                to: appointment.email, Mails.cancelledAfterReview(slot: summary, language: language),
                now: now, on: tx)
            try await AuditEntry(
                at: now, actor: actor, action: AuditAction.cancelled, recordType: subject.kind.rawValue,
                recordID: subject.id, detail: detail, remote: remote
            ).create(on: tx)
            try await Self.resolveFlags(of: subject, actor: actor, now: now, on: tx)
            return true
        }
    }

    private func cancelRequest(
        _ subject: SuspicionSubject, detail: String, actor: String,
        remote: String?
    ) async throws -> Bool {
        let now = services.clock.now()
        guard let id = UUID(uuidString: subject.id), let request = try await ApplicantRequest.find(id, on: db)
        else { return false }
        let reference = try await services.reference.get(on: db)
        let language = request.applicantLanguage
        let procedureName = reference.procedures[request.$procedure.id]?.name(language) ?? request.$procedure.id
        return try await db.write(through: services.writeGate) { tx in
            guard try await RequestService.close(request, status: ApplicantRequest.Status.cancelled, now: now, on: tx)
            else { return false }
            try await Outbox.enqueue(
                to: request.email,
                Mails.requestCancelledAfterReview(
                    number: request.number, procedureName: procedureName, language: language), now: now, on: tx)
            try await AuditEntry(
                at: now, actor: actor, action: AuditAction.cancelled, recordType: subject.kind.rawValue,
                recordID: subject.id, detail: detail, remote: remote
            ).create(on: tx)
            try await Self.resolveFlags(of: subject, actor: actor, now: now, on: tx)
            return true
        }
    }

    @discardableResult
    private static func resolveFlags(
        of subject: SuspicionSubject, actor: String, now: Date,
        on tx: any Database
    ) async throws -> Int {
        let open = try await SuspicionFlag.query(on: tx).filter(\.$subjectType == subject.kind.rawValue)
            .filter(\.$subjectID == subject.id).filter(\.$resolvedAt == nil).all()
        for flag in open {
            flag.resolvedAt = now
            flag.resolvedBy = actor
            try await flag.save(on: tx)
        }
        return open.count
    }

    /// A reason is required (it is the audit log's answer to "why"), on one line, at most 500 characters.
    static func checked(_ reason: String) throws -> String {
        let text = reason.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else {
            throw RequestError.invalid("reason", fr: "Indiquez la raison.", en: "Give the reason.")
        }
        guard text.count <= 500 else {
            throw RequestError.invalid(
                "reason", fr: "La raison tient en 500 caractères au plus.",
                en: "The reason has at most 500 characters.")
        }
        return text
    }
}

extension Request {
    /// The supervisors' review bound to this request's database.
    var suspicion: Suspicion {
        Suspicion(db: db, services: application.guichet, logger: logger)
    }
}
