import GuichetCore
import Vapor

/// Is this convocation (or attestation) genuine? The same check as the `/verify` page, for machines.
enum ConvocationsAPIController {
    struct VerificationDTO: Content {
        let code: String
        let verdict: String
        let document: String
        let maskedName: String?
        let birthYear: String?
        let procedure: String?
        let start: String?
        let counter: String?
        let askedOn: String?
        let permitExpiry: String?
    }

    /// Answers `GET /api/v1/convocations/{code}?s=`: the verdict, a masked name, and what the document is for.
    @Sendable
    static func verify(req: Request) async throws -> VerificationDTO {
        let typed = String((req.parameters.get("code") ?? "").prefix(40))
        let signature = req.query[String.self, at: "s"].map { String($0.prefix(200)) }
        let outcome = try await Verification.check(code: typed, signature: signature, services: req.guichet, on: req.db)
        guard outcome.verdict != .unknown, let document = outcome.document,
            let code = Tokens.normaliseShortCode(typed)
        else { throw RequestError.notFound }
        return VerificationDTO(
            code: code, verdict: outcome.verdict.rawValue, document: document.rawValue, maskedName: outcome.maskedName,
            birthYear: outcome.birthYear, procedure: outcome.procedureID, start: outcome.start.map(ParisTime.iso8601),
            counter: outcome.counterID, askedOn: outcome.askedOn?.iso, permitExpiry: outcome.permitExpiry?.iso)
    }
}
