import Crypto
import Foundation
import GuichetCore
import NIOConcurrencyHelpers
import Vapor

/// Hands out proof-of-work challenges and spends their solutions once (`docs/decisions/0011`).
///
/// The HMAC key is derived from the signing key, so every process that shares it accepts the others' challenges.
/// Spent solutions are remembered in this process until they expire: on several processes a solution could be
/// spent once on each, at most, within its ten minutes.
final class ProofOfWorkDesk: @unchecked Sendable {
    let maxNumber: Int?
    let lifetime: TimeInterval = 600
    private let key: SymmetricKey
    private let lock = NIOLock()
    private var spent: [String: Date] = [:]

    init(maxNumber: Int?, signingKey: Curve25519.Signing.PrivateKey) {
        self.maxNumber = maxNumber
        self.key = SymmetricKey(data: SHA256.hash(data: Data("guichet proof-of-work".utf8) + signingKey.rawRepresentation))
    }

    var isRequired: Bool { maxNumber != nil }

    func challenge(now: Date, random: RandomSource) -> ProofOfWork.Challenge {
        random.with { ProofOfWork.challenge(key: key, maxNumber: maxNumber ?? 0, expires: now.addingTimeInterval(lifetime),
                                            using: &$0) }
    }

    /// Accepts a solution once. Throws the refusal to show.
    func spend(_ encoded: String?, now: Date) throws {
        guard let encoded, !encoded.isEmpty else { throw RequestError.proofOfWork(.malformed) }
        switch ProofOfWork.verify(encoded, key: key, now: now) {
        case .failure(let refusal):
            throw RequestError.proofOfWork(refusal)
        case .success(let solution):
            let fresh = lock.withLock { () -> Bool in
                if spent.count > 50_000 { spent = spent.filter { $0.value > now } }
                guard spent[solution.challenge] == nil else { return false }
                spent[solution.challenge] = now.addingTimeInterval(lifetime)
                return true
            }
            if !fresh { throw RequestError.proofOfWork(.forged) }
        }
    }
}

/// Refuses a hold or request without a fresh, solved challenge (the form field `altcha`, or the `Altcha` header
/// for API clients), before anything is read or written.
struct ProofOfWorkCheck: AsyncMiddleware {
    static let field = "altcha"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        try Self.check(request)
        return try await next.respond(to: request)
    }

    /// The check itself, for a handler whose body is collected only once it runs (the urgent form's 16 MB).
    static func check(_ request: Request) throws {
        let desk = request.guichet.proofOfWork
        guard desk.isRequired else { return }
        let submitted = request.headers.first(name: "Altcha") ?? (try? request.content.get(String.self, at: field))
        try desk.spend(submitted, now: request.guichet.clock.now())
    }
}

/// `GET /api/v1/challenge`: a fresh challenge, never cached.
enum ChallengeAPIController {
    @Sendable
    static func challenge(req: Request) async throws -> Response {
        let services = req.guichet
        let challenge = services.proofOfWork.challenge(now: services.clock.now(), random: services.random)
        let response = Response(status: .ok)
        try response.content.encode(challenge, as: .json)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}
