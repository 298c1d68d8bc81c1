import Foundation

/// What an attestation vouches for: this person asked, on this day, for this procedure, with a permit expiring
/// then. Employers and the police check it at `/verify` while the person waits for an appointment.
public struct AttestationClaims: SignedClaims, Hashable {
    /// What the person asked through: an appointment, a draw request or an urgent request.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case appointment, request, urgent
    }

    public let code: String
    public let kind: Kind
    /// `IdentityKey.value`: a hash, so the signed text names nobody.
    public let identityKeyHash: String
    public let askedOn: CivilDate
    public let procedureID: String
    public let permitExpiry: CivilDate?

    public init(
        code: String, kind: Kind, identityKeyHash: String, askedOn: CivilDate, procedureID: String,
        permitExpiry: CivilDate?
    ) {
        self.code = code
        self.kind = kind
        self.identityKeyHash = identityKeyHash
        self.askedOn = askedOn
        self.procedureID = procedureID
        self.permitExpiry = permitExpiry
    }

    public var payload: Data {
        Data(
            "guichet-attestation-v1|\(code)|\(kind.rawValue)|\(identityKeyHash)|\(askedOn.iso)|\(procedureID)|\(permitExpiry?.iso ?? "-")"
                .utf8)
    }
}

/// How a document shows a registered name to someone who only holds its code: enough to match the person in
/// front of them, not enough to learn a stranger's name from a guessed code.
public enum NameMask {
    /// "Karim Youssef" → "K•••• Y••••••": the first letter of each word, the rest masked.
    public static func mask(_ name: String) -> String {
        var result = ""
        var atWordStart = true
        for character in name {
            if character == " " || character == "-" || character == "'" || character == "’" {
                result.append(character)
                atWordStart = true
            } else if atWordStart {
                result.append(character)
                atWordStart = false
            } else {
                result.append("•")
            }
        }
        return result
    }
}
