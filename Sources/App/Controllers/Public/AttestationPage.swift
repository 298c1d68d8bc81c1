import GuichetCore
import Vapor

/// The printable attestation ("this person asked for an appointment on…"), shared by appointments, draw
/// requests and urgent requests.
enum AttestationPage {
    struct Content: Encodable {
        let kind: String
        let fullName: String
        let birthDate: String
        let procedureName: String
        let askedOn: String
        let permitExpiry: String?
        let issuedOn: String
        let shortCode: String
        let verifyURL: String
        let qrSVG: String
        let backHref: String
    }

    static func render(
        _ req: Request, subject: Attestations.Subject, procedure: Procedure,
        backHref: String
    ) async throws -> Response {
        let language = Language.of(req)
        let attestation = try await Attestations.issue(for: subject, services: req.guichet, on: req.db)
        let url = req.guichet.config.baseURL + SitePath.verify(attestation.code, signature: attestation.signature)
        return try await Page.render(
            req, "public/attestation",
            Content(
                kind: attestation.kind, fullName: "\(attestation.givenNames) \(attestation.familyName)",
                birthDate: DateText.date(iso: attestation.birthDate, language) ?? "",
                procedureName: procedure.name(language),
                askedOn: DateText.date(iso: attestation.askedOn, language) ?? "",
                permitExpiry: DateText.date(iso: attestation.permitExpiry, language),
                issuedOn: DateText.day(of: attestation.issuedAt, language),
                shortCode: attestation.code, verifyURL: url,
                qrSVG: try DocumentQR.svg(url, title: Catalogue.entries["qrTitle"]!(language)), backHref: backHref))
    }
}
