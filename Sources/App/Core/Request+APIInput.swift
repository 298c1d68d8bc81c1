import Vapor

/// What the API reads from a request beyond its route: the manage token and a JSON body.
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
}
