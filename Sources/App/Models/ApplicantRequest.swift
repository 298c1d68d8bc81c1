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

    init() {}

    enum Status {
        static let pending = "pending"
        static let waiting = "waiting"
        static let allocated = "allocated"
        static let withdrawn = "withdrawn"
        static let expired = "expired"
        static let cancelled = "cancelled"
    }

    var unavailableWeekdays: [Weekday] {
        (try? JSONDecoder().decode([Weekday].self, from: Data(unavailableWeekdaysJSON.utf8))) ?? []
    }

    var applicantLanguage: Language { Language(rawValue: language) ?? .fr }
}
