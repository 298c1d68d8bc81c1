import Crypto
import Foundation
import Testing
import Vapor

@testable import App

extension AppTests {
    /// Issue 11: nodes of one database sign with one key, or the second refuses to start.
    @Suite struct SigningKeyCheckTests {
        @Test func aNodeWithAnotherKeyRefusesToStartUnlessRotating() async throws {
            try await withGuichetApp(demo: false) { app in
                let first = Curve25519.Signing.PrivateKey()
                let other = Curve25519.Signing.PrivateKey()
                let gate = app.guichet.writeGate
                try await SigningKeyCheck.verify(first, rotate: false, gate: gate, on: app.db)
                try await SigningKeyCheck.verify(first, rotate: false, gate: gate, on: app.db)
                let refusal = await #expect(throws: ConfigError.self) {
                    try await SigningKeyCheck.verify(other, rotate: false, gate: gate, on: app.db)
                }
                #expect(refusal?.description.contains(SigningKeyCheck.fingerprint(first)) == true)
                #expect(refusal?.description.contains(SigningKeyCheck.fingerprint(other)) == true)
                #expect(refusal?.description.contains("GUICHET_SIGNING_KEY") == true)
                // on purpose: the new key replaces the record, and the old one is refused from then on
                try await SigningKeyCheck.verify(other, rotate: true, gate: gate, on: app.db)
                await #expect(throws: ConfigError.self) {
                    try await SigningKeyCheck.verify(first, rotate: false, gate: gate, on: app.db)
                }
                #expect(SigningKeyCheck.fingerprint(first).count == 16)
                #expect(!SigningKeyCheck.fingerprint(first).contains(first.rawRepresentation.base64EncodedString()))
            }
        }
    }
}
