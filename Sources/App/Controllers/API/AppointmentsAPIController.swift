import Fluent
import GuichetCore
import Vapor

/// Booking in release mode: hold, confirm with the emailed code, look, cancel.
enum AppointmentsAPIController {
    /// Answers `POST /api/v1/appointments`: a 15-minute hold on a released seat, and an emailed code.
    @Sendable
    static func hold(req: Request) async throws -> Response {
        let body = try req.decodeJSON(HoldRequestDTO.self)
        let applicant = try req.applicant(body.applicant.input)
        let hold = try await req.booking.hold(
            procedureID: body.procedure, slotID: body.slotId, applicant: applicant,
            language: Language.of(req), client: req.clientSignals)
        let dto = HoldResponseDTO(
            id: hold.id.uuidString.lowercased(), status: .pending,
            expiresAt: ParisTime.iso8601(hold.expiresAt))
        return try await dto.encodeResponse(status: .accepted, for: req)
    }

    /// Answers `POST /api/v1/appointments/{id}/confirm`: the code turns the hold into a confirmed appointment.
    @Sendable
    static func confirm(req: Request) async throws -> ConfirmedDTO {
        let id = try appointmentID(req)
        let body = try req.decodeJSON(ConfirmRequestDTO.self)
        guard let code = BookingRules.typedCode(body.code) else {
            throw RequestError.validation(field: "code", BookingRules.codeFormatMessage)
        }
        let confirmed = try await req.booking.confirm(id: id, code: code)
        let slot = try await loadedSlot(confirmed.appointment.$slot.id, on: req.db)
        return ConfirmedDTO(
            id: id.uuidString.lowercased(), status: confirmed.appointment.status,
            convocationCode: confirmed.appointment.convocationCode ?? "",
            manageToken: confirmed.manageToken, procedure: confirmed.appointment.$procedure.id,
            slot: slot.toAppointmentSlotDTO())
    }

    /// Answers `GET /api/v1/appointments/{id}` for the holder of the manage token.
    @Sendable
    static func show(req: Request) async throws -> AppointmentDTO {
        let appointment = try await req.booking.authorised(
            id: try appointmentID(req), manageToken: try req.manageToken())
        let slot = try await loadedSlot(appointment.$slot.id, on: req.db)
        return AppointmentDTO(
            id: appointment.id!.uuidString.lowercased(), status: appointment.status,
            procedure: appointment.$procedure.id, familyName: appointment.familyName,
            givenNames: appointment.givenNames, convocationCode: appointment.convocationCode,
            slot: slot.toAppointmentSlotDTO())
    }

    /// Answers `DELETE /api/v1/appointments/{id}`: cancels; the seat returns to `planned`, not to the offer.
    @Sendable
    static func cancel(req: Request) async throws -> CancelledDTO {
        let appointment = try await req.booking.cancel(id: try appointmentID(req), manageToken: try req.manageToken())
        return CancelledDTO(id: appointment.id!.uuidString.lowercased(), status: appointment.status)
    }

    /// The applicant checked as every channel checks it, throwaway-address domains included.
    private static func appointmentID(_ req: Request) throws -> UUID {
        guard let id = req.parameters.get("id", as: UUID.self) else { throw RequestError.notFound }
        return id
    }

    private static func loadedSlot(_ id: Int, on db: any Database) async throws -> Slot {
        guard let slot = try await Slot.query(on: db).filter(\.$id == id).with(\.$counter, { $0.with(\.$site) }).first()
        else { throw RequestError.notFound }
        return slot
    }
}
