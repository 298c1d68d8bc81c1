import Fluent
import Foundation
import GuichetCore

/// Issues the attestation of an appointment, a draw request or an urgent request: once, on first demand, signed.
enum Attestations {
    struct Subject {
        let kind: AttestationClaims.Kind
        let id: String
        let identity: any IdentityColumns
        let procedureID: String
        let askedAt: Date
    }

    /// The subject's attestation, issued now if it has none yet. Two concurrent first demands end with one row:
    /// the unique (kind, subject) index refuses the second, which then reads the first.
    static func issue(for subject: Subject, services: GuichetServices, on db: any Database) async throws -> Attestation
    {
        if let existing = try await find(subject, on: db) { return existing }
        let identity = subject.identity
        guard let birthDate = CivilDate(iso: identity.birthDate) else { throw RequestError.notFound }
        let identityKey = IdentityKey.make(
            familyName: identity.familyName, givenNames: identity.givenNames,
            birthDate: birthDate, nationality: identity.nationality,
            foreignNumber: identity.foreignNumber
        ).value
        let attestation = Attestation()
        attestation.id = services.random.with { UUID.random(using: &$0) }
        attestation.code = services.random.with { Tokens.shortCode(using: &$0) }
        attestation.kind = subject.kind.rawValue
        attestation.subjectID = subject.id
        attestation.identityKey = identityKey
        attestation.familyName = identity.familyName
        attestation.givenNames = identity.givenNames
        attestation.birthDate = identity.birthDate
        attestation.$procedure.id = subject.procedureID
        attestation.askedOn = ParisTime.civilDate(of: subject.askedAt).iso
        attestation.permitExpiry = identity.permitExpiry
        attestation.issuedAt = services.clock.now()
        guard let claims = attestation.claims else { throw RequestError.notFound }
        attestation.signature = try ConvocationSignature.sign(claims, with: services.signingKey)
        do {
            try await db.write(through: services.writeGate) { tx in try await attestation.create(on: tx) }
        } catch {
            if let existing = try await find(subject, on: db) { return existing }
            throw error
        }
        return attestation
    }

    private static func find(_ subject: Subject, on db: any Database) async throws -> Attestation? {
        try await Attestation.query(on: db).filter(\.$kind == subject.kind.rawValue).filter(\.$subjectID == subject.id)
            .first()
    }
}
