import Fluent
import Foundation
import GuichetCore

/// A seat held for one identity: `pending` until the emailed code is entered, then `confirmed`.
///
/// The identity fields are written once and never updated; a change of person is a cancellation.
final class Appointment: Model, @unchecked Sendable {
    static let schema = "appointments"

    @ID(key: .id) var id: UUID?
    @Parent(key: "procedure_id") var procedure: Procedure
    @Parent(key: "slot_id") var slot: Slot
    @Field(key: "family_name") var familyName: String
    @Field(key: "given_names") var givenNames: String
    @Field(key: "birth_date") var birthDate: String
    @Field(key: "nationality") var nationality: String
    @OptionalField(key: "foreign_number") var foreignNumber: String?
    @OptionalField(key: "permit_expiry") var permitExpiry: String?
    @Field(key: "email") var email: String
    @OptionalField(key: "phone") var phone: String?
    @Field(key: "identity_key") var identityKey: String
    @Field(key: "name_key") var nameKey: String
    @Field(key: "email_key") var emailKey: String
    @OptionalField(key: "phone_key") var phoneKey: String?
    @Field(key: "status") var status: String
    @Field(key: "code_hash") var codeHash: String
    @Field(key: "code_attempts") var codeAttempts: Int
    @Field(key: "hold_expires_at") var holdExpiresAt: Date
    @OptionalField(key: "manage_token_hash") var manageTokenHash: String?
    @OptionalField(key: "convocation_code") var convocationCode: String?
    @Field(key: "channel") var channel: String
    @Field(key: "language") var language: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "confirmed_at") var confirmedAt: Date?
    @OptionalField(key: "closed_at") var closedAt: Date?
    @OptionalField(key: "close_reason") var closeReason: String?
    @OptionalField(key: "reminder_queued_at") var reminderQueuedAt: Date?
    @OptionalField(key: "checked_in_at") var checkedInAt: Date?
    @OptionalField(key: "checked_in_by") var checkedInBy: String?

    init() {}

    /// A booking of `applicant` on a seat of `slotID`, with its identity keys, as every channel makes it. The caller
    /// adds how it is confirmed (emailed code, or confirmed at once with a manage token and a convocation code).
    init(
        id: UUID, procedureID: String, slotID: Int, applicant: Applicant, status: AppointmentStatus,
        channel: String, language: Language, now: Date
    ) {
        self.id = id
        self.$procedure.id = procedureID
        self.$slot.id = slotID
        record(applicant)
        identityKey = applicant.identityKey.value
        nameKey = applicant.nameKey.value
        emailKey = applicant.emailKey
        phoneKey = applicant.phoneKey
        self.status = status.rawValue
        codeAttempts = 0
        self.channel = channel
        self.language = language.rawValue
        createdAt = now
    }

    /// The appointment a draw or a lottery gives a request: the request's identity, typed once and checked when it
    /// was made, and keys recomputed under today's rules. No code can confirm it until the caller sets one.
    init(
        allocating request: ApplicantRequest, slotID: Int, status: AppointmentStatus, channel: String,
        random: RandomSource, now: Date
    ) throws {
        guard let birth = CivilDate(iso: request.birthDate) else { throw RequestError.notFound }
        self.id = random.with { UUID.random(using: &$0) }
        self.$procedure.id = request.$procedure.id
        self.$slot.id = slotID
        record(from: request)
        identityKey =
            IdentityKey.make(
                familyName: request.familyName, givenNames: request.givenNames,
                birthDate: birth, nationality: request.nationality,
                foreignNumber: request.foreignNumber
            ).value
        nameKey =
            IdentityKey.byNames(
                familyName: request.familyName, givenNames: request.givenNames,
                birthDate: birth, nationality: request.nationality
            ).value
        emailKey = EmailAddress.key(request.email)
        // Stored normalised when the request was checked (`Applicant.phone`), so it is its own key.
        phoneKey = request.phone
        self.status = status.rawValue
        codeHash = Tokens.sha256Hex(random.with { Tokens.manageToken(using: &$0) })
        codeAttempts = 0
        holdExpiresAt = now
        self.channel = channel
        language = request.language
        createdAt = now
    }

    var appointmentStatus: AppointmentStatus { AppointmentStatus(rawValue: status) ?? .cancelled }
}

extension Appointment {
    /// The new row, as `create(on:)` would insert it (`InsertRow`).
    var insertRow: InsertRow {
        InsertRow(
            Self.schema,
            [
                "id": id, "procedure_id": $procedure.id, "slot_id": $slot.id,
                "family_name": familyName, "given_names": givenNames, "birth_date": birthDate,
                "nationality": nationality,
                "foreign_number": foreignNumber, "permit_expiry": permitExpiry, "email": email, "phone": phone,
                "identity_key": identityKey, "name_key": nameKey, "email_key": emailKey, "phone_key": phoneKey,
                "status": status, "code_hash": codeHash, "code_attempts": codeAttempts,
                "hold_expires_at": holdExpiresAt,
                "manage_token_hash": manageTokenHash, "convocation_code": convocationCode, "channel": channel,
                "language": language, "created_at": createdAt, "confirmed_at": confirmedAt, "closed_at": closedAt,
                "close_reason": closeReason, "reminder_queued_at": reminderQueuedAt, "checked_in_at": checkedInAt,
                "checked_in_by": checkedInBy,
            ])
    }
}
