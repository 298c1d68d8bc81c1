import Crypto
import Foundation
import GuichetCore
import Testing

@Suite struct ConvocationSignatureTests {
    static let key = try! Curve25519.Signing.PrivateKey(rawRepresentation: Data(repeating: 7, count: 32))
    static let claims = ConvocationClaims(
        appointmentID: "3f1c9a52-7b0e-4d3a-9c51-2a8e6f0b7d14",
        identityKeyHash: String(repeating: "ab", count: 32),
        start: Date(timeIntervalSince1970: 1_796_000_400), counterID: "mtp-1")

    @Test func aSignatureVerifiesWithThePublicKey() throws {
        let signature = try ConvocationSignature.sign(Self.claims, with: Self.key)
        #expect(signature.count == 86)
        #expect(ConvocationSignature.verify(Self.claims, signature: signature, with: Self.key.publicKey))
    }

    @Test(arguments: [
        ConvocationClaims(
            appointmentID: "3f1c9a52-7b0e-4d3a-9c51-2a8e6f0b7d15", identityKeyHash: String(repeating: "ab", count: 32),
            start: Date(timeIntervalSince1970: 1_796_000_400), counterID: "mtp-1"),
        ConvocationClaims(
            appointmentID: "3f1c9a52-7b0e-4d3a-9c51-2a8e6f0b7d14", identityKeyHash: String(repeating: "ac", count: 32),
            start: Date(timeIntervalSince1970: 1_796_000_400), counterID: "mtp-1"),
        ConvocationClaims(
            appointmentID: "3f1c9a52-7b0e-4d3a-9c51-2a8e6f0b7d14", identityKeyHash: String(repeating: "ab", count: 32),
            start: Date(timeIntervalSince1970: 1_796_001_600), counterID: "mtp-1"),
        ConvocationClaims(
            appointmentID: "3f1c9a52-7b0e-4d3a-9c51-2a8e6f0b7d14", identityKeyHash: String(repeating: "ab", count: 32),
            start: Date(timeIntervalSince1970: 1_796_000_400), counterID: "mtp-3"),
    ])
    func anyChangedClaimBreaksTheSignature(altered: ConvocationClaims) throws {
        let signature = try ConvocationSignature.sign(Self.claims, with: Self.key)
        #expect(!ConvocationSignature.verify(altered, signature: signature, with: Self.key.publicKey))
    }

    @Test func forgedOrMalformedSignaturesAreRefused() throws {
        let signature = try ConvocationSignature.sign(Self.claims, with: Self.key)
        let other = Curve25519.Signing.PrivateKey()
        #expect(!ConvocationSignature.verify(Self.claims, signature: signature, with: other.publicKey))
        #expect(
            !ConvocationSignature.verify(
                Self.claims, signature: try ConvocationSignature.sign(Self.claims, with: other),
                with: Self.key.publicKey))
        var flipped = Array(signature)
        flipped[10] = flipped[10] == "A" ? "B" : "A"
        for bad in [String(flipped), "", "not a signature!", String(signature.dropLast(2)), signature + "AA"] {
            #expect(!ConvocationSignature.verify(Self.claims, signature: bad, with: Self.key.publicKey), "\(bad)")
        }
    }

    @Test func base64URLRoundTrips() {
        for length in 0..<70 {
            let data = Data((0..<length).map { UInt8(($0 * 37 + 11) % 256) })
            let text = Base64URL.encode(data)
            #expect(!text.contains("=") && !text.contains("+") && !text.contains("/"))
            #expect(Base64URL.decode(text) == data)
        }
    }
}
