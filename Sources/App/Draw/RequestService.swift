import Fluent
import Foundation
import GuichetCore
import Logging
import SQLKit
import Vapor

/// Requests in draw mode: submit (a code is emailed), confirm, look, withdraw. The time of submission inside the
/// window changes nothing: the draw orders requests by tier, then by HMAC of the seed and the request number.
struct RequestService: Sendable {
    let db: any Database
    let services: GuichetServices
    let logger: Logger

    /// How long an emailed request code stays valid.
    static let confirmWindow: TimeInterval = 30 * 60

    struct Submitted: Sendable {
        let number: String
        let confirmBy: Date
    }

    func submit(
        procedureID: String, applicant: Applicant, unavailableWeekdays: [Weekday],
        language: Language, client: ClientSignals = .none
    ) async throws -> Submitted {
        let now = services.clock.now()
        let reference = try await services.reference.get(on: db)
        guard let procedure = reference.procedures[procedureID], !procedure.retired else {
            throw BookingError.unknownProcedure
        }
        guard procedure.mode == .draw else { throw DrawError.notDrawMode }
        guard let window = try await DrawService.openWindow(procedureID: procedureID, now: now, on: db) else {
            throw DrawError.noOpenWindow
        }
        guard RequestRules.leavesAWorkingDay(unavailableWeekdays) else { throw DrawError.tooManyUnavailableDays }
        guard applicant.permitExpiry != nil || !RequestRules.requiresPermitExpiry(procedure.mode) else {
            throw ApplicantError(problem: ApplicantProblem(field: "permitExpiry", kind: .missingPermitExpiry))
        }

        let code = services.random.with { Tokens.confirmationCode(using: &$0) }
        let request = ApplicantRequest()
        request.id = services.random.with { UUID.random(using: &$0) }
        request.number = "R-" + services.random.with { Tokens.shortCode(using: &$0) }
        request.$procedure.id = procedureID
        request.record(applicant)
        request.unavailableWeekdaysJSON = try String(
            decoding: JSONEncoder.sorted.encode(unavailableWeekdays.sorted()), as: UTF8.self)
        request.status = ApplicantRequest.Status.pending
        request.codeHash = Tokens.sha256Hex(code)
        request.codeAttempts = 0
        request.confirmBy = now.addingTimeInterval(Self.confirmWindow)
        request.language = language.rawValue
        request.createdAt = now

        let keys = Claims.keys(of: applicant)
        let mail = Mails.requestCode(
            code: code, number: request.number, procedureName: procedure.name(language),
            closesAt: window.closesAt, language: language)
        do {
            try await db.write(through: services.writeGate) { tx in
                try await request.create(on: tx)
                try await Claims.take(keys, holder: .request, id: request.id!.uuidString, now: now, on: tx)
                try await BookingSignal.record(
                    client, for: SuspicionSubject(.request, request.id!.uuidString),
                    applicant: applicant, channel: "online", releasedAt: nil, now: now, on: tx)
                try await Outbox.enqueue(to: applicant.email, mail, now: now, on: tx)
            }
        } catch {
            if Claims.isViolation(error), let duplicate = try await Claims.conflict(keys, on: db) { throw duplicate }
            throw error
        }
        return Submitted(number: request.number, confirmBy: request.confirmBy)
    }

    /// The emailed code makes the request `waiting` for the draw. Five wrong codes, or a late one, end it.
    func confirm(number: String, code: String) async throws -> (
        request: ApplicantRequest, manageToken: String, window: DrawWindow?
    ) {
        let now = services.clock.now()
        let token = services.random.with { Tokens.manageToken(using: &$0) }
        let links = services.mailLinks
        let outcome: Result<(ApplicantRequest, DrawWindow?), BookingError> = try await db.write(
            through: services.writeGate
        ) { tx in
            guard let request = try await ApplicantRequest.query(on: tx).filter(\.$number == number).first() else {
                throw RequestError.notFound
            }
            switch request.status {
            case ApplicantRequest.Status.pending: break
            case ApplicantRequest.Status.expired: return .failure(.holdExpired)
            case ApplicantRequest.Status.cancelled: return .failure(.holdCancelled)
            case ApplicantRequest.Status.waiting, ApplicantRequest.Status.allocated: return .failure(.notPending)
            default: return .failure(.alreadyCancelled)
            }
            if now >= request.confirmBy {
                try await Self.close(request, status: ApplicantRequest.Status.expired, now: now, on: tx)
                return .failure(.holdExpired)
            }
            switch BookingRules.checkCode(code, hash: request.codeHash, attemptsSoFar: request.codeAttempts) {
            case .accepted: break
            case .rejected(let attempts, let remaining):
                request.codeAttempts = attempts
                try await request.save(on: tx)
                return .failure(.invalidCode(remainingAttempts: remaining))
            case .exhausted:
                try await Self.close(request, status: ApplicantRequest.Status.cancelled, now: now, on: tx)
                return .failure(.holdCancelled)
            }
            request.status = ApplicantRequest.Status.waiting
            request.confirmedAt = now
            request.manageTokenHash = Tokens.sha256Hex(token)
            try await request.save(on: tx)
            let window = try await DrawService.openWindow(procedureID: request.$procedure.id, now: now, on: tx)
            let reference = try await services.reference.get(on: tx)
            let name =
                reference.procedures[request.$procedure.id]?.name(request.applicantLanguage) ?? request.$procedure.id
            try await Outbox.enqueue(
                to: request.email,
                Mails.requestConfirmed(
                    number: request.number, token: token, procedureName: name, window: window, links: links,
                    language: request.applicantLanguage), now: now, on: tx)
            return .success((request, window))
        }
        let (request, window) = try outcome.get()
        return (request, token, window)
    }

    /// The request, for the holder of its manage token.
    func authorised(number: String, manageToken: String) async throws -> ApplicantRequest {
        guard let request = try await ApplicantRequest.query(on: db).filter(\.$number == number).first() else {
            throw RequestError.notFound
        }
        guard let hash = request.manageTokenHash, Tokens.matches(manageToken, hash: hash) else {
            throw RequestError.unauthorized
        }
        return request
    }

    /// Withdraws a waiting request; its keys are free again.
    func withdraw(number: String, manageToken: String) async throws -> ApplicantRequest {
        let request = try await authorised(number: number, manageToken: manageToken)
        let now = services.clock.now()
        let done = try await db.write(through: services.writeGate) { tx in
            try await Self.close(request, status: ApplicantRequest.Status.withdrawn, now: now, on: tx)
        }
        guard done else { throw BookingError.alreadyCancelled }
        return request
    }

    /// Expires requests whose code was never entered.
    @discardableResult
    func expirePending() async throws -> Int {
        let now = services.clock.now()
        let due = try await ApplicantRequest.query(on: db).filter(\.$status == ApplicantRequest.Status.pending)
            .filter(\.$confirmBy <= now).limit(200).all()
        var expired = 0
        for request in due
        where try await db.write(
            through: services.writeGate,
            { tx in
                try await Self.close(request, status: ApplicantRequest.Status.expired, now: now, on: tx)
            })
        {
            expired += 1
        }
        return expired
    }

    /// Ends an active (pending or waiting) request once, and frees its keys.
    @discardableResult
    static func close(_ request: ApplicantRequest, status: String, now: Date, on tx: any Database) async throws -> Bool
    {
        let changed = try await tx.sql.raw(
            """
            UPDATE requests SET status = \(bind: status), closed_at = \(bind: now) \
            WHERE id = \(bind: request.id!) AND status IN (\(binds: ApplicantRequest.Status.active)) RETURNING id
            """
        ).all()
        guard !changed.isEmpty else { return false }
        try await Claims.release(holderID: request.id!.uuidString, on: tx)
        request.status = status
        request.closedAt = now
        return true
    }
}

/// Why a draw request was refused.
enum DrawError: CodedError {
    case notDrawMode
    case noOpenWindow
    case tooManyUnavailableDays
    case notReleaseMode

    var status: HTTPResponseStatus {
        switch self {
        case .notDrawMode, .notReleaseMode: .unprocessableEntity
        case .noOpenWindow: .conflict
        case .tooManyUnavailableDays: .badRequest
        }
    }

    var code: String {
        switch self {
        case .notDrawMode: "procedure_not_drawn"
        case .noOpenWindow: "no_open_window"
        case .notReleaseMode: "procedure_not_released"
        case .tooManyUnavailableDays: "validation_failed"
        }
    }

    var field: String? {
        switch self {
        case .notDrawMode, .noOpenWindow, .notReleaseMode: "procedure"
        case .tooManyUnavailableDays: "unavailableWeekdays"
        }
    }

    var text: Localized {
        switch self {
        case .notDrawMode:
            Localized(
                fr: "Cette démarche ne passe pas par un tirage au sort.",
                en: "This procedure is not allocated by draw.")
        case .noOpenWindow:
            Localized(
                fr: "Aucune période de demande n'est ouverte pour cette démarche. Revenez à la prochaine.",
                en: "No request window is open for this procedure. Come back for the next one.")
        case .tooManyUnavailableDays:
            Localized(
                fr: "Indiquez au plus quatre jours où vous ne pouvez pas venir.",
                en: "Give at most four days on which you cannot come.")
        case .notReleaseMode:
            Localized(
                fr:
                    "Les places de cette démarche ne sont pas publiées par lots : elles sont tirées au sort parmi les demandes.",
                en: "This procedure's seats are not released in batches: they are drawn among the requests.")
        }
    }
}
