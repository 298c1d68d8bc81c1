import GuichetCore
import Vapor

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

/// `POST /api/v1/requests` for a release-mode procedure: the ticket is in at once, for the lottery under way
/// (`lottery`, whose result comes by email at `closesAt`) or the next release's; a winner confirms the seat with the
/// emailed code (`POST /api/v1/appointments/{id}/confirm`); a ticket without a seat stays for the next lottery.
struct TicketDTO: Content {
    let number: String
    let status: String
    let manageToken: String
    let lottery: DrawWindowDTO?
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
    /// Draw requests: `none` (no priority asked), `missing` (the expiry would give priority but no scan of the
    /// permit is attached: drawn in the normal tier), `pending` (an agent will check the scan), `confirmed`,
    /// `downgraded`. Absent for lottery tickets.
    let priority: String?
}

struct ConfirmedRequestDTO: Content {
    let number: String
    let status: String
    let manageToken: String
    let window: DrawWindowDTO?
    let priority: String
}

extension DrawWindow {
    func toDTO() -> DrawWindowDTO {
        DrawWindowDTO(
            id: id!, kind: kind.rawValue, opensAt: ParisTime.iso8601(opensAt),
            closesAt: ParisTime.iso8601(closesAt), commitment: commitment)
    }
}
