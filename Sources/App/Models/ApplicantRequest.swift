import Fluent
import Foundation
import GuichetCore

/// A request for a seat in a draw-mode procedure: `pending` until the emailed code is entered, then `waiting`
/// for draws until it is `allocated` (it became an appointment) or `withdrawn`. Not allocated in one draw, it
/// simply stays for the next, with its number.
final class ApplicantRequest: Model, @unchecked Sendable {
    static let schema = "requests"

    @ID(key: .id) var id: UUID?
    @Field(key: "number") var number: String
    @Parent(key: "procedure_id") var procedure: Procedure
    @Field(key: "family_name") var familyName: String
    @Field(key: "given_names") var givenNames: String
    @Field(key: "birth_date") var birthDate: String
    @Field(key: "nationality") var nationality: String
    @OptionalField(key: "foreign_number") var foreignNumber: String?
    @OptionalField(key: "permit_expiry") var permitExpiry: String?
    @Field(key: "email") var email: String
    @OptionalField(key: "phone") var phone: String?
    /// `[Weekday]` as JSON: the days the person cannot come.
    @Field(key: "unavailable_weekdays") var unavailableWeekdaysJSON: String
    @Field(key: "status") var status: String
    @Field(key: "code_hash") var codeHash: String
    @Field(key: "code_attempts") var codeAttempts: Int
    @Field(key: "confirm_by") var confirmBy: Date
    @OptionalField(key: "manage_token_hash") var manageTokenHash: String?
    @OptionalField(key: "tier") var tier: Int?
    @OptionalField(key: "appointment_id") var appointmentID: UUID?
    @Field(key: "language") var language: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "confirmed_at") var confirmedAt: Date?
    @OptionalField(key: "closed_at") var closedAt: Date?
    /// `DrawKind`: a draw request, or a ticket for a release-mode procedure's lotteries; nil for requests made
    /// before lotteries existed, which were all draw requests.
    @OptionalField(key: "kind") var kindValue: String?
    /// A ticket: the lottery it is in now, or took part in last (nil before its first).
    @OptionalField(key: "window_id") var windowID: String?
    /// `RequestUpkeep`: when the person last said they still need it, and when they were asked.
    @OptionalField(key: "kept_at") var keptAt: Date?
    @OptionalField(key: "keep_asked_at") var keepAskedAt: Date?
    /// The hash of the token in the last emailed action link ("I still need it", "I am another person"): such an
    /// email is sent long after the manage token was shown, which exists only as a hash by then.
    @OptionalField(key: "action_token_hash") var actionTokenHash: String?
    /// The scan of the permit behind a priority claim (a file name under `data/attachments/`), and its review.
    @OptionalField(key: "permit_scan") var permitScan: String?
    @OptionalField(key: "permit_scan_at") var permitScanAt: Date?
    /// `PriorityClaim.Review`.
    @OptionalField(key: "priority_review") var priorityReview: String?
    @OptionalField(key: "priority_reviewed_by") var priorityReviewedBy: String?
    @OptionalField(key: "priority_reviewed_at") var priorityReviewedAt: Date?
    @OptionalField(key: "priority_note") var priorityNote: String?

    init() {}

    enum Status {
        static let pending = "pending"
        static let waiting = "waiting"
        static let allocated = "allocated"
        static let withdrawn = "withdrawn"
        static let expired = "expired"
        static let cancelled = "cancelled"

        /// Still in the running: holds its identity, email and phone claims.
        static let active = [pending, waiting]
    }

    var isLotteryTicket: Bool { kindValue == DrawKind.releaseLottery.rawValue }

    var review: PriorityClaim.Review? { priorityReview.flatMap(PriorityClaim.Review.init(rawValue:)) }

    var unavailableWeekdays: [Weekday] {
        (try? JSONDecoder().decode([Weekday].self, from: Data(unavailableWeekdaysJSON.utf8))) ?? []
    }

    var applicantLanguage: Language { Language(rawValue: language) ?? .fr }
}
