import Crypto
import Foundation
import GuichetCore
import Testing

@Suite struct AttestationTests {
    let key = Curve25519.Signing.PrivateKey()
    let claims = AttestationClaims(
        code: "7K3QD-M9XTA", kind: .request, identityKeyHash: "ab12", askedOn: CivilDate(iso: "2026-12-01")!,
        procedureID: "renewal", permitExpiry: CivilDate(iso: "2026-12-20"))

    @Test func aSignatureVerifiesOnlyForTheSameClaims() throws {
        let signature = try ConvocationSignature.sign(claims, with: key)
        #expect(ConvocationSignature.verify(claims, signature: signature, with: key.publicKey))
        let later = AttestationClaims(
            code: claims.code, kind: claims.kind, identityKeyHash: claims.identityKeyHash,
            askedOn: CivilDate(iso: "2026-11-01")!, procedureID: claims.procedureID,
            permitExpiry: claims.permitExpiry)
        #expect(!ConvocationSignature.verify(later, signature: signature, with: key.publicKey))
        let other = AttestationClaims(
            code: claims.code, kind: .urgent, identityKeyHash: claims.identityKeyHash,
            askedOn: claims.askedOn, procedureID: claims.procedureID, permitExpiry: claims.permitExpiry)
        #expect(!ConvocationSignature.verify(other, signature: signature, with: key.publicKey))
        #expect(
            !ConvocationSignature.verify(claims, signature: signature, with: Curve25519.Signing.PrivateKey().publicKey))
    }

    @Test func anAttestationAndAConvocationNeverShareSignedBytes() {
        let convocation = ConvocationClaims(
            appointmentID: "7K3QD-M9XTA", identityKeyHash: "ab12", start: Date(), counterID: "renewal")
        #expect(convocation.payload != claims.payload)
        #expect(String(decoding: claims.payload, as: UTF8.self).hasPrefix("guichet-attestation-v1|"))
    }

    @Test(arguments: [
        ("Karim Youssef", "K•••• Y••••••"),
        ("Nguyễn Thị Lan", "N••••• T•• L••"),
        ("Jean-Pierre O'Neil", "J•••-P••••• O'N•••"),
        ("محمد", "م•••"),
        ("", ""),
    ])
    func namesAreMaskedButTheirInitialsStay(name: String, masked: String) {
        #expect(NameMask.mask(name) == masked)
    }
}

@Suite struct UploadedFileKindTests {
    @Test func kindsAreReadFromTheBytes() {
        #expect(UploadedFileKind.detect([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]) == .png)
        #expect(UploadedFileKind.detect([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]) == .jpeg)
        #expect(UploadedFileKind.detect(Array("%PDF-1.7\n...\n%%EOF\n".utf8)) == .pdf)
    }

    @Test func lookalikesAreRefused() {
        #expect(UploadedFileKind.detect(Array("%PDF-1.7 but no end marker".utf8)) == nil)
        #expect(UploadedFileKind.detect(Array("<html>%PDF-</html>".utf8)) == nil)
        #expect(UploadedFileKind.detect([0x89, 0x50, 0x4E, 0x47]) == nil)
        #expect(UploadedFileKind.detect([UInt8]()) == nil)
        #expect(UploadedFileKind.detect(Array("GIF89a".utf8)) == nil)
    }
}
