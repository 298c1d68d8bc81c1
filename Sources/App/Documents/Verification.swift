import Fluent
import Foundation
import GuichetCore

/// Is this convocation or attestation genuine? Anyone may ask with the short code (typed) or the QR code's URL
/// (code and signature). The answer shows a masked name, so a guessed code teaches nothing about a stranger, and
/// the verdict without the status behind it: whether the person came, was turned away or cancelled is theirs
/// (`docs/decisions/0020`).
enum Verification {
    enum Verdict: String, Encodable {
        /// The code exists, its signature (when given) matches, and what it attests is still current.
        case valid
        /// Genuine, but the appointment or request it refers to was cancelled, withdrawn or has expired.
        case cancelled
        /// No document carries this code.
        case unknown
        /// The code exists but the signature does not match it: the document was altered or forged.
        case forged
    }

    enum Document: String, Encodable {
        case convocation, attestation
    }

    struct Outcome: Sendable {
        let verdict: Verdict
        let document: Document?
        let maskedName: String?
        let birthYear: String?
        let procedureID: String?
        /// Convocations: when and where. Attestations: the day the person asked.
        let start: Date?
        let counterID: String?
        let askedOn: CivilDate?
        let permitExpiry: CivilDate?

        static let unknown = Outcome(
            verdict: .unknown, document: nil, maskedName: nil, birthYear: nil,
            procedureID: nil, start: nil, counterID: nil, askedOn: nil, permitExpiry: nil)
    }

    static func check(
        code typed: String, signature: String?, services: GuichetServices,
        on db: any Database
    ) async throws -> Outcome {
        guard let code = Tokens.normaliseShortCode(typed) else { return .unknown }
        let key = services.signingKey.publicKey
        if let appointment = try await Appointment.query(on: db).filter(\.$convocationCode == code).first(),
            let slot = try await Slot.find(appointment.$slot.id, on: db)
        {
            let claims = convocationClaims(appointment, slot)
            let status = appointment.status
            var verdict: Verdict = [.confirmed, .checkedIn, .served].contains(status) ? .valid : .cancelled
            if let signature, !ConvocationSignature.verify(claims, signature: signature, with: key) {
                verdict = .forged
            }
            return Outcome(
                verdict: verdict, document: .convocation, maskedName: NameMask.mask(appointment.displayName),
                birthYear: String(appointment.birthDate.prefix(4)), procedureID: appointment.$procedure.id,
                start: slot.startsAt, counterID: slot.$counter.id, askedOn: nil,
                permitExpiry: nil)
        }
        if let attestation = try await Attestation.query(on: db).filter(\.$code == code).first(),
            let claims = attestation.claims
        {
            let current = try await subjectStatus(attestation, on: db)
            var verdict: Verdict = current.active ? .valid : .cancelled
            // The stored signature is checked too: a row edited in the database no longer verifies.
            let stored = ConvocationSignature.verify(claims, signature: attestation.signature, with: key)
            let given = signature.map { ConvocationSignature.verify(claims, signature: $0, with: key) } ?? true
            if !stored || !given { verdict = .forged }
            return Outcome(
                verdict: verdict, document: .attestation,
                maskedName: NameMask.mask("\(attestation.givenNames) \(attestation.familyName)"),
                birthYear: String(attestation.birthDate.prefix(4)), procedureID: attestation.$procedure.id,
                start: nil, counterID: nil, askedOn: claims.askedOn, permitExpiry: claims.permitExpiry)
        }
        return .unknown
    }

    static func convocationClaims(_ appointment: Appointment, _ slot: Slot) -> ConvocationClaims {
        ConvocationClaims(
            appointmentID: appointment.id!.uuidString.lowercased(), identityKeyHash: appointment.identityKey,
            start: slot.startsAt, counterID: slot.$counter.id)
    }

    /// The URL in a convocation's QR code.
    static func convocationURL(_ appointment: Appointment, _ slot: Slot, services: GuichetServices) throws -> String? {
        guard let code = appointment.convocationCode else { return nil }
        let signature = try ConvocationSignature.sign(convocationClaims(appointment, slot), with: services.signingKey)
        return services.config.baseURL + SitePath.verify(code, signature: signature)
    }

    /// What became of what the attestation is about: an attestation stops vouching once that was given up.
    private static func subjectStatus(_ attestation: Attestation, on db: any Database) async throws -> (
        active: Bool, status: String
    ) {
        switch AttestationClaims.Kind(rawValue: attestation.kind) {
        case .appointment:
            guard let id = UUID(uuidString: attestation.subjectID),
                let appointment = try await Appointment.find(id, on: db)
            else { return (false, "unknown") }
            let status = appointment.status
            return ([.pending, .confirmed, .checkedIn, .served].contains(status), status.rawValue)
        case .request:
            guard let id = UUID(uuidString: attestation.subjectID),
                let request = try await ApplicantRequest.find(id, on: db)
            else { return (false, "unknown") }
            let active = [ApplicantRequest.Status.waiting, ApplicantRequest.Status.allocated].contains(request.status)
            return (active, request.status)
        case .urgent:
            guard let id = UUID(uuidString: attestation.subjectID),
                let urgent = try await UrgentRequest.find(id, on: db)
            else { return (false, "unknown") }
            return (urgent.status == UrgentRequest.Status.received, urgent.status)
        case nil:
            return (false, "unknown")
        }
    }
}
