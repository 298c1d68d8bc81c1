import Fluent
import Foundation
import GuichetCore

/// A signed statement that a person asked for an appointment, for employers and the police while they wait.
/// The identity is copied from what it attests, so it stays readable whatever becomes of the booking.
final class Attestation: Model, @unchecked Sendable {
    static let schema = "attestations"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "kind") var kind: String
    @Field(key: "subject_id") var subjectID: String
    @Field(key: "identity_key") var identityKey: String
    @Field(key: "family_name") var familyName: String
    @Field(key: "given_names") var givenNames: String
    @Field(key: "birth_date") var birthDate: String
    @Parent(key: "procedure_id") var procedure: Procedure
    @Field(key: "asked_on") var askedOn: String
    @OptionalField(key: "permit_expiry") var permitExpiry: String?
    @Field(key: "signature") var signature: String
    @Field(key: "issued_at") var issuedAt: Date

    init() {}

    var claims: AttestationClaims? {
        guard let kind = AttestationClaims.Kind(rawValue: kind), let askedOn = CivilDate(iso: askedOn) else {
            return nil
        }
        return AttestationClaims(
            code: code, kind: kind, identityKeyHash: identityKey, askedOn: askedOn,
            procedureID: $procedure.id, permitExpiry: permitExpiry.flatMap(CivilDate.init(iso:)))
    }
}
