import Fluent
import GuichetCore
import Vapor

/// "No appointment before my permit expires": the form with attachments, the acknowledgement and status page,
/// and the attestation of the request.
enum UrgentPages {
    struct ProcedureOption: Encodable {
        let id: String
        let name: String
    }

    struct FormContent: Encodable {
        let action: String
        let procedures: [ProcedureOption]
        let nationalities: [NationalityOptions.Option]
        let askExpiry: Bool
        let requireExpiry: Bool
        let maxReason: Int
    }

    struct AttachmentView: Encodable {
        let name: String
        let size: String
    }

    struct StatusContent: Encodable {
        let number: String
        let status: String
        let statusLabel: String
        let procedureName: String
        let fullName: String
        let permitExpiry: String?
        let received: String
        let reason: String
        let attachments: [AttachmentView]
        let attestationHref: String
        /// What the agent answered, once answered.
        let answer: String?
        let granted: GrantedView?
    }

    /// The appointment an agent granted: where and when, its code, and whether it still stands.
    struct GrantedView: Encodable {
        let when: String
        let counter: String
        let place: String
        let code: String
        let status: String
        let statusLabel: String
    }

    /// The multipart fields besides the identity.
    struct Extras: Decodable {
        var procedure: String?
        var reason: String?
        var attachment1: File?
        var attachment2: File?
        var attachment3: File?
    }

    static let fileFields = ["attachment1", "attachment2", "attachment3"]

    /// Answers `GET /urgent`.
    @Sendable
    static func form(req: Request) async throws -> Response {
        try await render(req, form: FormState())
    }

    /// Answers `POST /urgent` (multipart: up to three files of 5 MB).
    @Sendable
    static func submit(req: Request) async throws -> Response {
        try await SubmissionGate.admit(
            req,
            solution: req.headers.first(name: "Altcha")
                ?? (try? req.content.get(String.self, at: ProofOfWorkCheck.field)))
        let language = Language.of(req)
        let identity = try IdentityForm.decode(req)
        let extras = (try? req.content.decode(Extras.self)) ?? Extras()
        var state = FormState(values: identity.values)
        let procedureID = extras.procedure ?? ""
        let reason = (extras.reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        state.values["procedure"] = procedureID
        state.values["reason"] = String(reason.prefix(UrgentService.maxReasonLength))
        let today = ParisTime.civilDate(of: req.guichet.clock.now())
        let applicant = identity.check(
            today: today, language: language, requireExpiry: true, refusedDomains: req.guichet.disposableDomains,
            into: &state)
        let reference = try await req.guichet.reference.get(on: req.db)
        if reference.procedures[procedureID] == nil {
            state.add("procedure", Localized(fr: "Choisissez la démarche.", en: "Choose the procedure.")(language))
        }
        if reason.count < 10 {
            state.add(
                "reason",
                Localized(
                    fr: "Expliquez l'urgence en quelques phrases.",
                    en: "Explain the urgency in a few sentences.")(language))
        } else if reason.count > UrgentService.maxReasonLength {
            state.add(
                "reason",
                Localized(
                    fr: "Au plus \(UrgentService.maxReasonLength) caractères.",
                    en: "At most \(UrgentService.maxReasonLength) characters.")(language))
        }
        var uploads: [UrgentService.Upload] = []
        for (field, file) in zip(fileFields, [extras.attachment1, extras.attachment2, extras.attachment3]) {
            guard let file, file.data.readableBytes > 0 else { continue }
            let bytes = Data(file.data.readableBytesView)
            if bytes.count > UploadedFileKind.maxBytes {
                state.add(
                    field, Localized(fr: "Ce fichier dépasse 5 Mo.", en: "This file is larger than 5 MB.")(language))
            } else if let kind = UploadedFileKind.detect(bytes) {
                uploads.append(.init(originalName: file.filename, kind: kind, bytes: bytes))
            } else {
                state.add(
                    field,
                    Localized(
                        fr: "Ce fichier n'est ni un PDF, ni une image JPEG ou PNG.",
                        en: "This file is not a PDF, JPEG or PNG.")(language))
            }
        }
        guard let applicant, !state.hasProblems else {
            return try await render(req, form: state, status: .unprocessableEntity)
        }
        let submitted = try await UrgentService(db: req.db, services: req.guichet, logger: req.logger)
            .submit(
                procedureID: procedureID, applicant: applicant, reason: reason, uploads: uploads, language: language)
        return Page.redirect(req, to: SitePath.urgentRequest(submitted.number, token: submitted.manageToken))
    }

    /// Answers `GET /urgent/{number}?token=`.
    @Sendable
    static func status(req: Request) async throws -> Response {
        let language = Language.of(req)
        let (request, token) = try await authorised(req)
        let procedure = try await Procedure.find(request.$procedure.id, on: req.db)
        var granted: GrantedView?
        if let id = request.appointmentID, let appointment = try await Appointment.find(id, on: req.db) {
            let slot = try await BookingService.summary(of: appointment, language: language, on: req.db)
            granted = GrantedView(
                when: DateText.moment(slot.start, language), counter: slot.counterName,
                place: "\(slot.siteName), \(slot.siteAddress)", code: appointment.convocationCode ?? "",
                status: appointment.status.rawValue, statusLabel: Catalogue.status(appointment.status, language))
        }
        return try await Page.render(
            req, "public/urgent-status",
            StatusContent(
                number: request.number, status: request.status,
                statusLabel: Catalogue.statusText(request.status, language),
                procedureName: procedure?.name(language) ?? "", fullName: request.displayName,
                permitExpiry: DateText.date(iso: request.permitExpiry, language),
                received: DateText.moment(request.createdAt, language), reason: request.reason,
                attachments: request.attachments.map {
                    AttachmentView(name: $0.originalName, size: sizeText($0.sizeBytes, language))
                },
                attestationHref: SitePath.urgentAttestation(request.number, token: token),
                answer: request.status == UrgentRequest.Status.answered ? request.answer : nil, granted: granted))
    }

    /// Answers `GET /urgent/{number}/attestation?token=`.
    @Sendable
    static func attestation(req: Request) async throws -> Response {
        let (request, token) = try await authorised(req)
        guard let procedure = try await Procedure.find(request.$procedure.id, on: req.db) else {
            throw RequestError.notFound
        }
        let subject = Attestations.Subject(
            kind: .urgent, id: request.id!.uuidString.lowercased(), identity: request,
            procedureID: procedure.id!, askedAt: request.createdAt)
        return try await AttestationPage.render(
            req, subject: subject, procedure: procedure,
            backHref: SitePath.urgentRequest(request.number, token: token))
    }

    private static func render(_ req: Request, form: FormState, status: HTTPStatus = .ok) async throws -> Response {
        let language = Language.of(req)
        let procedures = try await req.guichet.reference.get(on: req.db).offered
            .map { ProcedureOption(id: $0.procedure.id!, name: $0.procedure.name(language)) }
        return try await Page.render(
            req, "public/urgent-form",
            FormContent(
                action: SitePath.urgent, procedures: procedures, nationalities: NationalityOptions.list(language),
                askExpiry: true, requireExpiry: true, maxReason: UrgentService.maxReasonLength), form: form,
            status: status)
    }

    private static func authorised(_ req: Request) async throws -> (UrgentRequest, String) {
        guard let number = req.parameters.get("number") else { throw RequestError.notFound }
        let token = req.query[String.self, at: "token"] ?? ""
        let request = try await UrgentService(db: req.db, services: req.guichet, logger: req.logger)
            .authorised(number: number, manageToken: token)
        return (request, token)
    }

    static func sizeText(_ bytes: Int, _ language: Language) -> String {
        let kilobytes = max(1, (bytes + 1023) / 1024)
        if kilobytes < 1024 { return language == .fr ? "\(kilobytes) Ko" : "\(kilobytes) KB" }
        let megabytes = String(format: "%.1f", Double(bytes) / 1_048_576)
        return language == .fr ? "\(megabytes.replacingOccurrences(of: ".", with: ",")) Mo" : "\(megabytes) MB"
    }
}
