import Vapor

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
