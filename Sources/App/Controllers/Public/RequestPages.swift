import Fluent
import GuichetCore
import Vapor

/// Draw mode in the browser: the request form, the emailed code, then the request's page (number, tier rule,
/// draw date, published commitment), found again by number and manage token. Release mode uses the same form while a
/// release's lottery takes tickets: no code then, the page of the ticket at once, the result by email.
enum RequestPages {
    struct DayOption: Encodable {
        let value: String
        let label: String
        let checked: Bool
    }

    struct FormContent: Encodable {
        let procedureName: String
        let procedureHref: String
        let action: String
        /// A release's lottery rather than a draw.
        let lottery: Bool
        let closes: String?
        let commitment: String?
        let nationalities: [NationalityOptions.Option]
        let days: [DayOption]
        let askExpiry: Bool
        let requireExpiry: Bool
    }

    struct CodeContent: Encodable {
        let action: String
        let number: String
        let procedureName: String
        let pending: Bool
    }

    struct StatusContent: Encodable {
        let number: String
        let status: String
        let statusLabel: String
        let procedureName: String
        let fullName: String
        let permitExpiry: String?
        let unavailable: [String]
        let drawDate: String?
        let commitment: String?
        let drawHref: String?
        let lottery: Bool
        let codeHref: String?
        /// A waiting ticket that took part in a lottery already drawn: not drawn that time.
        let lastLost: Bool
        /// Asked whether still needed: the page to answer.
        let keepHref: String?
        /// Held out of the draws as a near-duplicate: why, and the page to say "another person".
        let twinReason: String?
        let twinHref: String?
        let twinContested: Bool
        /// `PriorityEvidence.Standing` of a draw request; nil for a lottery ticket.
        let priority: String?
        let permitAction: String
        let attestationHref: String?
        let canWithdraw: Bool
        let withdrawAction: String
        let token: String
    }

    struct LookupContent: Encodable {
        let action: String
    }

    /// The form's boxes: each working day by its name (`RequestRules.namableWeekdays`).
    static let weekdays: [(String, Weekday)] = RequestRules.namableWeekdays.map { ($0.name, $0) }

    /// Answers `GET /procedures/{procedure}/request`: the draw's request form, or the ticket form of a release-mode
    /// procedure's lotteries.
    @Sendable
    static func form(req: Request) async throws -> Response {
        let (procedure, _) = try await req.procedureInPath()
        guard procedure.allocationMode != .walkIn else {
            return Page.redirect(req, to: SitePath.procedure(procedure.id!))
        }
        return try await render(req, procedure, form: FormState())
    }

    /// Answers `POST /procedures/{procedure}/request`: records the request and emails the code.
    @Sendable
    static func submit(req: Request) async throws -> Response {
        let language = Language.of(req)
        let (procedure, _) = try await req.procedureInPath()
        let identity = try IdentityForm.decode(req)
        var state = FormState(values: identity.values)
        let ticked = FormFields.all(req, "unavailable")
        let unavailable = weekdays.filter { ticked.contains($0.0) }
        for (value, _) in unavailable { state.checked[value] = true }
        let today = ParisTime.civilDate(of: req.guichet.clock.now())
        let lottery = procedure.allocationMode == .release
        let applicant = identity.check(
            today: today, language: language,
            requireExpiry: RequestRules.requiresPermitExpiry(procedure.allocationMode),
            refusedDomains: req.guichet.disposableDomains, into: &state)
        if !RequestRules.leavesAWorkingDay(unavailable.map(\.1)) {
            state.add("unavailable-monday", DrawError.tooManyUnavailableDays.text(language))
            state.fieldErrors["unavailable"] = DrawError.tooManyUnavailableDays.text(language)
        }
        guard let applicant, !state.hasProblems else {
            return try await render(req, procedure, form: state, status: .unprocessableEntity)
        }
        do {
            if lottery {
                let ticket = try await req.requests.enterLottery(
                    procedureID: procedure.id!, applicant: applicant,
                    unavailableWeekdays: unavailable.map(\.1),
                    language: language, client: req.clientSignals)
                return Page.redirect(req, to: SitePath.request(ticket.number, token: ticket.manageToken))
            }
            let submitted = try await req.requests.submit(
                procedureID: procedure.id!, applicant: applicant,
                unavailableWeekdays: unavailable.map(\.1), language: language,
                client: req.clientSignals)
            return Page.redirect(req, to: SitePath.requestCode(submitted.number))
        } catch let error as any CodedError {
            state.add(error is DrawError ? "" : fieldForDuplicate(error), error.text(language))
            return try await render(req, procedure, form: state, status: error.status)
        }
    }

    /// Answers `GET /requests/{number}/code`.
    @Sendable
    static func codeForm(req: Request) async throws -> Response {
        try await renderCode(req, try await pending(req), form: FormState())
    }

    /// Answers `POST /requests/{number}/code`.
    @Sendable
    static func confirm(req: Request) async throws -> Response {
        let language = Language.of(req)
        let request = try await pending(req)
        try CSRF.check(req, submitted: try? req.content.get(String.self, at: CSRF.field))
        let code = (try? req.content.get(String.self, at: "code")) ?? ""
        var state = FormState(values: ["code": String(code.prefix(20))])
        guard let digits = BookingRules.typedCode(code) else {
            state.add("code", BookingRules.codeFormatMessage(language))
            return try await renderCode(req, request, form: state, status: .unprocessableEntity)
        }
        do {
            let confirmed = try await req.requests.confirm(number: request.number, code: digits)
            return Page.redirect(req, to: SitePath.request(request.number, token: confirmed.manageToken))
        } catch let error as BookingError {
            state.add("code", error.text(language))
            return try await renderCode(req, request, form: state, status: error.status)
        }
    }

    /// Answers `GET /requests/{number}?token=`.
    @Sendable
    static func status(req: Request) async throws -> Response {
        let (request, token) = try await authorised(req, token: req.query[String.self, at: "token"] ?? "")
        return try await Page.render(req, "public/request", try await statusContent(req, request, token))
    }

    /// Answers `POST /requests/{number}/withdraw`.
    @Sendable
    static func withdraw(req: Request) async throws -> Response {
        let language = Language.of(req)
        try CSRF.check(req, submitted: try? req.content.get(String.self, at: CSRF.field))
        let token = (try? req.content.get(String.self, at: "token")) ?? ""
        let (request, _) = try await authorised(req, token: token)
        do {
            _ = try await req.requests.withdraw(number: request.number, manageToken: token)
        } catch let error as BookingError {
            var state = FormState()
            state.add("", error.text(language))
            return try await Page.render(
                req, "public/request", try await statusContent(req, request, token),
                form: state, status: error.status)
        }
        return Page.redirect(req, to: SitePath.request(request.number, token: token))
    }

    /// Answers `POST /requests/{number}/permit`: the scan of the permit behind a priority claim (multipart, the
    /// file in `permit_scan`), for an agent to check.
    @Sendable
    static func attachPermit(req: Request) async throws -> Response {
        let language = Language.of(req)
        struct Upload: Content {
            var csrf: String?
            var token: String?
            var permit_scan: File?
        }
        let upload = (try? req.content.decode(Upload.self)) ?? Upload()
        try CSRF.check(req, submitted: upload.csrf)
        let token = upload.token ?? ""
        let (request, _) = try await authorised(req, token: token)
        var state = FormState()
        if let file = upload.permit_scan, file.data.readableBytes > 0 {
            do {
                _ = try await PriorityEvidence(db: req.db, services: req.guichet, logger: req.logger)
                    .attach(number: request.number, manageToken: token, bytes: Data(file.data.readableBytesView))
                return Page.redirect(req, to: SitePath.request(request.number, token: token))
            } catch let error as any CodedError {
                state.add("permit_scan", error.text(language))
            }
        } else {
            state.add("permit_scan", Localized(fr: "Choisissez le fichier.", en: "Choose the file.")(language))
        }
        return try await Page.render(
            req, "public/request", try await statusContent(req, request, token),
            form: state, status: .unprocessableEntity)
    }

    /// Answers `GET /requests/{number}/attestation?token=`.
    @Sendable
    static func attestation(req: Request) async throws -> Response {
        let (request, token) = try await authorised(req, token: req.query[String.self, at: "token"] ?? "")
        guard [ApplicantRequest.Status.waiting, ApplicantRequest.Status.allocated].contains(request.status),
            let procedure = try await Procedure.find(request.$procedure.id, on: req.db)
        else { return Page.redirect(req, to: SitePath.request(request.number, token: token)) }
        let subject = Attestations.Subject(
            kind: .request, id: request.id!.uuidString.lowercased(), identity: request,
            procedureID: procedure.id!, askedAt: request.confirmedAt ?? request.createdAt)
        return try await AttestationPage.render(
            req, subject: subject, procedure: procedure,
            backHref: SitePath.request(request.number, token: token))
    }

    /// Answers `GET /requests` (the lookup form) and `GET /requests?number=&token=` (its answer).
    @Sendable
    static func lookup(req: Request) async throws -> Response {
        if let number = req.query[String.self, at: "number"], let token = req.query[String.self, at: "token"],
            !number.isEmpty, !token.isEmpty
        {
            let clean = String(number.uppercased().filter { $0.isLetter || $0.isNumber || $0 == "-" }.prefix(20))
            let cleanToken = String(token.filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }.prefix(100))
            return Page.redirect(req, to: SitePath.request(clean, token: cleanToken))
        }
        return try await Page.render(req, "public/request-lookup", LookupContent(action: SitePath.requests))
    }

    private static func render(
        _ req: Request, _ procedure: Procedure, form: FormState,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let language = Language.of(req)
        let lottery = procedure.allocationMode == .release
        let now = req.guichet.clock.now()
        let window =
            lottery
            ? try await DrawService.openLottery(procedureID: procedure.id!, now: now, on: req.db)
            : try await DrawService.openWindow(procedureID: procedure.id!, now: now, on: req.db)
        var form = form
        if window == nil, !lottery, !form.hasProblems { form.add("", DrawError.noOpenWindow.text(language)) }
        return try await Page.render(
            req, "public/request-form",
            FormContent(
                procedureName: procedure.name(language), procedureHref: SitePath.procedure(procedure.id!),
                action: SitePath.requestForm(procedure.id!), lottery: lottery,
                closes: window.map { DateText.moment($0.closesAt, language) }, commitment: window?.commitment,
                nationalities: NationalityOptions.list(language),
                days: weekdays.map {
                    DayOption(
                        value: $0.0, label: DateText.weekday($0.1, language),
                        checked: form.checked[$0.0] == true)
                },
                askExpiry: true, requireExpiry: RequestRules.requiresPermitExpiry(procedure.allocationMode)),
            form: form, status: status)
    }

    private static func renderCode(
        _ req: Request, _ request: ApplicantRequest, form: FormState,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let language = Language.of(req)
        let procedure = try await Procedure.find(request.$procedure.id, on: req.db)
        return try await Page.render(
            req, "public/request-code",
            CodeContent(
                action: SitePath.requestCode(request.number), number: request.number,
                procedureName: procedure?.name(language) ?? "",
                pending: request.status == ApplicantRequest.Status.pending),
            form: form, status: status)
    }

    private static func statusContent(_ req: Request, _ request: ApplicantRequest, _ token: String) async throws
        -> StatusContent
    {
        let language = Language.of(req)
        let procedure = try await Procedure.find(request.$procedure.id, on: req.db)
        let waiting = request.status == ApplicantRequest.Status.waiting
        // A ticket shows the lottery it is in or took part in last; a draw request the window it waits for.
        let window: DrawWindow? =
            if request.isLotteryTicket, let lottery = request.windowID {
                try await DrawWindow.find(lottery, on: req.db)
            } else if waiting, !request.isLotteryTicket {
                try await DrawService.openWindow(
                    procedureID: request.$procedure.id, now: req.guichet.clock.now(), on: req.db)
            } else {
                nil
            }
        let won = request.isLotteryTicket && request.status == ApplicantRequest.Status.allocated
        var heldAppointment: Appointment?
        if won, let id = request.appointmentID { heldAppointment = try await Appointment.find(id, on: req.db) }
        let twins =
            waiting
            ? try await TwinReview.query(on: req.db)
                .filter(\.$subject == SuspicionSubject(.request, request.id!.uuidString).description)
                .filter(\.$status ~~ [TwinReview.Status.held.rawValue, TwinReview.Status.contested.rawValue]).all() : []
        let active = [ApplicantRequest.Status.waiting, ApplicantRequest.Status.allocated].contains(request.status)
        return StatusContent(
            number: request.number, status: request.status, statusLabel: Catalogue.statusText(request.status, language),
            procedureName: procedure?.name(language) ?? "", fullName: request.displayName,
            permitExpiry: DateText.date(iso: request.permitExpiry, language),
            unavailable: request.unavailableWeekdays.map { DateText.weekday($0, language) },
            drawDate: window.map { DateText.moment($0.closesAt, language) }, commitment: window?.commitment,
            drawHref: window.map { SitePath.draw($0.id!) },
            lottery: request.isLotteryTicket,
            codeHref: heldAppointment?.status == .pending
                ? SitePath.appointmentCode(heldAppointment!.id!) : nil,
            lastLost: request.isLotteryTicket && waiting && window?.status == DrawWindow.drawn,
            keepHref: waiting && request.keepAskedAt != nil
                ? SitePath.requestPage(.requestKeep, request.number, token: token) : nil,
            twinReason: twins.first.flatMap { NearDuplicate.Reason(rawValue: $0.reason) }.map {
                TwinText.reason($0)(language)
            },
            twinHref: twins.contains { $0.reviewStatus == .held }
                ? SitePath.requestPage(.requestAnotherPerson, request.number, token: token)
                : nil,
            twinContested: !twins.isEmpty && twins.allSatisfy { $0.reviewStatus == .contested },
            priority: request.isLotteryTicket
                ? nil
                : try await PriorityEvidence(db: req.db, services: req.guichet, logger: req.logger).standing(
                    of: request
                ).rawValue,
            permitAction: SiteURL.requestPermit.path(request.number),
            attestationHref: active ? SitePath.requestAttestation(request.number, token: token) : nil,
            canWithdraw: waiting || request.status == ApplicantRequest.Status.pending,
            withdrawAction: SiteURL.requestWithdraw.path(request.number), token: token)
    }

    private static func pending(_ req: Request) async throws -> ApplicantRequest {
        guard let number = req.parameters.get("number"),
            let request = try await ApplicantRequest.query(on: req.db).filter(\.$number == number).first()
        else { throw RequestError.notFound }
        return request
    }

    private static func authorised(_ req: Request, token: String) async throws -> (ApplicantRequest, String) {
        guard let number = req.parameters.get("number") else { throw RequestError.notFound }
        return (try await req.requests.authorised(number: number, manageToken: token), token)
    }

    private static func fieldForDuplicate(_ error: any CodedError) -> String {
        guard let booking = error as? BookingError else { return "" }
        switch booking {
        case .duplicateEmail: return "email"
        case .duplicatePhone: return "phone"
        case .duplicateIdentity: return "family_name"
        default: return ""
        }
    }
}

/// Raw access to an URL-encoded form, for fields sent several times (checkboxes sharing a name).
enum FormFields {
    static func all(_ req: Request, _ name: String) -> [String] {
        guard req.headers.contentType == .urlEncodedForm, let body = req.body.string else { return [] }
        return body.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            return parts.first == name ? (parts.count > 1 ? parts[1] : "") : nil
        }
    }
}
