import GuichetCore
import Vapor

/// What the API reads from a request beyond its route: the manage token, a JSON body, an applicant.
extension Request {
    /// The manage token sent as `Authorization: Bearer …`.
    func manageToken() throws -> String {
        guard let token = headers.bearerAuthorization?.token, !token.isEmpty, token.count <= 128 else {
            throw RequestError.unauthorized
        }
        return token
    }

    /// Decodes a JSON body; the API takes JSON only, whatever decoders the framework knows.
    func decodeJSON<T: Decodable>(_ type: T.Type) throws -> T {
        guard headers.contentType?.type == "application", headers.contentType?.subType == "json" else {
            throw RequestError.unsupportedMediaType
        }
        guard body.data != nil else {
            throw RequestError.invalid("", fr: "Le corps de la requête est vide.", en: "The request body is empty.")
        }
        return try content.decode(type, as: .json)
    }

    /// The applicant of a hold or a request, checked as the pages check it (`Applicant.check`), against today in
    /// Paris and the refused mail domains; the first problem is the API's error.
    func applicant(_ input: ApplicantInput, permitExpiryRequired: Bool = false) throws -> Applicant {
        do {
            return try Applicant.validate(
                input, today: ParisTime.civilDate(of: guichet.clock.now()), permitExpiryRequired: permitExpiryRequired,
                refusedDomains: guichet.disposableDomains)
        } catch {
            throw ApplicantError(problem: error)
        }
    }
}
