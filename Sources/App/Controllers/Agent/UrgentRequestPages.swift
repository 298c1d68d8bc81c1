import Fluent
import GuichetCore
import Vapor

/// Urgent requests in the back office: the list, soonest permit expiry first; one request with its attachments;
/// granting an appointment from the seats kept for urgent cases, or answering with a message.
enum UrgentRequestPages {
    struct Row: Encodable {
        let number: String
        let href: String
        let fullName: String
        let procedureName: String
        let permitExpiry: String
        let expired: Bool
        let received: String
        let status: String
        let statusLabel: String
    }

    struct StatusFilter: Encodable {
        let value: String
        let label: String
        let selected: Bool
    }

    struct ListContent: Encodable {
        let rows: [Row]
        let statuses: [StatusFilter]
    }

    struct AttachmentLink: Encodable {
        let href: String
        let name: String
        let mediaType: String
        let size: String
    }

    struct SeatOption: Encodable {
        let id: Int
        let label: String
    }

    struct DetailContent: Encodable {
        let number: String
        let status: String
        let statusLabel: String
        let fullName: String
        let birthDate: String
        let nationality: String
        let foreignNumber: String?
        let email: String
        let phone: String?
        let procedureName: String
        let permitExpiry: String?
        let received: String
        let reason: String
        let attachments: [AttachmentLink]
        let answer: String?
        let handledBy: String?
        let appointmentHref: String?
        let granted: Bool
        let seats: [SeatOption]
        let grantAction: String
        let seatsHref: String
        let seatsFrom: String
        let answerAction: String
        let maxAnswer: Int
    }

    static let listLimit = 500
    static let seatChoices = 40

    /// Answers `GET /agent/urgent?status=`: expired permits first, then the soonest expiry; no expiry last.
    @Sendable
    static func list(req: Request) async throws -> Response {
        let language = Language.of(req)
        let asked = req.query[String.self, at: "status"] ?? UrgentRequest.Status.received
        let status = (UrgentRequest.Status.all + ["all"]).contains(asked) ? asked : UrgentRequest.Status.received
        var query = UrgentRequest.query(on: req.db)
        if status != "all" { query = query.filter(\.$status == status) }
        let requests = try await query.sort(\.$createdAt).limit(Self.listLimit).all()
        let today = ParisTime.civilDate(of: req.guichet.clock.now())
        let reference = try await req.guichet.reference.get(on: req.db)
        let rows = ordered(requests).map { request in
            let expiry = request.permitExpiry.flatMap(CivilDate.init(iso:))
            return Row(
                number: request.number, href: AgentPath.urgent(request.number), fullName: request.displayName,
                procedureName: reference.procedures[request.$procedure.id]?.name(language) ?? request.$procedure.id,
                permitExpiry: expiry.map { DateText.date($0, language) } ?? "—",
                expired: expiry.map { $0 < today } ?? false,
                received: DateText.date(ParisTime.civilDate(of: request.createdAt), language),
                status: request.status, statusLabel: Catalogue.urgentStatus(request.status, language))
        }
        let statuses = (UrgentRequest.Status.all + ["all"]).map {
            StatusFilter(value: $0, label: Catalogue.urgentStatus($0, language), selected: $0 == status)
        }
        return try await Page.render(req, "agent/urgent-list", ListContent(rows: rows, statuses: statuses))
    }

    /// Soonest (or already past) permit expiry first; requests without an expiry after them, oldest first.
    static func ordered(_ requests: [UrgentRequest]) -> [UrgentRequest] {
        requests.sorted { lhs, rhs in
            switch (lhs.permitExpiry.flatMap(CivilDate.init(iso:)), rhs.permitExpiry.flatMap(CivilDate.init(iso:))) {
            case (let left?, let right?) where left != right: left < right
            case (.some, nil): true
            case (nil, .some): false
            default: lhs.createdAt < rhs.createdAt
            }
        }
    }

    /// Answers `GET /agent/urgent/{number}?from=`: the request, and the first planned seats from that day.
    @Sendable
    static func show(req: Request) async throws -> Response {
        try await render(req, number: try number(req), form: FormState())
    }

    /// Answers `GET /agent/urgent/{number}/attachments/{id}`: the stored file, as a download, audited.
    @Sendable
    static func attachment(req: Request) async throws -> Response {
        let agent = try req.agent
        guard let id = req.parameters.get("id", as: UUID.self) else { throw RequestError.notFound }
        let (attachment, bytes) = try await req.urgentHandling.attachment(
            number: try number(req), id: id,
            actor: agent.actor, remote: req.remoteForAudit)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: attachment.mediaType)
        headers.replaceOrAdd(name: .contentDisposition, value: contentDisposition(attachment.originalName))
        headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        headers.replaceOrAdd(name: "Content-Security-Policy", value: "default-src 'none'; sandbox")
        return Response(status: .ok, headers: headers, body: .init(data: bytes))
    }

    /// `attachment`, with an ASCII fallback name and the real one in RFC 5987 form.
    static func contentDisposition(_ name: String) -> String {
        let ascii = String(
            name.unicodeScalars.map { scalar -> Character in
                scalar.isASCII && scalar.value >= 0x20 && !"\"\\;".unicodeScalars.contains(scalar)
                    ? Character(scalar) : "_"
            })
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let encoded = name.addingPercentEncoding(withAllowedCharacters: allowed) ?? ascii
        return "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"
    }

    /// Answers `POST /agent/urgent/{number}/grant`: an appointment on the chosen planned seat.
    @Sendable
    static func grant(req: Request) async throws -> Response {
        let language = Language.of(req)
        try CSRF.check(req, submitted: try? req.content.get(String.self, at: CSRF.field))
        let agent = try req.agent
        let number = try number(req)
        let slotID = (try? req.content.get(String.self, at: "slot")).flatMap { Int($0) } ?? 0
        do {
            _ = try await req.urgentHandling.grant(
                number: number, slotID: slotID, actor: agent.actor,
                remote: req.remoteForAudit)
            return Page.redirect(req, to: AgentPath.urgent(number))
        } catch let error as any CodedError where error is BookingError || error is UrgentHandlingError {
            var state = FormState()
            state.add("slot", error.text(language))
            return try await render(req, number: number, form: state, status: error.status)
        }
    }

    /// Answers `POST /agent/urgent/{number}/answer`: the message is stored and emailed.
    @Sendable
    static func answer(req: Request) async throws -> Response {
        let language = Language.of(req)
        try CSRF.check(req, submitted: try? req.content.get(String.self, at: CSRF.field))
        let agent = try req.agent
        let number = try number(req)
        let message = String(
            ((try? req.content.get(String.self, at: "message")) ?? "").prefix(UrgentHandling.maxAnswerLength + 1000))
        do {
            try await req.urgentHandling.answer(
                number: number, message: message, actor: agent.actor,
                remote: req.remoteForAudit)
            return Page.redirect(req, to: AgentPath.urgent(number))
        } catch let error as UrgentHandlingError {
            var state = FormState(values: ["message": message])
            state.add("message", error.text(language))
            return try await render(req, number: number, form: state, status: error.status)
        }
    }

    // MARK: - Internals

    private static func number(_ req: Request) throws -> String {
        guard let number = req.parameters.get("number"), number.count <= 40 else { throw RequestError.notFound }
        return number
    }

    private static func render(
        _ req: Request, number: String, form: FormState,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let language = Language.of(req)
        let request = try await req.urgentHandling.request(number: number)
        let reference = try await req.guichet.reference.get(on: req.db)
        let procedure = reference.procedures[request.$procedure.id]
        let granted = request.status == UrgentRequest.Status.granted
        let now = req.guichet.clock.now()
        let from = req.query[String.self, at: "from"].flatMap(CivilDate.init(iso:))
        let after = max(now, from.map { ParisTime.instant(date: $0, minuteOfDay: 0) } ?? now)
        let seats =
            granted
            ? []
            : try await SeatLedger.reservedSeats(
                counterIDs: procedure?.counterIDs ?? [], after: after, limit: Self.seatChoices, on: req.db)
        return try await Page.render(
            req, "agent/urgent",
            DetailContent(
                number: request.number, status: request.status,
                statusLabel: Catalogue.urgentStatus(request.status, language),
                fullName: request.displayName,
                birthDate: DateText.date(iso: request.birthDate, language) ?? request.birthDate,
                nationality: request.nationality, foreignNumber: request.foreignNumber, email: request.email,
                phone: request.phone, procedureName: procedure?.name(language) ?? request.$procedure.id,
                permitExpiry: request.permitExpiry.flatMap { DateText.date(iso: $0, language) },
                received:
                    "\(DateText.date(ParisTime.civilDate(of: request.createdAt), language)) \(DateText.time(request.createdAt))",
                reason: request.reason,
                attachments: request.attachments.sorted { $0.createdAt < $1.createdAt }.map {
                    AttachmentLink(
                        href: AgentPath.attachment(request.number, $0.id!), name: $0.originalName,
                        mediaType: $0.mediaType, size: UrgentPages.sizeText($0.sizeBytes, language))
                },
                answer: request.answer, handledBy: request.handledBy,
                appointmentHref: request.appointmentID.map(AgentPath.appointment), granted: granted,
                seats: seats.map {
                    SeatOption(
                        id: $0.id!,
                        label: "\(DateText.moment($0.startsAt, language)) — \($0.counter.site.name), \($0.counter.name)"
                    )
                },
                grantAction: SiteURL.agentUrgentGrant.path(request.number),
                seatsHref: AgentPath.urgent(request.number),
                seatsFrom: ParisTime.civilDate(of: after).iso,
                answerAction: SiteURL.agentUrgentAnswer.path(request.number),
                maxAnswer: UrgentHandling.maxAnswerLength),
            form: form, status: status)
    }
}
