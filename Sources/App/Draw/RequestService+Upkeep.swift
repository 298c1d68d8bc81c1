import Fluent
import Foundation
import GuichetCore
import SQLKit

/// Keeping waiting draw requests true (`RequestUpkeep`): asked every four weeks whether still needed, withdrawn
/// without an answer; and a request held out as a near-duplicate (`Twins`) contested by its person.
extension RequestService {
    /// A fresh token for a link in an email about `request` (keep it; I am another person). The manage token was
    /// shown once, weeks ago, and exists only as a hash: the email carries its own.
    static func newActionToken(for request: ApplicantRequest, random: RandomSource, on tx: any Database) async throws
        -> String
    {
        let token = random.with { Tokens.manageToken(using: &$0) }
        request.actionTokenHash = Tokens.sha256Hex(token)
        try await request.save(on: tx)
        return token
    }

    /// The request, for the holder of its manage token or of the token of its last emailed action link.
    func authorisedForAction(number: String, token: String) async throws -> ApplicantRequest {
        guard let request = try await ApplicantRequest.query(on: db).filter(\.$number == number).first() else {
            throw RequestError.notFound
        }
        let hashes = [request.manageTokenHash, request.actionTokenHash].compactMap { $0 }
        guard hashes.contains(where: { Tokens.matches(token, hash: $0) }) else { throw RequestError.unauthorized }
        return request
    }

    /// "I still need it": the request stays, and is asked again in four weeks.
    func keep(number: String, token: String) async throws -> ApplicantRequest {
        let request = try await authorisedForAction(number: number, token: token)
        guard request.status == ApplicantRequest.Status.waiting else { throw BookingError.alreadyCancelled }
        let now = services.clock.now()
        try await db.write(through: services.writeGate) { tx in
            try await tx.sql.raw(
                """
                UPDATE requests SET kept_at = \(bind: now), keep_asked_at = NULL \
                WHERE id = \(bind: request.id!) AND status = \(bind: ApplicantRequest.Status.waiting)
                """
            ).run()
        }
        request.keptAt = now
        request.keepAskedAt = nil
        return request
    }

    /// "I am another person": every hold of this request as a near-duplicate goes to an agent.
    @discardableResult
    func contestTwin(number: String, token: String) async throws -> Int {
        let request = try await authorisedForAction(number: number, token: token)
        let now = services.clock.now()
        let subject = SuspicionSubject(.request, request.id!.uuidString).description
        return try await db.write(through: services.writeGate) { tx in
            let rows = try await tx.sql.raw(
                """
                UPDATE twin_reviews SET status = \(bind: TwinReview.Status.contested.rawValue), contested_at = \(bind: now) \
                WHERE subject = \(bind: subject) AND status = \(bind: TwinReview.Status.held.rawValue) RETURNING id
                """
            ).all()
            return rows.count
        }
    }

    /// The four-weekly question and the withdrawal without an answer, for every waiting request and ticket. Each step is a
    /// conditional update, so two processes running it send each email once.
    @discardableResult
    func upkeep() async throws -> (asked: Int, withdrawn: Int) {
        let now = services.clock.now()
        let reference = try await services.reference.get(on: db)
        let links = services.mailLinks
        let random = services.random
        let waiting = try await ApplicantRequest.query(on: db).filter(\.$status == ApplicantRequest.Status.waiting)
            .all()
        var asked = 0
        var withdrawn = 0
        for request in waiting {
            let language = request.applicantLanguage
            let procedureName = reference.procedures[request.$procedure.id]?.name(language) ?? request.$procedure.id
            switch RequestUpkeep.step(
                confirmedAt: request.confirmedAt ?? request.createdAt, keptAt: request.keptAt,
                askedAt: request.keepAskedAt, now: now)
            {
            case .nothing:
                continue
            case .ask:
                let sent = try await db.write(through: services.writeGate) { tx in
                    let claimed = try await tx.sql.raw(
                        """
                        UPDATE requests SET keep_asked_at = \(bind: now) \
                        WHERE id = \(bind: request.id!) AND status = \(bind: ApplicantRequest.Status.waiting) \
                        AND keep_asked_at IS NULL RETURNING id
                        """
                    ).all()
                    guard !claimed.isEmpty else { return false }
                    let token = try await Self.newActionToken(for: request, random: random, on: tx)
                    try await Outbox.enqueue(
                        to: request.email,
                        Mails.keepAsk(
                            number: request.number, procedureName: procedureName,
                            answerBy: RequestUpkeep.answerBy(askedAt: now),
                            keepURL: links.requestAction(request.number, .keep, token: token), language: language),
                        now: now, on: tx)
                    return true
                }
                if sent { asked += 1 }
            case .withdraw:
                let done = try await db.write(through: services.writeGate) { tx in
                    guard try await Self.close(request, status: ApplicantRequest.Status.withdrawn, now: now, on: tx)
                    else { return false }
                    try await Outbox.enqueue(
                        to: request.email,
                        Mails.keepWithdrawn(
                            number: request.number, procedureName: procedureName,
                            requestURL: links.baseURL + SitePath.requestForm(request.$procedure.id), language: language),
                        now: now, on: tx)
                    return true
                }
                if done { withdrawn += 1 }
            }
        }
        if asked + withdrawn > 0 {
            logger.info("request upkeep: \(asked) asked, \(withdrawn) withdrawn without an answer")
        }
        return (asked, withdrawn)
    }
}
