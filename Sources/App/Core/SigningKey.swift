import Crypto
import Foundation
import GuichetCore

/// The key that makes convocations and attestations prove themselves (DESIGN.md, principle 4).
enum SigningKey {
    static let fileName = "signing-key"

    /// From `GUICHET_SIGNING_KEY` when set; otherwise from the data folder, generated there (readable by the
    /// owner only) on first start. A key that cannot be read stops the start: signing with a new one would make
    /// every convocation already sent fail verification.
    static func load(_ config: GuichetConfig) throws -> Curve25519.Signing.PrivateKey {
        if let text = config.signingKey {
            return try parse(text, source: "GUICHET_SIGNING_KEY")
        }
        let file = config.dataDirectory.appendingPathComponent(fileName)
        if FileManager.default.fileExists(atPath: file.path) {
            return try parse(String(decoding: try Data(contentsOf: file), as: UTF8.self), source: file.path)
        }
        let key = Curve25519.Signing.PrivateKey()
        let text = key.rawRepresentation.base64EncodedString() + "\n"
        // Owner-only: whoever reads this file can forge convocations.
        guard FileManager.default.createFile(atPath: file.path, contents: Data(text.utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw ConfigError("cannot write the signing key to \(file.path)")
        }
        return try parse(String(decoding: try Data(contentsOf: file), as: UTF8.self), source: file.path)
    }

    static func parse(_ text: String, source: String) throws -> Curve25519.Signing.PrivateKey {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let bytes = Data(base64Encoded: trimmed) ?? Base64URL.decode(trimmed), bytes.count == 32,
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: bytes) else {
            throw ConfigError("\(source) must hold an Ed25519 private key: base64 of 32 bytes (openssl rand -base64 32)")
        }
        return key
    }
}
