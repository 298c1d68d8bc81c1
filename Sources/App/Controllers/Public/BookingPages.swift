import Fluent
import GuichetCore
import Vapor

/// Release mode in the browser: the identity form for a chosen time, then the emailed code. The pages call the
/// same `BookingService` as the API.
enum BookingPages {
    struct BookContent: Encodable {
        let procedureName: String
        let procedureHref: String
        let action: String
        let slotID: Int
        let slot: SlotView?
        let nationalities: [NationalityOptions.Option]
        let askExpiry: Bool
        let requireExpiry: Bool
    }

    /// What the code page shows: the held time only while the hold waits for its code. Anyone holding the link
    /// may open the page, so once the hold is confirmed, cancelled or expired it says no more than that
    /// (`docs/decisions/0020`).
    struct CodeContent: Encodable {
        let action: String
        let procedureName: String?
        let slot: SlotView?
        let holdUntil: String?
        let pending: Bool
    }

    /// Answers `GET /procedures/{procedure}/book?slot=`: the identity form, if the time is still free.
    @Sendable
    static func form(req: Request) async throws -> Response {
        let (procedure, _) = try await req.procedureInPath()
        guard procedure.allocationMode == .release else {
            return Page.redirect(req, to: SitePath.procedure(procedure.id!))
        }
        let slotID = req.query[Int.self, at: "slot"] ?? 0
        return try await render(req, procedure, slotID: slotID, form: FormState())
    }

    /// Answers `POST /procedures/{procedure}/book`: holds the seat and emails the code, or shows the form again.
    @Sendable
    static func submit(req: Request) async throws -> Response {
        let language = Language.of(req)
        let (procedure, _) = try await req.procedureInPath()
        let identity = try IdentityForm.decode(req)
        let slotID = (try? req.content.get(String.self, at: "slot")).flatMap { Int($0) } ?? 0
        var state = FormState(values: identity.values)
        let today = ParisTime.civilDate(of: req.guichet.clock.now())
        guard
            let applicant = identity.check(
                today: today, language: language, refusedDomains: req.guichet.disposableDomains, into: &state)
        else {
            return try await render(req, procedure, slotID: slotID, form: state, status: .unprocessableEntity)
        }
        do {
            let hold = try await req.booking.hold(
                procedureID: procedure.id!, slotID: slotID, applicant: applicant,
                language: language, client: req.clientSignals)
            return Page.redirect(req, to: SitePath.appointmentCode(hold.id))
        } catch let error as BookingError {
            state.add(field(for: error), error.text(language))
            return try await render(req, procedure, slotID: slotID, form: state, status: error.status)
        }
    }

    /// Answers `GET /appointments/{id}/code`: where to type the emailed code.
    @Sendable
    static func codeForm(req: Request) async throws -> Response {
        let appointment = try await pending(req)
        return try await renderCode(req, appointment, form: FormState())
    }

    /// Answers `POST /appointments/{id}/code`: a right code confirms and leads to the appointment's page.
    @Sendable
    static func confirm(req: Request) async throws -> Response {
        let language = Language.of(req)
        let appointment = try await pending(req)
        let code = (try? req.content.get(String.self, at: "code")) ?? ""
        try CSRF.check(req, submitted: try? req.content.get(String.self, at: CSRF.field))
        var state = FormState(values: ["code": String(code.prefix(20))])
        guard let digits = BookingRules.typedCode(code) else {
            state.add("code", BookingRules.codeFormatMessage(language))
            return try await renderCode(req, appointment, form: state, status: .unprocessableEntity)
        }
        do {
            let confirmed = try await req.booking.confirm(id: appointment.id!, code: digits)
            return Page.redirect(req, to: SitePath.appointment(appointment.id!, token: confirmed.manageToken))
        } catch let error as BookingError {
            state.add("code", error.text(language))
            return try await renderCode(req, appointment, form: state, status: error.status)
        }
    }

    /// The chosen time went to someone else (or closed) while the form was open: online and at the counter alike.
    private static func render(
        _ req: Request, _ procedure: Procedure, slotID: Int, form: FormState,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let language = Language.of(req)
        var form = form
        let slot = try await SlotView.free(slotID, procedureID: procedure.id!, for: req)
        if slot == nil, !form.hasProblems {
            form.add("", SlotView.gone(language))
        }
        return try await Page.render(
            req, "public/book",
            BookContent(
                procedureName: procedure.name(language), procedureHref: SitePath.procedure(procedure.id!),
                action: SitePath.bookForm(procedure.id!), slotID: slotID, slot: slot,
                nationalities: NationalityOptions.list(language), askExpiry: true, requireExpiry: false),
            form: form, status: slot == nil && status == .ok ? .conflict : status)
    }

    private static func renderCode(
        _ req: Request, _ appointment: Appointment, form: FormState,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let language = Language.of(req)
        let action = SitePath.appointmentCode(appointment.id!)
        guard appointment.status == .pending else {
            return try await Page.render(
                req, "public/code",
                CodeContent(
                    action: action, procedureName: nil, slot: nil, holdUntil: nil, pending: false), form: form,
                status: status)
        }
        let summary = try await BookingService.summary(of: appointment, language: language, on: req.db)
        return try await Page.render(
            req, "public/code",
            CodeContent(
                action: action, procedureName: summary.procedureName,
                slot: SlotView(summary, language),
                holdUntil: DateText.time(appointment.holdExpiresAt), pending: true), form: form, status: status)
    }

    private static func pending(_ req: Request) async throws -> Appointment {
        guard let id = req.parameters.get("id", as: UUID.self),
            let appointment = try await Appointment.find(id, on: req.db)
        else { throw RequestError.notFound }
        return appointment
    }

    /// The form field a booking refusal is about: the slot's problems belong to the whole form.
    private static func field(for error: BookingError) -> String {
        switch error {
        case .duplicateEmail: "email"
        case .duplicatePhone: "phone"
        case .duplicateIdentity: "family_name"
        default: ""
        }
    }
}
