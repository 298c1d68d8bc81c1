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
    @Field(key: "status") var status: AppointmentStatus
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

    /// The keys that tie an appointment to a person ("one person, one active appointment"), computed once by the
    /// caller under today's rules.
    struct Keys {
        let identity: String
        let name: String
        let email: String
        let phone: String?
    }

    /// Every appointment is made by this initialiser, through one of the two below: a seat of `slotID` for the
    /// person whose keys these are. The caller records the identity typed and how it is confirmed.
    private init(
        id: UUID, procedureID: String, slotID: Int, keys: Keys, status: AppointmentStatus, channel: String,
        language: String, now: Date
    ) {
        self.id = id
        self.$procedure.id = procedureID
        self.$slot.id = slotID
        identityKey = keys.identity
        nameKey = keys.name
        emailKey = keys.email
        phoneKey = keys.phone
        self.status = status
        codeAttempts = 0
        self.channel = channel
        self.language = language
        createdAt = now
    }

    /// A booking of `applicant` on a seat of `slotID`, with its identity keys, as every channel makes it. The caller
    /// adds how it is confirmed (emailed code, or confirmed at once with a manage token and a convocation code).
    convenience init(
        id: UUID, procedureID: String, slotID: Int, applicant: Applicant, status: AppointmentStatus,
        channel: String, language: Language, now: Date
    ) {
        self.init(
            id: id, procedureID: procedureID, slotID: slotID,
            keys: Keys(
                identity: applicant.identityKey.value, name: applicant.nameKey.value, email: applicant.emailKey,
                phone: applicant.phoneKey),
            status: status, channel: channel, language: language.rawValue, now: now)
        record(applicant)
    }

    /// The appointment a draw or a lottery gives a request: the request's identity, typed once and checked when it
    /// was made, and keys recomputed under today's rules. No code can confirm it until the caller sets one.
    convenience init(
        allocating request: ApplicantRequest, slotID: Int, status: AppointmentStatus, channel: String,
        random: RandomSource, now: Date
    ) throws {
        guard let birth = CivilDate(iso: request.birthDate) else { throw RequestError.notFound }
        let keys = Keys(
            identity: IdentityKey.make(
                familyName: request.familyName, givenNames: request.givenNames, birthDate: birth,
                nationality: request.nationality, foreignNumber: request.foreignNumber
            ).value,
            name: IdentityKey.byNames(
                familyName: request.familyName, givenNames: request.givenNames, birthDate: birth,
                nationality: request.nationality
            ).value,
            email: EmailAddress.key(request.email),
            // Stored normalised when the request was checked (`Applicant.phone`), so it is its own key.
            phone: request.phone)
        self.init(
            id: random.with { UUID.random(using: &$0) }, procedureID: request.$procedure.id, slotID: slotID,
            keys: keys, status: status, channel: channel, language: request.language, now: now)
        record(from: request)
        codeHash = Tokens.sha256Hex(random.with { Tokens.manageToken(using: &$0) })
        holdExpiresAt = now
    }
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
                "status": status.rawValue, "code_hash": codeHash, "code_attempts": codeAttempts,
                "hold_expires_at": holdExpiresAt,
                "manage_token_hash": manageTokenHash, "convocation_code": convocationCode, "channel": channel,
                "language": language, "created_at": createdAt, "confirmed_at": confirmedAt, "closed_at": closedAt,
                "close_reason": closeReason, "reminder_queued_at": reminderQueuedAt, "checked_in_at": checkedInAt,
                "checked_in_by": checkedInBy,
            ])
    }
}
