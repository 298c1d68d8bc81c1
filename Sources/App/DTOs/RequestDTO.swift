import Vapor
import GuichetCore

/// `POST /api/v1/requests`.
struct SubmitRequestDTO: Content {
    let procedure: String
    let applicant: ApplicantDTO
    /// Weekday names (`monday` … `friday`) on which the person cannot come.
    let unavailableWeekdays: [String]?
}

struct SubmittedDTO: Content {
    let number: String
    let status: String
    let expiresAt: String
}

struct DrawWindowDTO: Content {
    let id: String
    /// `draw` or `release-lottery`.
    let kind: String
    let opensAt: String
    let closesAt: String
    let commitment: String
}

/// `POST /api/v1/requests` during a release's lottery: the ticket is in at once; the result comes by email at
/// `lottery.closesAt`, and a winner confirms the seat with the emailed code (`POST /api/v1/appointments/{id}/confirm`).
struct TicketDTO: Content {
    let number: String
    let status: String
    let manageToken: String
    let lottery: DrawWindowDTO
}

/// A request as its holder sees it.
struct RequestDTO: Content {
    let number: String
    let status: String
    let procedure: String
    let unavailableWeekdays: [String]
    let tier: Int?
    let appointmentId: String?
    let window: DrawWindowDTO?
}

struct ConfirmedRequestDTO: Content {
    let number: String
    let status: String
    let manageToken: String
    let window: DrawWindowDTO?
}

extension DrawWindow {
    func toDTO() -> DrawWindowDTO {
        DrawWindowDTO(id: id!, kind: kind.rawValue, opensAt: ParisTime.iso8601(opensAt),
                      closesAt: ParisTime.iso8601(closesAt), commitment: commitment)
    }
}
