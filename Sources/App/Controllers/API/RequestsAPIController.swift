import Fluent
import GuichetCore
import Vapor

/// Draw mode: a request in a window, confirmed by the emailed code, followed, withdrawn; and the draws' documents.
enum RequestsAPIController {
    /// Answers `POST /api/v1/requests`: for a draw, a pending request and an emailed code; during a release's
    /// lottery, a ticket at once (the winner confirms the seat with the code emailed with the result).
    @Sendable
    static func submit(req: Request) async throws -> Response {
        let body = try req.decodeJSON(SubmitRequestDTO.self)
        let reference = try await req.guichet.reference.get(on: req.db)
        let mode = reference.procedures[body.procedure]?.mode
        let lottery = mode == .release
        // Checked here with every other field when the procedure is known; an unknown one is refused further on.
        let applicant = try req.applicant(
            body.applicant.input, permitExpiryRequired: mode.map(RequestRules.requiresPermitExpiry) ?? false)
        var weekdays: [Weekday] = []
        for name in body.unavailableWeekdays ?? [] {
            guard let day = RequestRules.weekday(named: name) else {
                throw RequestError.invalid(
                    "unavailableWeekdays", fr: "Jours : monday, tuesday, wednesday, thursday, friday.",
                    en: "Days: monday, tuesday, wednesday, thursday, friday.")
            }
            if !weekdays.contains(day) { weekdays.append(day) }
        }
        if lottery {
            let ticket = try await req.requests
                .enterLottery(
                    procedureID: body.procedure, applicant: applicant, unavailableWeekdays: weekdays,
                    language: Language.of(req), client: req.clientSignals)
            let response = try await TicketDTO(
                number: ticket.number, status: ApplicantRequest.Status.waiting,
                manageToken: ticket.manageToken, lottery: ticket.window?.toDTO()
            )
            .encodeResponse(status: .accepted, for: req)
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
            return response
        }
        let submitted = try await req.requests
            .submit(
                procedureID: body.procedure, applicant: applicant, unavailableWeekdays: weekdays,
                language: Language.of(req), client: req.clientSignals)
        return try await SubmittedDTO(
            number: submitted.number, status: ApplicantRequest.Status.pending,
            expiresAt: ParisTime.iso8601(submitted.confirmBy)
        )
        .encodeResponse(status: .accepted, for: req)
    }

    /// Answers `POST /api/v1/requests/{number}/confirm`: the code makes the request wait for the draw.
    @Sendable
    static func confirm(req: Request) async throws -> ConfirmedRequestDTO {
        let number = try requestNumber(req)
        let body = try req.decodeJSON(ConfirmRequestDTO.self)
        guard let code = BookingRules.typedCode(body.code) else {
            throw RequestError.validation(field: "code", BookingRules.codeFormatMessage)
        }
        let (request, token, window) = try await req.requests
            .confirm(number: number, code: code)
        let standing = try await PriorityEvidence(db: req.db, services: req.guichet, logger: req.logger).standing(
            of: request)
        return ConfirmedRequestDTO(
            number: request.number, status: request.status, manageToken: token, window: window?.toDTO(),
            priority: standing.rawValue)
    }

    /// Answers `GET /api/v1/requests/{number}` for the holder of the manage token.
    @Sendable
    static func show(req: Request) async throws -> RequestDTO {
        let request = try await req.requests
            .authorised(number: try requestNumber(req), manageToken: try req.manageToken())
        // The window it waits for: only a waiting request has one; a ticket always names its lottery.
        let window: DrawWindow? =
            if request.isLotteryTicket, let lottery = request.windowID {
                try await DrawWindow.find(lottery, on: req.db)
            } else if request.status == ApplicantRequest.Status.waiting, !request.isLotteryTicket {
                try await DrawService.openWindow(
                    procedureID: request.$procedure.id, now: req.guichet.clock.now(), on: req.db)
            } else {
                nil
            }
        return try await dto(request, req, window: window)
    }

    static func dto(_ request: ApplicantRequest, _ req: Request, window: DrawWindow? = nil) async throws -> RequestDTO {
        let standing =
            request.isLotteryTicket
            ? nil
            : try await PriorityEvidence(db: req.db, services: req.guichet, logger: req.logger).standing(of: request)
        return RequestDTO(
            number: request.number, status: request.status, procedure: request.$procedure.id,
            unavailableWeekdays: request.unavailableWeekdays.map(\.name), tier: request.tier,
            appointmentId: request.appointmentID?.uuidString.lowercased(), window: window?.toDTO(),
            priority: standing?.rawValue)
    }

    /// Answers `PUT /api/v1/requests/{number}/permit`: the scan or photo of the permit (PDF, JPEG or PNG, 5 MB at
    /// most, its kind read from the bytes) behind a priority claim; an agent checks the expiry on it before a draw
    /// counts it.
    @Sendable
    static func attachPermit(req: Request) async throws -> RequestDTO {
        let number = try requestNumber(req)
        let token = try req.manageToken()
        guard let body = req.body.data, body.readableBytes > 0 else {
            throw RequestError.invalid(
                "body", fr: "Envoyez le fichier dans le corps de la requête.",
                en: "Send the file as the request body.")
        }
        let evidence = PriorityEvidence(db: req.db, services: req.guichet, logger: req.logger)
        let request = try await evidence.attach(number: number, manageToken: token, bytes: Data(buffer: body))
        return try await dto(request, req)
    }

    /// Answers `DELETE /api/v1/requests/{number}`: withdraws a request still waiting.
    @Sendable
    static func withdraw(req: Request) async throws -> RequestDTO {
        let request = try await req.requests
            .withdraw(number: try requestNumber(req), manageToken: try req.manageToken())
        return RequestDTO(
            number: request.number, status: request.status, procedure: request.$procedure.id,
            unavailableWeekdays: request.unavailableWeekdays.map(\.name), tier: request.tier,
            appointmentId: nil, window: nil, priority: nil)
    }

    /// Answers `GET /api/v1/draws/{id}`: the commitment while the window is open; then the seed, the inputs and
    /// the allocation, enough for `guichet verify-draw` to recompute the draw.
    @Sendable
    static func draw(req: Request) async throws -> DrawDocument {
        guard let id = req.parameters.get("id"), id.count <= 100,
            let document = try await DrawService.document(id: id, on: req.db)
        else { throw RequestError.notFound }
        return document
    }

    private static func requestNumber(_ req: Request) throws -> String {
        guard let number = req.parameters.get("number"), number.count <= 20 else { throw RequestError.notFound }
        return number
    }
}

extension DrawDocument: Content {}
