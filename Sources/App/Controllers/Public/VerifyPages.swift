import Fluent
import GuichetCore
import Vapor

/// `/verify`: anyone (an agent, an employer, the police) checks a convocation or an attestation.
enum VerifyPages {
    struct FormContent: Encodable {
        let action: String
    }

    struct ResultContent: Encodable {
        let code: String
        let verdict: String
        let document: String?
        let maskedName: String?
        let birthYear: String?
        let procedureName: String?
        let when: String?
        let place: String?
        let askedOn: String?
        let permitExpiry: String?
        let action: String
    }

    /// Answers `GET /verify`, and `GET /verify?code=` (the form, sent without JavaScript) by going to the code's page.
    @Sendable
    static func form(req: Request) async throws -> Response {
        if let typed = req.query[String.self, at: "code"], !typed.trimmingCharacters(in: .whitespaces).isEmpty {
            let code =
                Tokens.normaliseShortCode(typed)
                ?? String(typed.filter { $0.isLetter || $0.isNumber || $0 == "-" }.prefix(20))
            return Page.redirect(req, to: SitePath.verify(code.isEmpty ? "-" : code))
        }
        return try await Page.render(req, "public/verify", FormContent(action: SitePath.verify))
    }

    /// Answers `GET /verify/{code}?s=`.
    @Sendable
    static func result(req: Request) async throws -> Response {
        let language = Language.of(req)
        let typed = String((req.parameters.get("code") ?? "").prefix(40))
        let signature = req.query[String.self, at: "s"].map { String($0.prefix(200)) }
        let outcome = try await Verification.check(code: typed, signature: signature, services: req.guichet, on: req.db)
        let reference = try await req.guichet.reference.get(on: req.db)
        let place = outcome.counterID.flatMap { reference.counters[$0] }.map { "\($0.siteName) — \($0.name)" }
        let content = ResultContent(
            code: Tokens.normaliseShortCode(typed) ?? typed, verdict: outcome.verdict.rawValue,
            document: outcome.document?.rawValue, maskedName: outcome.maskedName, birthYear: outcome.birthYear,
            procedureName: outcome.procedureID.flatMap { reference.procedures[$0]?.name(language) },
            when: outcome.start.map { DateText.moment($0, language) }, place: place,
            askedOn: outcome.askedOn.map { DateText.date($0, language) },
            permitExpiry: outcome.permitExpiry.map { DateText.date($0, language) }, action: SitePath.verify)
        return try await Page.render(
            req, "public/verify-result", content,
            status: outcome.verdict == .unknown ? .notFound : .ok)
    }
}
