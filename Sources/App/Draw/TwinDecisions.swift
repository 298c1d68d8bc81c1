import Fluent
import Foundation
import GuichetCore
import Logging

/// Agents' answer to "I am another person" (`TwinReview`): two people, and the held request goes back into the
/// draws; or one, and it is withdrawn while the earlier booking stands. Once per review, audited, the person told.
struct TwinDecisions: Sendable {
    let db: any Database
    let services: GuichetServices
    let logger: Logger

    static let auditAction = "twin_decided"

    /// One side of a review, as an agent compares them.
    struct Side: Sendable {
        let subject: SuspicionSubject
        let label: String
        let familyName: String
        let givenNames: String
        let birthDate: String
        let nationality: String
        let foreignNumber: String?
        let email: String
        let status: String
        let createdAt: Date
    }

    struct Pending: Sendable {
        let review: TwinReview
        let held: Side
        let twin: Side?
    }

    /// Reviews the people contested, oldest first; then those still held (waiting for the person to answer).
    func pending() async throws -> [Pending] {
        let reviews = try await TwinReview.query(on: db)
            .filter(\.$status ~~ [TwinReview.Status.contested.rawValue, TwinReview.Status.held.rawValue])
            .sort(\.$createdAt).all()
        var result: [Pending] = []
        let contestedFirst =
            reviews.filter { $0.reviewStatus == .contested } + reviews.filter { $0.reviewStatus == .held }
        for review in contestedFirst {
            guard let subject = SuspicionSubject(review.subject), let held = try await side(subject) else { continue }
            result.append(
                Pending(
                    review: review, held: held,
                    twin: try await SuspicionSubject(review.twin).asyncMap { try await side($0) } ?? nil))
        }
        return result
    }

    func contestedCount() async throws -> Int {
        try await TwinReview.query(on: db).filter(\.$status == TwinReview.Status.contested.rawValue).count()
    }

    func decide(reviewID: Int, samePerson: Bool, actor: String, remote: String?) async throws {
        guard let review = try await TwinReview.find(reviewID, on: db), let subject = SuspicionSubject(review.subject),
            subject.kind == .request, let id = UUID(uuidString: subject.id),
            let request = try await ApplicantRequest.find(id, on: db)
        else { throw RequestError.notFound }
        let now = services.clock.now()
        let status: TwinReview.Status = samePerson ? .same : .different
        let reference = try await services.reference.get(on: db)
        let language = request.applicantLanguage
        let procedureName = reference.procedures[request.$procedure.id]?.name(language) ?? request.$procedure.id
        let done = try await db.write(through: services.writeGate) { tx in
            let changed = try await tx.sql.raw(
                """
                UPDATE twin_reviews SET status = \(bind: status.rawValue), decided_by = \(bind: actor), \
                decided_at = \(bind: now) WHERE id = \(bind: reviewID) \
                AND status IN (\(bind: TwinReview.Status.held.rawValue), \(bind: TwinReview.Status.contested.rawValue)) \
                RETURNING id
                """
            ).all()
            guard !changed.isEmpty else { return false }
            if samePerson {
                try await RequestService.close(request, status: ApplicantRequest.Status.withdrawn, now: now, on: tx)
            }
            try await AuditEntry(
                at: now, actor: actor, action: Self.auditAction, recordType: "request",
                recordID: request.id!.uuidString,
                detail: "\(status.rawValue) \(review.reason) twin \(review.twin)", remote: remote
            ).create(on: tx)
            try await Outbox.enqueue(
                to: request.email,
                Mails.twinDecided(
                    number: request.number, procedureName: procedureName, samePerson: samePerson, language: language),
                now: now, on: tx)
            return true
        }
        guard done else { throw PriorityError.alreadyReviewed }
    }

    private func side(_ subject: SuspicionSubject) async throws -> Side? {
        guard let id = UUID(uuidString: subject.id) else { return nil }
        switch subject.kind {
        case .request:
            guard let row = try await ApplicantRequest.find(id, on: db) else { return nil }
            return Side(
                subject: subject, label: row.number, familyName: row.familyName, givenNames: row.givenNames,
                birthDate: row.birthDate, nationality: row.nationality, foreignNumber: row.foreignNumber,
                email: row.email, status: row.status, createdAt: row.createdAt)
        case .appointment:
            guard let row = try await Appointment.find(id, on: db) else { return nil }
            return Side(
                subject: subject, label: row.convocationCode ?? id.uuidString.lowercased().prefix(8).description,
                familyName: row.familyName, givenNames: row.givenNames, birthDate: row.birthDate,
                nationality: row.nationality, foreignNumber: row.foreignNumber, email: row.email,
                status: row.status.rawValue, createdAt: row.createdAt)
        }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        switch self {
        case .some(let value): try await transform(value)
        case .none: nil
        }
    }
}
