import Crypto
import Foundation
import GuichetCore
import NIOConcurrencyHelpers
import Vapor

/// Hands out proof-of-work challenges and checks their solutions (`docs/decisions/0011`).
///
/// The HMAC key is derived from the signing key, so every process that shares it accepts the others' challenges.
/// A solution is spent once in the database (`SubmissionGate`), so no node and no restart accepts it twice.
final class ProofOfWorkDesk: @unchecked Sendable {
    let maxNumber: Int?
    let lifetime: TimeInterval = 600
    private let key: SymmetricKey

    init(maxNumber: Int?, signingKey: Curve25519.Signing.PrivateKey) {
        self.maxNumber = maxNumber
        self.key = SymmetricKey(
            data: SHA256.hash(data: Data("guichet proof-of-work".utf8) + signingKey.rawRepresentation))
    }

    var isRequired: Bool { maxNumber != nil }

    func challenge(now: Date, random: RandomSource) -> ProofOfWork.Challenge {
        random.with {
            ProofOfWork.challenge(
                key: key, maxNumber: maxNumber ?? 0, expires: now.addingTimeInterval(lifetime),
                using: &$0)
        }
    }

    /// Checks a solution's signature, expiry and number, and returns its challenge (what is spent once); nil when no
    /// proof is asked. Throws the refusal to show. Reads nothing, writes nothing.
    func verify(_ encoded: String?, now: Date) throws -> String? {
        guard isRequired else { return nil }
        guard let encoded, !encoded.isEmpty else { throw RequestError.proofOfWork(.malformed) }
        switch ProofOfWork.verify(encoded, key: key, now: now) {
        case .failure(let refusal): throw RequestError.proofOfWork(refusal)
        case .success(let solution): return solution.challenge.lowercased()
        }
    }
}

/// Where the page's script puts the solved challenge (API clients send the `Altcha` header).
enum ProofOfWorkCheck {
    static let field = "altcha"
}
