import Crypto
import Foundation
import GuichetCore
import Testing

@Suite struct ProofOfWorkTests {
    let key = SymmetricKey(data: Data(repeating: 7, count: 32))
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func challenge(maxNumber: Int = 2_000, expiresIn: TimeInterval = 600) -> ProofOfWork.Challenge {
        var generator = SeededGenerator(seed: 3)
        return ProofOfWork.challenge(
            key: key, maxNumber: maxNumber, expires: now.addingTimeInterval(expiresIn),
            using: &generator)
    }

    func solution(
        _ challenge: ProofOfWork.Challenge, number: Int? = nil, salt: String? = nil,
        signature: String? = nil
    ) -> String {
        ProofOfWork.Solution(
            algorithm: challenge.algorithm, challenge: challenge.challenge,
            number: number ?? ProofOfWork.solve(challenge)!, salt: salt ?? challenge.salt,
            signature: signature ?? challenge.signature
        ).encoded
    }

    @Test func theChallengeHasALTCHAsShape() {
        let made = challenge()
        #expect(made.algorithm == "SHA-256")
        #expect(made.maxnumber == 2_000)
        #expect(made.challenge.count == 64 && made.signature.count == 64)
        #expect(made.salt.hasSuffix("?expires=1800000600"))
        #expect(ProofOfWork.expiry(of: made.salt) == 1_800_000_600)
        // SHA-256(salt + number) for some number up to maxnumber, found by trying them in order
        let number = ProofOfWork.solve(made)
        #expect(number != nil && number! <= 2_000)
    }

    @Test func aRightSolutionIsAccepted() throws {
        let made = challenge()
        let verified = try ProofOfWork.verify(solution(made), key: key, now: now).get()
        #expect(verified.challenge == made.challenge)
    }

    @Test func everyWayOfCheatingIsRefused() {
        let made = challenge()
        let right = ProofOfWork.solve(made)!
        #expect(ProofOfWork.verify(solution(made, number: right + 1), key: key, now: now) == .failure(.wrongNumber))
        // a salt moved forward in time no longer matches the HMAC'd challenge
        let later = made.salt.replacingOccurrences(of: "1800000600", with: "1900000000")
        #expect(
            ProofOfWork.verify(solution(made, number: right, salt: later), key: key, now: now) == .failure(.wrongNumber)
        )
        #expect(
            ProofOfWork.verify(solution(made, signature: String(repeating: "0", count: 64)), key: key, now: now)
                == .failure(.forged))
        let otherKey = SymmetricKey(data: Data(repeating: 8, count: 32))
        #expect(ProofOfWork.verify(solution(made), key: otherKey, now: now) == .failure(.forged))
        #expect(ProofOfWork.verify(solution(made), key: key, now: now.addingTimeInterval(601)) == .failure(.expired))
        for garbage in ["", "not base64!", Data("{}".utf8).base64EncodedString(), String(repeating: "A", count: 3_000)]
        {
            #expect(ProofOfWork.verify(garbage, key: key, now: now) == .failure(.malformed))
        }
        let sha1 = ProofOfWork.Solution(
            algorithm: "SHA-1", challenge: made.challenge, number: right, salt: made.salt,
            signature: made.signature
        ).encoded
        #expect(ProofOfWork.verify(sha1, key: key, now: now) == .failure(.malformed))
    }

    @Test func theChallengeIsSHA256OfTheSaltThenTheNumberInDecimal() throws {
        // printf 'abc?expires=1900000000' '12' | sha256sum, and its HMAC with the key, computed apart from the type
        let salt = "abc?expires=1900000000"
        let digest = SHA256.hash(data: Data((salt + "12").utf8)).map { String(format: "%02x", $0) }.joined()
        let signature = HMAC<SHA256>.authenticationCode(for: Data(digest.utf8), using: key)
            .map { String(format: "%02x", $0) }.joined()
        let encoded = ProofOfWork.Solution(
            algorithm: "SHA-256", challenge: digest, number: 12, salt: salt,
            signature: signature
        ).encoded
        #expect(try ProofOfWork.verify(encoded, key: key, now: now).get().number == 12)
        #expect(ProofOfWork.expiry(of: "abc?expires=1&x=2") == 1)
        #expect(ProofOfWork.expiry(of: "abc") == nil)
    }
}
