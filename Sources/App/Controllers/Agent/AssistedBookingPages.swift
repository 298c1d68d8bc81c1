import Fluent
import GuichetCore
import Vapor

/// The assisted channel: an agent books for a person in front of them (who cannot or will not use the site),
/// on the same released seats and under the same rules as the public pages, then prints the convocation.
enum AssistedBookingPages {
    struct ProcedureLink: Encodable {
        let href: String
        let name: String
    }

    struct ProceduresContent: Encodable {
        let procedures: [ProcedureLink]
    }

    struct DaysContent: Encodable {
        let procedureName: String
        let days: [DayLink]
    }

    struct TimesContent: Encodable {
        let procedureName: String
        let procedureHref: String
        let day: String
        let times: [TimeLink]
    }

    struct FormContent: Encodable {
        let procedureName: String
        let procedureHref: String
        let action: String
        let slotID: Int
        let slot: SlotView?
        let nationalities: [NationalityOptions.Option]
        let askExpiry: Bool
        let requireExpiry: Bool
        let noEmail: Bool
        let personLanguage: String
    }

    struct AppointmentContent: Encodable {
        let fullName: String
        let birthDate: String
        let procedureName: String
        let slot: SlotView
        let status: String
        let statusLabel: String
        let channel: String
        let email: String?
        let shortCode: String?
        let convocationHref: String?
        let cancelAction: String?
    }

    /// Channel of appointments an agent books for someone present.
    static let channel = "assisted"

    /// Answers `GET /agent/book`: the procedures booked on released seats.
    @Sendable
    static func procedures(req: Request) async throws -> Response {
        let language = Language.of(req)
        let procedures = try await req.guichet.reference.get(on: req.db).offered
            .filter { $0.procedure.allocationMode == .release }
            .map { ProcedureLink(href: AgentPath.book($0.procedure.id!), name: $0.procedure.name(language)) }
        return try await Page.render(req, "agent/book-procedures", ProceduresContent(procedures: procedures))
    }

    /// Answers `GET /agent/book/{procedure}`: the days with released free seats.
    @Sendable
    static func days(req: Request) async throws -> Response {
        let language = Language.of(req)
        let procedure = try await releaseProcedure(req)
        let now = req.guichet.clock.now()
        let today = ParisTime.civilDate(of: now)
        let days = try await Availability.days(
            procedureID: procedure.id!, from: today,
            through: today.adding(days: Availability.defaultDays - 1), now: now, on: req.db
        )
        .compactMap { day -> DayLink? in
            guard let date = CivilDate(iso: day.date) else { return nil }
            return DayLink(
                href: AgentPath.bookDay(procedure.id!, day.date), label: DateText.day(date, language),
                seats: day.slots.reduce(0) { $0 + $1.remaining })
        }
        return try await Page.render(
            req, "agent/book-days", DaysContent(procedureName: procedure.name(language), days: days))
    }

    /// Answers `GET /agent/book/{procedure}/days/{date}`: the free times of that day.
    @Sendable
    static func times(req: Request) async throws -> Response {
        let language = Language.of(req)
        let procedure = try await releaseProcedure(req)
        guard let raw = req.parameters.get("date"), let date = CivilDate(iso: raw) else { throw RequestError.notFound }
        let counters = try await req.guichet.reference.get(on: req.db).offered(procedure.id!)?.counters ?? []
        let names = Dictionary(uniqueKeysWithValues: counters.map { ($0.id!, "\($0.site.name) — \($0.name)") })
        let slots = try await Availability.days(
            procedureID: procedure.id!, from: date, through: date,
            now: req.guichet.clock.now(), on: req.db
        ).flatMap(\.slots)
        let times = slots.compactMap { slot -> TimeLink? in
            guard let start = ParisTime.parseISO8601(slot.start) else { return nil }
            return TimeLink(
                href: AgentPath.bookForm(procedure.id!, slot: slot.id), time: DateText.time(start),
                place: names[slot.counter] ?? slot.counter, seats: slot.remaining)
        }
        return try await Page.render(
            req, "agent/book-times",
            TimesContent(
                procedureName: procedure.name(language), procedureHref: AgentPath.book(procedure.id!),
                day: DateText.day(date, language), times: times))
    }

    /// Answers `GET /agent/book/{procedure}/form?slot=`: the identity form for a free time.
    @Sendable
    static func form(req: Request) async throws -> Response {
        let procedure = try await releaseProcedure(req)
        let slotID = req.query[Int.self, at: "slot"] ?? 0
        return try await render(
            req, procedure, slotID: slotID, noEmail: false,
            personLanguage: Language.of(req), form: FormState())
    }

    /// Answers `POST /agent/book/{procedure}/form`: books and confirms at once, or shows the form with its errors.
    @Sendable
    static func submit(req: Request) async throws -> Response {
        let language = Language.of(req)
        let procedure = try await releaseProcedure(req)
        let identity = try IdentityForm.decode(req)
        let agent = try req.agent
        let slotID = (try? req.content.get(String.self, at: "slot")).flatMap { Int($0) } ?? 0
        let noEmail = (try? req.content.get(String.self, at: "no_email")) == "1"
        let personLanguage =
            (try? req.content.get(String.self, at: "person_language")).flatMap(Language.init(rawValue:)) ?? language
        var state = FormState(values: identity.values)
        state.checked["no_email"] = noEmail
        let today = ParisTime.civilDate(of: req.guichet.clock.now())
        let applicant = identity.check(
            today: today, language: language, emailOptional: noEmail, refusedDomains: req.guichet.disposableDomains,
            into: &state)
        if noEmail, !(identity.email ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            state.add("email", Catalogue.entries["assistedEmailAndNoEmail"]!(language))
        }
        guard let applicant, !state.hasProblems else {
            return try await render(
                req, procedure, slotID: slotID, noEmail: noEmail, personLanguage: personLanguage,
                form: state, status: .unprocessableEntity)
        }
        do {
            let confirmed = try await req.booking.bookAssisted(
                procedureID: procedure.id!, slotID: slotID, applicant: applicant, language: personLanguage,
                seat: .released, channel: Self.channel, actor: agent.actor, remote: req.remoteForAudit,
                auditAction: "assisted_booking")
            return Page.redirect(req, to: AgentPath.appointment(confirmed.appointment.id!))
        } catch let error as BookingError {
            state.add(field(for: error), error.text(language))
            return try await render(
                req, procedure, slotID: slotID, noEmail: noEmail, personLanguage: personLanguage,
                form: state, status: error.status)
        }
    }

    /// Answers `GET /agent/appointments/{id}`: the booked appointment, with its printable convocation.
    @Sendable
    static func appointment(req: Request) async throws -> Response {
        try await appointmentPage(req, form: FormState(), httpStatus: .ok)
    }

    private static func appointmentPage(_ req: Request, form: FormState, httpStatus: HTTPStatus) async throws
        -> Response
    {
        let language = Language.of(req)
        let (appointment, slot, procedure) = try await load(req)
        let status = appointment.status
        let printable = [.confirmed, .checkedIn].contains(status) && appointment.convocationCode != nil
        return try await Page.render(
            req, "agent/appointment",
            AppointmentContent(
                fullName: appointment.displayName, birthDate: DateText.date(iso: appointment.birthDate, language) ?? "",
                procedureName: procedure.name(language), slot: SlotView(slot, language),
                status: status.rawValue,
                statusLabel: Catalogue.status(status, language), channel: appointment.channel,
                email: appointment.email.isEmpty ? nil : appointment.email, shortCode: appointment.convocationCode,
                convocationHref: printable ? AgentPath.convocation(appointment.id!) : nil,
                cancelAction: status.isActive && slot.startsAt > req.guichet.clock.now()
                    ? SiteURL.agentAppointmentCancel.path(appointment.id!) : nil), form: form,
            status: httpStatus)
    }

    /// Answers `POST /agent/appointments/{id}/cancel`: the person asked to cancel; a reason is required.
    @Sendable
    static func cancel(req: Request) async throws -> Response {
        let language = Language.of(req)
        try CSRF.check(req, submitted: try? req.content.get(String.self, at: CSRF.field))
        let (appointment, _, _) = try await load(req)
        let reason = String(
            ((try? req.content.get(String.self, at: "reason")) ?? "")
                .trimmingCharacters(in: .whitespacesAndNewlines).prefix(500))
        var state = FormState()
        if reason.isEmpty {
            state.add(
                "cancel_reason",
                Localized(
                    fr: "Indiquez pourquoi la personne annule.",
                    en: "Say why the person cancels.")(language))
            return try await appointmentPage(req, form: state, httpStatus: .unprocessableEntity)
        }
        do {
            _ = try await req.booking.cancelByAgent(
                id: appointment.id!, actor: try req.agent.actor, reason: reason,
                remote: req.remoteForAudit)
        } catch let error as BookingError {
            state.add("cancel_reason", error.text(language))
            return try await appointmentPage(req, form: state, httpStatus: error.status)
        }
        return Page.redirect(req, to: AgentPath.appointment(appointment.id!))
    }

    /// Answers `GET /agent/appointments/{id}/convocation`: the convocation the person takes away, printed here.
    @Sendable
    static func convocation(req: Request) async throws -> Response {
        let language = Language.of(req)
        let (appointment, slot, procedure) = try await load(req)
        guard [.confirmed, .checkedIn].contains(appointment.status), let code = appointment.convocationCode,
            let url = try Verification.convocationURL(appointment, slot, services: req.guichet)
        else { return Page.redirect(req, to: AgentPath.appointment(appointment.id!)) }
        return try await Page.render(
            req, "agent/convocation",
            try ConvocationContent(
                appointment, slot, procedure, code: code, verifyURL: url, language: language,
                backHref: AgentPath.appointment(appointment.id!)))
    }

    // MARK: - Internals

    private static func render(
        _ req: Request, _ procedure: Procedure, slotID: Int, noEmail: Bool,
        personLanguage: Language, form: FormState,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let language = Language.of(req)
        var form = form
        form.checked["no_email"] = noEmail
        let slot = try await SlotView.free(slotID, procedureID: procedure.id!, for: req)
        if slot == nil, !form.hasProblems {
            form.add("", SlotView.gone(language))
        }
        return try await Page.render(
            req, "agent/book-form",
            FormContent(
                procedureName: procedure.name(language), procedureHref: AgentPath.book(procedure.id!),
                action: AgentPath.bookForm(procedure.id!), slotID: slotID, slot: slot,
                nationalities: NationalityOptions.list(language), askExpiry: true, requireExpiry: false,
                noEmail: noEmail, personLanguage: personLanguage.rawValue),
            form: form, status: slot == nil && status == .ok ? .conflict : status)
    }

    private static func releaseProcedure(_ req: Request) async throws -> Procedure {
        let (procedure, _) = try await req.procedureInPath()
        guard procedure.allocationMode == .release else {
            throw BookingError.procedureNotBookable(mode: procedure.mode)
        }
        return procedure
    }

    private static func load(_ req: Request) async throws -> (Appointment, Slot, Procedure) {
        guard let id = req.parameters.get("id", as: UUID.self),
            let appointment = try await Appointment.find(id, on: req.db),
            let slot = try await Slot.query(on: req.db).filter(\.$id == appointment.$slot.id)
                .with(\.$counter, { $0.with(\.$site) }).first(),
            let procedure = try await Procedure.find(appointment.$procedure.id, on: req.db)
        else { throw RequestError.notFound }
        return (appointment, slot, procedure)
    }

    private static func field(for error: BookingError) -> String {
        switch error {
        case .duplicateEmail: "email"
        case .duplicatePhone: "phone"
        case .duplicateIdentity: "family_name"
        default: ""
        }
    }
}
