import Crypto
import Foundation

/// What a convocation vouches for: this appointment, for this person, at this time, at this counter.
/// What a signature covers: exact, versioned bytes rebuilt from the database by the verifier.
public protocol SignedClaims: Sendable {
    var payload: Data { get }
}

public struct ConvocationClaims: SignedClaims, Hashable {
    public let appointmentID: String
    /// `IdentityKey.value`: a hash, so the signed text names nobody.
    public let identityKeyHash: String
    public let start: Date
    public let counterID: String

    public init(appointmentID: String, identityKeyHash: String, start: Date, counterID: String) {
        self.appointmentID = appointmentID
        self.identityKeyHash = identityKeyHash
        self.start = start
        self.counterID = counterID
    }

    /// The exact bytes signed. Versioned, `|`-separated, whole seconds: the verifier rebuilds them from the
    /// database, so any change of person, time or counter breaks the signature.
    public var payload: Data {
        Data(
            "guichet-convocation-v1|\(appointmentID)|\(identityKeyHash)|\(Int64(start.timeIntervalSince1970))|\(counterID)"
                .utf8)
    }
}

/// Ed25519 signatures that make a convocation prove itself (DESIGN.md, principle 4). The signature travels in the
/// QR code's URL as base64url; anyone holding the public key can check it, only the server can make one.
public enum ConvocationSignature {
    public static func sign(_ claims: some SignedClaims, with key: Curve25519.Signing.PrivateKey) throws -> String {
        Base64URL.encode(try key.signature(for: claims.payload))
    }

    /// False for a malformed, altered or foreign signature, and for claims that differ in any field.
    public static func verify(
        _ claims: some SignedClaims, signature: String,
        with key: Curve25519.Signing.PublicKey
    ) -> Bool {
        guard signature.count <= 128, let bytes = Base64URL.decode(signature), bytes.count == 64 else { return false }
        return key.isValidSignature(bytes, for: claims.payload)
    }
}

/// base64url without padding (RFC 4648 §5), as used in URLs.
public enum Base64URL {
    public static func encode(_ data: some DataProtocol) -> String {
        Data(data).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public static func decode(_ text: String) -> Data? {
        guard text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            return nil
        }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}
