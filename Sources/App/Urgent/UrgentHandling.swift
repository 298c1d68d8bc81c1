import Fluent
import Foundation
import GuichetCore
import Logging
import SQLKit
import Vapor

/// What agents do with urgent requests: read their attachments, grant an appointment from the seats kept for
/// urgent cases, or answer with a message. Every step is audited in the transaction that makes it.
struct UrgentHandling: Sendable {
    let db: any Database
    let services: GuichetServices
    let logger: Logger

    static let maxAnswerLength = 4000

    /// The request by its public number, with its attachments.
    func request(number: String) async throws -> UrgentRequest {
        guard
            let request = try await UrgentRequest.query(on: db).filter(\.$number == number).with(\.$attachments).first()
        else { throw RequestError.notFound }
        return request
    }

    /// The attachment's bytes, for an agent, with an audit entry (personal documents are read on the record).
    /// The file is found by the request and the attachment id only; its stored name was chosen by the server and
    /// is checked again before it becomes a path.
    func attachment(number: String, id: UUID, actor: String, remote: String?) async throws -> (UrgentAttachment, Data) {
        let request = try await request(number: number)
        guard let attachment = request.attachments.first(where: { $0.id == id }),
            attachment.storedName.wholeMatch(of: /[0-9a-f]{32}\.(pdf|jpg|png)/) != nil
        else { throw RequestError.notFound }
        let file = UrgentService(db: db, services: services, logger: logger).folder
            .appendingPathComponent(attachment.storedName)
        guard let bytes = FileManager.default.contents(atPath: file.path) else { throw RequestError.notFound }
        try await db.write(through: services.writeGate) { tx in
            try await AuditEntry(
                at: services.clock.now(), actor: actor, action: "urgent_attachment_viewed",
                recordType: "urgent_request", recordID: request.number,
                detail: "attachment \(attachment.id!.uuidString.lowercased())", remote: remote
            ).create(on: tx)
        }
        return (attachment, bytes)
    }

    /// An appointment from a planned seat (`docs/decisions/0006`) at a counter serving the request's procedure,
    /// confirmed at once; the person gets the confirmation email with the convocation. The request becomes
    /// `granted` in the same transaction, once: a second grant finds it granted and undoes its seat.
    func grant(number: String, slotID: Int, actor: String, remote: String?) async throws -> BookingService.Confirmed {
        let request = try await request(number: number)
        guard request.status != UrgentRequest.Status.granted else { throw UrgentHandlingError.alreadyGranted }
        let today = ParisTime.civilDate(of: services.clock.now())
        let input = ApplicantInput(
            familyName: request.familyName, givenNames: request.givenNames,
            birthDate: request.birthDate, nationality: request.nationality,
            foreignNumber: request.foreignNumber, permitExpiry: request.permitExpiry,
            email: request.email, phone: request.phone)
        guard case .success(let applicant) = Applicant.check(input, today: today) else {
            throw UrgentHandlingError.identityNoLongerValid
        }
        let requestID = request.id!
        let now = services.clock.now()
        let booking = BookingService(db: db, services: services, logger: logger)
        return try await booking.bookAssisted(
            procedureID: request.$procedure.id, slotID: slotID, applicant: applicant,
            language: Language(rawValue: request.language) ?? .fr, seat: .reserved, channel: "urgent", actor: actor,
            remote: remote, auditAction: "urgent_booking", auditDetail: "urgent=\(number)"
        ) { tx, appointment in
            let changed = try await tx.sql.raw(
                """
                UPDATE urgent_requests SET status = \(bind: UrgentRequest.Status.granted), \
                appointment_id = \(bind: appointment.id!), handled_at = \(bind: now), handled_by = \(bind: actor) \
                WHERE id = \(bind: requestID) AND status <> \(bind: UrgentRequest.Status.granted) RETURNING id
                """
            ).all()
            guard !changed.isEmpty else { throw UrgentHandlingError.alreadyGranted }
            try await AuditEntry(
                at: now, actor: actor, action: "urgent_granted", recordType: "urgent_request",
                recordID: number, detail: "appointment \(appointment.id!.uuidString.lowercased()) slot \(slotID)",
                remote: remote
            ).create(on: tx)
        }
    }

    /// A message to the person (stored, emailed); the request becomes `answered`. A granted request is closed.
    func answer(number: String, message raw: String, actor: String, remote: String?) async throws {
        let message = raw.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !message.isEmpty else { throw UrgentHandlingError.emptyAnswer }
        guard message.count <= Self.maxAnswerLength else { throw UrgentHandlingError.answerTooLong }
        let request = try await request(number: number)
        let now = services.clock.now()
        let language = Language(rawValue: request.language) ?? .fr
        let reference = try await services.reference.get(on: db)
        let procedureName = reference.procedures[request.$procedure.id]?.name(language) ?? request.$procedure.id
        let mail = Mails.urgentAnswer(
            number: number, procedureName: procedureName, message: message, language: language)
        try await db.write(through: services.writeGate) { tx in
            let changed = try await tx.sql.raw(
                """
                UPDATE urgent_requests SET status = \(bind: UrgentRequest.Status.answered), answer = \(bind: message), \
                handled_at = \(bind: now), handled_by = \(bind: actor) \
                WHERE id = \(bind: request.id!) AND status <> \(bind: UrgentRequest.Status.granted) RETURNING id
                """
            ).all()
            guard !changed.isEmpty else { throw UrgentHandlingError.alreadyGranted }
            try await Outbox.enqueue(to: request.email, mail, now: now, on: tx)
            try await AuditEntry(
                at: now, actor: actor, action: "urgent_answered", recordType: "urgent_request",
                recordID: number, detail: "\(message.count) characters", remote: remote
            ).create(on: tx)
        }
    }
}

enum UrgentHandlingError: CodedError, Equatable {
    case alreadyGranted
    case identityNoLongerValid
    case emptyAnswer
    case answerTooLong

    var status: HTTPResponseStatus {
        switch self {
        case .alreadyGranted: .conflict
        case .identityNoLongerValid, .emptyAnswer, .answerTooLong: .unprocessableEntity
        }
    }

    var code: String {
        switch self {
        case .alreadyGranted: "already_granted"
        case .identityNoLongerValid: "invalid_name"
        case .emptyAnswer, .answerTooLong: "validation_failed"
        }
    }

    var text: Localized {
        switch self {
        case .alreadyGranted:
            Localized(
                fr: "Un rendez-vous a déjà été attribué à cette demande.",
                en: "An appointment has already been granted to this request.")
        case .identityNoLongerValid:
            Localized(
                fr: "L'identité de cette demande ne passe plus les contrôles de nom : répondez par un message.",
                en: "This request's identity no longer passes the name checks: answer with a message instead.")
        case .emptyAnswer: Localized(fr: "Écrivez la réponse.", en: "Write the answer.")
        case .answerTooLong:
            Localized(
                fr: "La réponse compte 4000 caractères au plus.",
                en: "The answer has at most 4000 characters.")
        }
    }
}

extension Request {
    var urgentHandling: UrgentHandling {
        UrgentHandling(db: db, services: application.guichet, logger: logger)
    }
}
