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

    /// One member as a supervisor reads it.
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
        let marks: [ClusterMember.Mark]
    }

    struct Cluster: Sendable {
        let core: SuspicionCluster
        let members: [Member]
    }

    struct Cancelled: Sendable, Equatable {
        /// Ended now, each with an email and an audit entry.
        var cancelled: [SuspicionSubject] = []
        /// Already ended, already past, or unknown: left as they are.
        var untouched: [SuspicionSubject] = []
    }

    /// Clusters with a member made in `[from, to)` or flagged, flagged ones first, then by severity. Rows read
    /// for context (cancellations before the range, neighbours of a flagged booking) join clusters but do not
    /// make one on their own.
    func clusters(from: Date, to: Date, thresholds: ClusterThresholds = ClusterThresholds()) async throws -> [Cluster] {
        let loaded = try await SuspicionRows.load(from: from, to: to, churnWindow: thresholds.churnWindow, on: db)
        let clusters = ClusterFinder.clusters(loaded.rows, thresholds: thresholds).filter { cluster in
            cluster.members.contains { $0.marks.contains(.flagged) || (from..<to).contains($0.createdAt) }
        }
        let slotIDs = Set(clusters.flatMap(\.members).compactMap { member in
            member.subject.kind == .appointment ? loaded.appointments[member.subject.id]?.$slot.id : nil
        })
        var slots: [Int: Slot] = [:]
        for chunk in Array(slotIDs).sorted().chunked(500).map(Array.init) {
            for slot in try await Slot.query(on: db).filter(\.$id ~~ chunk).all() { slots[slot.id!] = slot }
        }
        return clusters.map { cluster in
            Cluster(core: cluster, members: cluster.members.compactMap { member in
                Self.member(member, loaded: loaded, slots: slots)
            })
        }
    }

    private static func member(_ member: ClusterMember, loaded: SuspicionRows, slots: [Int: Slot]) -> Member? {
        let signal = loaded.signals[member.subject]
        switch member.subject.kind {
        case .appointment:
            guard let row = loaded.appointments[member.subject.id] else { return nil }
            let slot = slots[row.$slot.id]
            return Member(subject: member.subject, createdAt: row.createdAt, name: row.displayName, email: row.email,
                          status: row.status, procedureID: row.$procedure.id, channel: row.channel,
                          network: signal?.network, slotStart: slot?.startsAt, counterID: slot?.$counter.id,
                          requestNumber: nil, marks: member.marks)
        case .request:
            guard let row = loaded.requests[member.subject.id] else { return nil }
            return Member(subject: member.subject, createdAt: row.createdAt, name: row.displayName, email: row.email,
                          status: row.status, procedureID: row.$procedure.id, channel: signal?.channel ?? "online",
                          network: signal?.network, slotStart: nil, counterID: nil, requestNumber: row.number,
                          marks: member.marks)
        }
    }

    /// Sends an appointment for review (the counter's "ID does not match"): its cluster shows first until a
    /// supervisor resolves it. The counter calls the static form inside its own transaction, with the rejection.
    func flag(appointmentID: UUID, reason: String, actor: String, remote: String? = nil) async throws {
        let reason = try Self.checked(reason)
        let now = services.clock.now()
        guard try await Appointment.find(appointmentID, on: db) != nil else { throw RequestError.notFound }
        try await db.write(through: services.writeGate) { tx in
            try await Self.flag(SuspicionSubject(.appointment, appointmentID.uuidString), reason: reason, actor: actor,
                                remote: remote, now: now, on: tx)
        }
    }

    static func flag(_ subject: SuspicionSubject, reason: String, actor: String, remote: String?, now: Date,
                     on tx: any Database) async throws {
        try await SuspicionFlag(subject: subject, reason: reason, actor: actor, at: now).create(on: tx)
        try await AuditEntry(at: now, actor: actor, action: AuditAction.flagged, recordType: subject.kind.rawValue,
                             recordID: subject.id, detail: reason, remote: remote).create(on: tx)
    }

    /// Reviewed and found genuine: the flags of these members are resolved, nothing else changes.
    @discardableResult
    func dismiss(_ subjects: [SuspicionSubject], note: String, actor: String, remote: String? = nil) async throws -> Int {
        let note = try Self.checked(note)
        let now = services.clock.now()
        var dismissed = 0
        for subject in Set(subjects).sorted() {
            let resolved = try await db.write(through: services.writeGate) { tx in
                let resolved = try await Self.resolveFlags(of: subject, actor: actor, now: now, on: tx)
                if resolved > 0 {
                    try await AuditEntry(at: now, actor: actor, action: AuditAction.dismissed,
                                         recordType: subject.kind.rawValue, recordID: subject.id, detail: note,
                                         remote: remote).create(on: tx)
                }
                return resolved
            }
            if resolved > 0 { dismissed += 1 }
        }
        return dismissed
    }

    /// Cancels every active member: appointments through the ordinary closing path (the seat returns to
    /// `planned`, the claims are released), requests ended as `cancelled`; each person is emailed and each
    /// change audited with the reason. One transaction per member, each conditional, so a second run (or a
    /// member the person cancelled meanwhile) changes nothing.
    func cancelCluster(_ subjects: [SuspicionSubject], reason: String, actor: String, remote: String? = nil,
                       clusterKey: String? = nil) async throws -> Cancelled {
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
        logger.notice("cluster cancelled by \(actor): \(outcome.cancelled.count) ended, \(outcome.untouched.count) untouched")
        return outcome
    }

    private func cancelAppointment(_ subject: SuspicionSubject, detail: String, actor: String,
                                   remote: String?) async throws -> Bool {
        let now = services.clock.now()
        guard let id = UUID(uuidString: subject.id), let appointment = try await Appointment.find(id, on: db),
              let slot = try await Slot.find(appointment.$slot.id, on: db), slot.startsAt > now
        else { return false }
        return try await db.write(through: services.writeGate) { tx in
            guard try await BookingService.close(appointment, as: .cancelled, reason: Self.cancelReason, now: now, on: tx)
            else { return false }
            let language = Language(rawValue: appointment.language) ?? .fr
            let summary = try await BookingService.summary(of: appointment, language: language, on: tx)
            try await Outbox.enqueue(to: appointment.email, Mails.cancelledAfterReview(slot: summary, language: language),
                                     now: now, on: tx)
            try await AuditEntry(at: now, actor: actor, action: AuditAction.cancelled, recordType: subject.kind.rawValue,
                                 recordID: subject.id, detail: detail, remote: remote).create(on: tx)
            try await Self.resolveFlags(of: subject, actor: actor, now: now, on: tx)
            return true
        }
    }

    private func cancelRequest(_ subject: SuspicionSubject, detail: String, actor: String,
                               remote: String?) async throws -> Bool {
        let now = services.clock.now()
        guard let id = UUID(uuidString: subject.id), let request = try await ApplicantRequest.find(id, on: db)
        else { return false }
        let reference = try await services.reference.get(on: db)
        let language = request.applicantLanguage
        let procedureName = reference.procedures[request.$procedure.id]?.name(language) ?? request.$procedure.id
        return try await db.write(through: services.writeGate) { tx in
            guard try await RequestService.close(request, status: ApplicantRequest.Status.cancelled, now: now, on: tx)
            else { return false }
            try await Outbox.enqueue(to: request.email, Mails.requestCancelledAfterReview(
                number: request.number, procedureName: procedureName, language: language), now: now, on: tx)
            try await AuditEntry(at: now, actor: actor, action: AuditAction.cancelled, recordType: subject.kind.rawValue,
                                 recordID: subject.id, detail: detail, remote: remote).create(on: tx)
            try await Self.resolveFlags(of: subject, actor: actor, now: now, on: tx)
            return true
        }
    }

    @discardableResult
    private static func resolveFlags(of subject: SuspicionSubject, actor: String, now: Date,
                                     on tx: any Database) async throws -> Int {
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
            throw RequestError.invalid("reason", fr: "La raison tient en 500 caractères au plus.",
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

