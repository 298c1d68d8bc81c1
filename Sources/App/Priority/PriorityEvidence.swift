import Crypto
import Fluent
import Foundation
import GuichetCore
import Logging
import Vapor

/// Priority shown, not declared (`docs/decisions/0014`): the scan of the permit a draw request carries, and the
/// agents' review of the expiry on it. The file is stored like an urgent request's attachments (random name, owner
/// only, kind read from its bytes); the draw counts the declared expiry only once the review says `confirmed`.
struct PriorityEvidence: Sendable {
    let db: any Database
    let services: GuichetServices
    let logger: Logger

    static let auditViewed = "permit_scan_viewed"
    static let auditReviewed = "priority_reviewed"

    var folder: URL { services.config.dataDirectory.appendingPathComponent("attachments", isDirectory: true) }

    /// What a request's priority stands at, for its page and the API.
    enum Standing: String, Sendable {
        /// The declared expiry asks for no priority.
        case none
        /// It would, but no scan is attached: drawn in the normal tier.
        case missing
        case pending, confirmed, downgraded
    }

    /// The request's standing against the seats of the draw it waits for (or would, for a procedure without one open).
    func standing(of request: ApplicantRequest) async throws -> Standing {
        if let review = request.review { return Standing(rawValue: review.rawValue) ?? .none }
        let firstSeat = try await firstSeat(procedureID: request.$procedure.id)
        return PriorityClaim.claimsPriority(
            permitExpiry: request.permitExpiry.flatMap(CivilDate.init(iso:)),
            firstSeat: firstSeat) ? .missing : .none
    }

    private func firstSeat(procedureID: String) async throws -> CivilDate {
        let now = services.clock.now()
        if let window = try await DrawService.openWindow(procedureID: procedureID, now: now, on: db),
            let from = CivilDate(iso: window.seatsFrom)
        {
            return from
        }
        let policy = try await DrawPolicyRecord.policy(for: procedureID, on: db)
        return policy.seats(drawnOn: ParisTime.civilDate(of: policy.period(containing: now).closes)).from
    }

    /// Attaches (or replaces) the scan of a waiting draw request; it goes to the agents' queue. The old file, if
    /// any, is removed once the new one is recorded.
    func attach(number: String, manageToken: String, bytes: Data) async throws -> ApplicantRequest {
        let request = try await RequestService(db: db, services: services, logger: logger)
            .authorised(number: number, manageToken: manageToken)
        guard !request.isLotteryTicket,
            [ApplicantRequest.Status.pending, ApplicantRequest.Status.waiting].contains(request.status)
        else { throw BookingError.alreadyCancelled }
        guard bytes.count <= UploadedFileKind.maxBytes else { throw PriorityError.tooLarge }
        guard let kind = UploadedFileKind.detect(bytes) else { throw PriorityError.notADocument }
        try FileManager.default.createDirectory(
            at: folder, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        let name =
            services.random.with { generator in
                Hex.encode((0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
            } + "." + kind.fileExtension
        let file = folder.appendingPathComponent(name)
        guard FileManager.default.createFile(atPath: file.path, contents: bytes, attributes: [.posixPermissions: 0o600])
        else { throw PriorityError.notStored }
        let previous = request.permitScan
        let now = services.clock.now()
        do {
            try await db.write(through: services.writeGate) { tx in
                try await tx.sql.raw(
                    """
                    UPDATE requests SET permit_scan = \(bind: name), permit_scan_at = \(bind: now), \
                    priority_review = \(bind: PriorityClaim.Review.pending.rawValue), priority_reviewed_by = NULL, \
                    priority_reviewed_at = NULL, priority_note = NULL WHERE id = \(bind: request.id!)
                    """
                ).run()
            }
        } catch {
            try? FileManager.default.removeItem(at: file)
            throw error
        }
        if let previous { try? FileManager.default.removeItem(at: folder.appendingPathComponent(previous)) }
        request.permitScan = name
        request.permitScanAt = now
        request.priorityReview = PriorityClaim.Review.pending.rawValue
        return request
    }

    /// Requests whose scan waits for an agent, those drawn soonest first, then the nearest expiry.
    func queue() async throws -> [ApplicantRequest] {
        let waiting = try await ApplicantRequest.query(on: db)
            .filter(\.$priorityReview == PriorityClaim.Review.pending.rawValue)
            .filter(\.$status ~~ ApplicantRequest.Status.active)
            .all()
        let now = services.clock.now()
        var nextDraw: [String: Date] = [:]
        for procedure in Set(waiting.map { $0.$procedure.id }) {
            nextDraw[procedure] = try await DrawService.openWindow(procedureID: procedure, now: now, on: db)?.closesAt
        }
        return waiting.sorted {
            (nextDraw[$0.$procedure.id] ?? .distantFuture, $0.permitExpiry ?? "", $0.number)
                < (nextDraw[$1.$procedure.id] ?? .distantFuture, $1.permitExpiry ?? "", $1.number)
        }
    }

    func waitingCount() async throws -> Int {
        try await ApplicantRequest.query(on: db).filter(\.$priorityReview == PriorityClaim.Review.pending.rawValue)
            .filter(\.$status ~~ ApplicantRequest.Status.active).count()
    }

    /// The scan's bytes, for an agent, on the record.
    func scan(number: String, actor: String, remote: String?) async throws -> (UploadedFileKind, Data) {
        guard let request = try await ApplicantRequest.query(on: db).filter(\.$number == number).first(),
            let name = request.permitScan, name.wholeMatch(of: /[0-9a-f]{32}\.(pdf|jpg|png)/) != nil,
            let kind = UploadedFileKind.allCases.first(where: { name.hasSuffix("." + $0.fileExtension) }),
            let bytes = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path)
        else { throw RequestError.notFound }
        let now = services.clock.now()
        try await db.write(through: services.writeGate) { tx in
            try await AuditEntry(
                at: now, actor: actor, action: Self.auditViewed, recordType: "request",
                recordID: request.id!.uuidString, detail: "permit scan", remote: remote
            ).create(on: tx)
        }
        return (kind, bytes)
    }

    /// An agent's answer: the expiry is on the scan (`confirmed`), or not (`downgraded`, with the reason the person
    /// reads). Once, whatever the number of agents looking; audited; the person is told.
    func review(number: String, confirmed: Bool, note: String?, actor: String, remote: String?) async throws {
        guard let request = try await ApplicantRequest.query(on: db).filter(\.$number == number).first() else {
            throw RequestError.notFound
        }
        let now = services.clock.now()
        let review: PriorityClaim.Review = confirmed ? .confirmed : .downgraded
        let reference = try await services.reference.get(on: db)
        let language = request.applicantLanguage
        let procedureName = reference.procedures[request.$procedure.id]?.name(language) ?? request.$procedure.id
        let links = services.mailLinks
        let done = try await db.write(through: services.writeGate) { tx in
            let changed = try await tx.sql.raw(
                """
                UPDATE requests SET priority_review = \(bind: review.rawValue), priority_reviewed_by = \(bind: actor), \
                priority_reviewed_at = \(bind: now), priority_note = \(bind: note) \
                WHERE id = \(bind: request.id!) AND priority_review = \(bind: PriorityClaim.Review.pending.rawValue) RETURNING id
                """
            ).all()
            guard !changed.isEmpty else { return false }
            try await AuditEntry(
                at: now, actor: actor, action: Self.auditReviewed, recordType: "request",
                recordID: request.id!.uuidString,
                detail: "\(review.rawValue) expiry \(request.permitExpiry ?? "-")" + (note.map { ": \($0)" } ?? ""),
                remote: remote
            ).create(on: tx)
            try await Outbox.enqueue(
                to: request.email,
                Mails.priorityReviewed(
                    number: request.number, procedureName: procedureName, confirmed: confirmed, note: note,
                    requestURL: links.baseURL + SitePath.requests, language: language), now: now, on: tx)
            return true
        }
        guard done else { throw PriorityError.alreadyReviewed }
    }
}

enum PriorityError: CodedError {
    case tooLarge, notADocument, notStored, alreadyReviewed, noteRequired

    var status: HTTPResponseStatus {
        switch self {
        case .tooLarge: .payloadTooLarge
        case .notADocument: .unsupportedMediaType
        case .notStored: .serviceUnavailable
        case .alreadyReviewed: .conflict
        case .noteRequired: .unprocessableEntity
        }
    }

    var code: String {
        switch self {
        case .tooLarge: "file_too_large"
        case .notADocument: "unsupported_file"
        case .notStored: "file_not_stored"
        case .alreadyReviewed: "already_reviewed"
        case .noteRequired: "validation_failed"
        }
    }

    var field: String? {
        switch self {
        case .tooLarge, .notADocument, .notStored: "permit_scan"
        case .alreadyReviewed: nil
        case .noteRequired: "note"
        }
    }

    var text: Localized {
        switch self {
        case .tooLarge: Localized(fr: "Ce fichier dépasse 5 Mo.", en: "This file is larger than 5 MB.")
        case .notADocument:
            Localized(
                fr: "Ce fichier n'est ni un PDF, ni une image JPEG ou PNG.",
                en: "This file is not a PDF, JPEG or PNG.")
        case .notStored:
            Localized(
                fr: "Le fichier n'a pas pu être enregistré. Réessayez plus tard.",
                en: "The file could not be stored. Please try again later.")
        case .alreadyReviewed:
            Localized(
                fr: "Un agent a déjà répondu pour cette demande.",
                en: "An agent has already answered for this request.")
        case .noteRequired:
            Localized(
                fr: "Dites à la personne pourquoi la date n'est pas retenue.",
                en: "Tell the person why the date is not accepted.")
        }
    }
}
