import Crypto
import Foundation

/// A proof-of-work challenge in ALTCHA's format (DESIGN.md, "Abuse resistance"): the server picks a secret number up
/// to `maxnumber`, publishes SHA-256(salt + number) and an HMAC of it; the browser finds the number by trying them
/// all, which costs it a fraction of a second and costs a machine firing thousands of holds as many times that. The
/// salt carries the expiry (`?expires=<unix seconds>`), so the HMAC covers it and nothing is stored until a solution
/// is spent.
public enum ProofOfWork {
    public static let algorithm = "SHA-256"

    public struct Challenge: Codable, Sendable, Equatable {
        public let algorithm: String
        public let challenge: String
        public let maxnumber: Int
        public let salt: String
        public let signature: String
    }

    /// What the page sends back, base64 of this JSON.
    public struct Solution: Codable, Sendable, Equatable {
        public let algorithm: String
        public let challenge: String
        public let number: Int
        public let salt: String
        public let signature: String

        public init(algorithm: String, challenge: String, number: Int, salt: String, signature: String) {
            self.algorithm = algorithm
            self.challenge = challenge
            self.number = number
            self.salt = salt
            self.signature = signature
        }

        /// The form field's or header's value.
        public var encoded: String {
            Data((try? JSONEncoder().encode(self)) ?? Data()).base64EncodedString()
        }
    }

    public enum Refusal: Error, Equatable, Sendable {
        /// Absent, not base64 of the JSON, or another algorithm.
        case malformed
        /// The HMAC does not match: not a challenge of ours, or altered.
        case forged
        case expired
        /// The number does not give the challenge.
        case wrongNumber
        /// Already spent by an earlier submission, on any node (the service keeps spent answers, not this type).
        case spent
    }

    public static func challenge(
        key: SymmetricKey, maxNumber: Int, expires: Date,
        using generator: inout some RandomNumberGenerator
    ) -> Challenge {
        let saltBytes = (0..<12).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let salt = Hex.encode(saltBytes) + "?expires=\(Int(expires.timeIntervalSince1970))"
        let number = Int.random(in: 0...max(0, maxNumber), using: &generator)
        let challenge = hash(salt, number)
        return Challenge(
            algorithm: algorithm, challenge: challenge, maxnumber: maxNumber, salt: salt,
            signature: sign(challenge, key: key))
    }

    /// Checks a submitted solution: ours (HMAC), not expired, and the number right. Returns the solution, whose
    /// `challenge` the caller spends so that it serves once.
    public static func verify(_ encoded: String, key: SymmetricKey, now: Date) -> Result<Solution, Refusal> {
        guard encoded.count <= 2_000, let data = Data(base64Encoded: encoded.trimmingCharacters(in: .whitespaces)),
            let solution = try? JSONDecoder().decode(Solution.self, from: data),
            solution.algorithm == algorithm, solution.number >= 0
        else { return .failure(.malformed) }
        guard Tokens.constantTimeEquals(sign(solution.challenge, key: key), solution.signature.lowercased()) else {
            return .failure(.forged)
        }
        guard let expires = expiry(of: solution.salt), Double(expires) > now.timeIntervalSince1970 else {
            return .failure(.expired)
        }
        guard Tokens.constantTimeEquals(hash(solution.salt, solution.number), solution.challenge.lowercased()) else {
            return .failure(.wrongNumber)
        }
        return .success(solution)
    }

    /// The number, by trying every one up to `maxnumber` as a browser does; nil if none fits.
    public static func solve(_ challenge: Challenge) -> Int? {
        (0...max(0, challenge.maxnumber)).first { hash(challenge.salt, $0) == challenge.challenge }
    }

    /// When the challenge lapses, from its salt's `expires` parameter.
    public static func expiry(of salt: String) -> Int? {
        guard let query = salt.split(separator: "?", maxSplits: 1).dropFirst().first else { return nil }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0] == "expires" { return Int(parts[1]) }
        }
        return nil
    }

    static func hash(_ salt: String, _ number: Int) -> String {
        Hex.encode(SHA256.hash(data: Data((salt + String(number)).utf8)))
    }

    static func sign(_ challenge: String, key: SymmetricKey) -> String {
        Hex.encode(HMAC<SHA256>.authenticationCode(for: Data(challenge.utf8), using: key))
    }
}
