import Crypto
import Fluent
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
        guard
            FileManager.default.createFile(
                atPath: file.path, contents: Data(text.utf8),
                attributes: [.posixPermissions: 0o600])
        else {
            throw ConfigError("cannot write the signing key to \(file.path)")
        }
        return try parse(String(decoding: try Data(contentsOf: file), as: UTF8.self), source: file.path)
    }

    static func parse(_ text: String, source: String) throws -> Curve25519.Signing.PrivateKey {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let bytes = Data(base64Encoded: trimmed) ?? Base64URL.decode(trimmed), bytes.count == 32,
            let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: bytes)
        else {
            throw ConfigError(
                "\(source) must hold an Ed25519 private key: base64 of 32 bytes (openssl rand -base64 32)")
        }
        return key
    }
}

/// Every node sharing a database must sign with one key (issue 11): a convocation signed by node A is checked at the
/// counter by whichever node answers, and a proof-of-work challenge of node A is solved and sent to node B. The
/// first node to start records its public key's fingerprint; a node started with another key refuses to start,
/// rather than serve convocations that other nodes call forged.
enum SigningKeyCheck {
    static let settingKey = "signing_key_fingerprint"

    /// The first 16 hex digits of the SHA-256 of the public key: enough to tell keys apart, nothing to sign with.
    static func fingerprint(_ key: Curve25519.Signing.PrivateKey) -> String {
        String(Tokens.sha256Hex(key.publicKey.rawRepresentation.base64EncodedString()).prefix(16))
    }

    /// Records the key on first use; throws when the database knows another. `GUICHET_SIGNING_KEY_ROTATE=1` on one
    /// start replaces the record (every convocation signed before stops verifying).
    static func verify(_ key: Curve25519.Signing.PrivateKey, rotate: Bool, gate: WriteGate, on db: any Database)
        async throws
    {
        let mine = fingerprint(key)
        try await db.write(through: gate) { tx in
            if let stored = try await Setting.find(settingKey, on: tx) {
                guard stored.value != mine else { return }
                guard rotate else {
                    throw ConfigError(
                        """
                        this node's signing key (fingerprint \(mine)) is not the one the other nodes of this database \
                        sign with (\(stored.value)): set the same GUICHET_SIGNING_KEY on every node. To change the key \
                        of every node on purpose, start one node with GUICHET_SIGNING_KEY_ROTATE=1 (convocations \
                        signed with the old key stop verifying)
                        """)
                }
                stored.value = mine
                try await stored.save(on: tx)
            } else {
                try await Setting(key: settingKey, value: mine).create(on: tx)
            }
        }
    }
}
