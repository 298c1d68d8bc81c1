import Fluent
import GuichetCore
import Vapor

/// What supervisors check before draws: the permit scans behind priority claims (`PriorityEvidence`), and the
/// near-duplicate requests whose people say they are someone else (`TwinDecisions`).
enum DrawChecksPages {
    struct PriorityRow: Encodable {
        let number: String
        let fullName: String
        let birthDate: String
        let nationality: String
        let procedureName: String
        let permitExpiry: String
        let scanHref: String
        let action: String
        let sentAt: String
    }

    struct PriorityContent: Encodable {
        let rows: [PriorityRow]
        let done: Bool
    }

    struct SideView: Encodable {
        let label: String
        let familyName: String
        let givenNames: String
        let birthDate: String
        let nationality: String
        let foreignNumber: String
        let email: String
        let status: String
        let madeAt: String
    }

    struct TwinRow: Encodable {
        let id: Int
        let reason: String
        let contested: Bool
        let held: SideView
        let twin: SideView?
        let action: String
    }

    struct TwinsContent: Encodable {
        let rows: [TwinRow]
        let done: Bool
    }

    static let priorityPath = SiteURL.agentPriority.path()
    static let twinsPath = SiteURL.agentTwins.path()

    /// Answers `GET /agent/priority`.
    @Sendable
    static func priority(req: Request) async throws -> Response {
        try await renderPriority(req, form: FormState(), status: .ok)
    }

    /// Answers `GET /agent/priority/{number}/scan`: the scan, on the record, in a sandbox.
    @Sendable
    static func scan(req: Request) async throws -> Response {
        let agent = try req.agent
        let (kind, bytes) = try await evidence(req).scan(
            number: try number(req), actor: agent.actor,
            remote: req.remoteForAudit)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: kind.mediaType)
        headers.replaceOrAdd(
            name: .contentDisposition,
            value: UrgentRequestPages.contentDisposition("permit-\(try number(req)).\(kind.fileExtension)"))
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        headers.replaceOrAdd(name: "Content-Security-Policy", value: "default-src 'none'; sandbox")
        return Response(status: .ok, headers: headers, body: .init(data: bytes))
    }

    /// Answers `POST /agent/priority/{number}`: `decision` is `confirm` or `downgrade` (with a `note` the person reads).
    @Sendable
    static func review(req: Request) async throws -> Response {
        let language = Language.of(req)
        try CSRF.check(req, submitted: try? req.content.get(String.self, at: CSRF.field))
        let agent = try req.agent
        let decision = (try? req.content.get(String.self, at: "decision")) ?? ""
        let note = ((try? req.content.get(String.self, at: "note")) ?? "").trimmingCharacters(
            in: .whitespacesAndNewlines)
        var form = FormState()
        do {
            guard ["confirm", "downgrade"].contains(decision) else { throw RequestError.notFound }
            if decision == "downgrade", note.isEmpty { throw PriorityError.noteRequired }
            guard note.count <= 500 else {
                throw RequestError.invalid("note", fr: "500 caractères au plus.", en: "500 characters at most.")
            }
            try await evidence(req).review(
                number: try number(req), confirmed: decision == "confirm",
                note: note.isEmpty ? nil : note, actor: agent.actor, remote: req.remoteForAudit)
            return Page.redirect(req, to: priorityPath + "?done=1")
        } catch let error as any CodedError where !(error is RequestError && decision.isEmpty) {
            form.add("note-\(try number(req))", error.text(language))
            return try await renderPriority(req, form: form, status: error.status)
        }
    }

    /// Answers `GET /agent/twins`.
    @Sendable
    static func twins(req: Request) async throws -> Response {
        try await renderTwins(req, form: FormState(), status: .ok)
    }

    /// Answers `POST /agent/twins/{id}`: `decision` is `different` or `same`.
    @Sendable
    static func decide(req: Request) async throws -> Response {
        let language = Language.of(req)
        try CSRF.check(req, submitted: try? req.content.get(String.self, at: CSRF.field))
        let agent = try req.agent
        guard let id = req.parameters.get("id", as: Int.self) else { throw RequestError.notFound }
        let decision = (try? req.content.get(String.self, at: "decision")) ?? ""
        guard ["different", "same"].contains(decision) else { throw RequestError.notFound }
        do {
            try await TwinDecisions(db: req.db, services: req.guichet, logger: req.logger)
                .decide(reviewID: id, samePerson: decision == "same", actor: agent.actor, remote: req.remoteForAudit)
        } catch let error as PriorityError {
            var form = FormState()
            form.add("", error.text(language))
            return try await renderTwins(req, form: form, status: error.status)
        }
        return Page.redirect(req, to: twinsPath + "?done=1")
    }

    private static func renderPriority(_ req: Request, form: FormState, status: HTTPStatus) async throws -> Response {
        let language = Language.of(req)
        let reference = try await req.guichet.reference.get(on: req.db)
        let rows = try await evidence(req).queue().map { request in
            PriorityRow(
                number: request.number, fullName: "\(request.familyName) / \(request.givenNames)",
                birthDate: DateText.date(iso: request.birthDate, language) ?? request.birthDate,
                nationality: request.nationality,
                procedureName: reference.procedures[request.$procedure.id]?.name(language) ?? request.$procedure.id,
                permitExpiry: DateText.date(iso: request.permitExpiry, language) ?? "—",
                scanHref: "\(priorityPath)/\(request.number)/scan", action: "\(priorityPath)/\(request.number)",
                sentAt: request.permitScanAt.map { DateText.moment($0, language) } ?? "—")
        }
        return try await Page.render(
            req, "agent/priority",
            PriorityContent(
                rows: rows, done: req.query[String.self, at: "done"] != nil), form: form, status: status)
    }

    private static func renderTwins(_ req: Request, form: FormState, status: HTTPStatus) async throws -> Response {
        let language = Language.of(req)
        func view(_ side: TwinDecisions.Side) -> SideView {
            SideView(
                label: side.label, familyName: side.familyName, givenNames: side.givenNames,
                birthDate: DateText.date(iso: side.birthDate, language) ?? side.birthDate,
                nationality: side.nationality, foreignNumber: side.foreignNumber ?? "—", email: side.email,
                status: Catalogue.statusText(side.status, language), madeAt: DateText.moment(side.createdAt, language))
        }
        let rows = try await TwinDecisions(db: req.db, services: req.guichet, logger: req.logger).pending().map {
            pending in
            TwinRow(
                id: pending.review.id!,
                reason: NearDuplicate.Reason(rawValue: pending.review.reason).map { TwinText.reason($0)(language) }
                    ?? "",
                contested: pending.review.reviewStatus == .contested, held: view(pending.held),
                twin: pending.twin.map(view), action: "\(twinsPath)/\(pending.review.id!)")
        }
        return try await Page.render(
            req, "agent/twins",
            TwinsContent(
                rows: rows, done: req.query[String.self, at: "done"] != nil), form: form, status: status)
    }

    private static func evidence(_ req: Request) -> PriorityEvidence {
        PriorityEvidence(db: req.db, services: req.guichet, logger: req.logger)
    }

    private static func number(_ req: Request) throws -> String {
        guard let number = req.parameters.get("number"), number.count <= 20 else { throw RequestError.notFound }
        return number
    }
}
