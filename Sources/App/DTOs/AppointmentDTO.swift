import GuichetCore
import Vapor

/// `POST /api/v1/appointments`.
struct HoldRequestDTO: Content {
    let procedure: String
    let slotId: Int
    let applicant: ApplicantDTO
}

/// An identity as typed. Every field is a string so that wrong values get a precise message, not a decoding error.
struct ApplicantDTO: Content {
    let familyName: String?
    let givenNames: String?
    let birthDate: String?
    let nationality: String?
    let foreignNumber: String?
    let permitExpiry: String?
    let email: String?
    let phone: String?

    var input: ApplicantInput {
        ApplicantInput(
            familyName: familyName, givenNames: givenNames, birthDate: birthDate, nationality: nationality,
            foreignNumber: foreignNumber, permitExpiry: permitExpiry, email: email, phone: phone)
    }
}

struct HoldResponseDTO: Content {
    let id: String
    let status: AppointmentStatus
    let expiresAt: String
}

struct ConfirmRequestDTO: Content {
    let code: String
}

/// Where and when: the slot of an appointment.
struct AppointmentSlotDTO: Content {
    let id: Int
    let start: String
    let end: String
    let counter: String
    let counterName: String
    let site: String
    let address: String
}

struct ConfirmedDTO: Content {
    let id: String
    let status: AppointmentStatus
    let convocationCode: String
    let manageToken: String
    let procedure: String
    let slot: AppointmentSlotDTO
}

/// What the holder of the manage token sees of an appointment.
struct AppointmentDTO: Content {
    let id: String
    let status: AppointmentStatus
    let procedure: String
    let familyName: String
    let givenNames: String
    let convocationCode: String?
    let slot: AppointmentSlotDTO
}

struct CancelledDTO: Content {
    let id: String
    let status: AppointmentStatus
}

extension Slot {
    /// Needs `counter` and its `site` loaded.
    func toAppointmentSlotDTO() -> AppointmentSlotDTO {
        AppointmentSlotDTO(
            id: id!, start: ParisTime.iso8601(startsAt), end: ParisTime.iso8601(endsAt),
            counter: counter.id!, counterName: counter.name, site: counter.site.name,
            address: counter.site.address)
    }
}
