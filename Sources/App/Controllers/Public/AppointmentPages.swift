import Fluent
import GuichetCore
import QRCode
import Vapor

/// An appointment for the holder of its manage token (the link in the confirmation email): see it, print the
/// convocation or an attestation, cancel. There is no way to change the person: that is a new appointment.
enum AppointmentPages {
    struct ManageContent: Encodable {
        let status: String
        let statusLabel: String
        let fullName: String
        let birthDate: String
        let procedureName: String
        let slot: SlotView
        let documents: [String]
        let convocationHref: String?
        let attestationHref: String?
        let cancelHref: String?
        let cancelAction: String
        let manageHref: String
        let token: String
    }

    /// Answers `GET /appointments/{id}?token=`.
    @Sendable
    static func manage(req: Request) async throws -> Response {
        let (appointment, slot, procedure, token) = try await load(req)
        return try await Page.render(req, "public/appointment", manageContent(req, appointment, slot, procedure, token))
    }

    /// Answers `GET /appointments/{id}/cancel?token=`: the confirmation step before cancelling.
    @Sendable
    static func cancelForm(req: Request) async throws -> Response {
        let (appointment, slot, procedure, token) = try await load(req)
        return try await Page.render(req, "public/cancel", manageContent(req, appointment, slot, procedure, token))
    }

    /// Answers `POST /appointments/{id}/cancel`: cancels and shows the appointment, now cancelled.
    @Sendable
    static func cancel(req: Request) async throws -> Response {
        let language = Language.of(req)
        try CSRF.check(req, submitted: try? req.content.get(String.self, at: CSRF.field))
        guard let id = req.parameters.get("id", as: UUID.self) else { throw RequestError.notFound }
        let token = (try? req.content.get(String.self, at: "token")) ?? ""
        do {
            _ = try await req.booking.cancel(id: id, manageToken: token)
        } catch let error as BookingError {
            let (appointment, slot, procedure, token) = try await load(req, id: id, token: token)
            var state = FormState()
            state.add("", error.text(language))
            return try await Page.render(
                req, "public/cancel", manageContent(req, appointment, slot, procedure, token),
                form: state, status: error.status)
        }
        return Page.redirect(req, to: SitePath.appointment(id, token: token))
    }

    /// Answers `GET /appointments/{id}/convocation?token=`: the printable convocation with its signed QR code.
    @Sendable
    static func convocation(req: Request) async throws -> Response {
        let language = Language.of(req)
        let (appointment, slot, procedure, token) = try await load(req)
        guard [.confirmed, .checkedIn].contains(appointment.status),
            let code = appointment.convocationCode,
            let url = try Verification.convocationURL(appointment, slot, services: req.guichet)
        else { return Page.redirect(req, to: SitePath.appointment(appointment.id!, token: token)) }
        return try await Page.render(
            req, "public/convocation",
            ConvocationContent(
                appointment, slot, procedure, code: code, verifyURL: url, language: language,
                backHref: SitePath.appointment(appointment.id!, token: token)))
    }

    /// Answers `GET /appointments/{id}/attestation?token=`.
    @Sendable
    static func attestation(req: Request) async throws -> Response {
        let (appointment, _, procedure, token) = try await load(req)
        let subject = Attestations.Subject(
            kind: .appointment, id: appointment.id!.uuidString.lowercased(),
            identity: appointment, procedureID: procedure.id!,
            askedAt: appointment.createdAt)
        return try await AttestationPage.render(
            req, subject: subject, procedure: procedure,
            backHref: SitePath.appointment(appointment.id!, token: token))
    }

    private static func manageContent(
        _ req: Request, _ appointment: Appointment, _ slot: Slot, _ procedure: Procedure,
        _ token: String
    ) -> ManageContent {
        let language = Language.of(req)
        let status = appointment.status
        let id = appointment.id!
        let future = slot.startsAt > req.guichet.clock.now()
        return ManageContent(
            status: status.rawValue, statusLabel: Catalogue.status(status, language),
            fullName: appointment.displayName, birthDate: DateText.date(iso: appointment.birthDate, language) ?? "",
            procedureName: procedure.name(language), slot: SlotView(slot, language),
            documents: procedure.documents(language),
            convocationHref: [.confirmed, .checkedIn].contains(status)
                ? SitePath.appointmentPage(.appointmentConvocation, id, token: token) : nil,
            attestationHref: status.isActive
                ? SitePath.appointmentPage(.appointmentAttestation, id, token: token) : nil,
            cancelHref: status.isActive && future
                ? SitePath.appointmentPage(.appointmentCancel, id, token: token) : nil,
            cancelAction: SiteURL.appointmentCancel.path(id), manageHref: SitePath.appointment(id, token: token),
            token: token)
    }

    private static func load(_ req: Request) async throws -> (Appointment, Slot, Procedure, String) {
        guard let id = req.parameters.get("id", as: UUID.self) else { throw RequestError.notFound }
        return try await load(req, id: id, token: req.query[String.self, at: "token"] ?? "")
    }

    /// The appointment for the holder of its token, with its slot (counter and site) and procedure.
    private static func load(_ req: Request, id: UUID, token: String) async throws -> (
        Appointment, Slot, Procedure, String
    ) {
        let appointment = try await req.booking.authorised(id: id, manageToken: token)
        guard
            let slot = try await Slot.query(on: req.db).filter(\.$id == appointment.$slot.id)
                .with(\.$counter, { $0.with(\.$site) }).first(),
            let procedure = try await Procedure.find(appointment.$procedure.id, on: req.db)
        else { throw RequestError.notFound }
        return (appointment, slot, procedure, token)
    }
}

/// The QR code printed on convocations and attestations, as inline SVG (no request, nothing external).
enum DocumentQR {
    static func svg(_ url: String, title: String) throws -> String {
        try QRCode(text: url).svg(moduleSize: 4, title: title).replacingOccurrences(
            of: "<svg ", with: "<svg class=\"qr\" ")
    }
}
