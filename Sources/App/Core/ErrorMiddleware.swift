import Vapor

/// Turns every error into the answer its audience expects: the JSON error shape under `/api`, a page elsewhere.
/// Unknown errors become a 500 whose details stay in the log, never in the answer.
struct GuichetErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let coded = Self.coded(error, logger: request.logger)
            if coded is DatabaseUnavailable { request.application.configuredGuichet?.metrics.databaseWasUnavailable() }
            let language = Language.of(request)
            let status = coded.status
            let field = coded.field.flatMap { $0.isEmpty ? nil : $0 }
            let body = ErrorBody(error: .init(code: coded.code, message: coded.text(language), field: field))
            let response = Response(status: status)
            if request.url.path.hasPrefix("/api/") || !request.headers.accept.contains(where: { $0.mediaType == .html })
            {
                try response.content.encode(body, as: .json)
            } else {
                response.headers.contentType = .html
                response.body = .init(
                    string: Self.page(status: status, message: coded.text(language), language: language))
            }
            do {
                for (name, value) in coded.headers
                where name.lowercased() == "retry-after" || name.lowercased() == "www-authenticate" {
                    response.headers.replaceOrAdd(name: name, value: value)
                }
            }
            return response
        }
    }

    struct ErrorBody: Content {
        struct Detail: Content {
            let code: String
            let message: String
            let field: String?
        }
        let error: Detail
    }

    /// Maps any error to a coded one. Only what is not understood is logged, with its type, at error level.
    static func coded(_ error: any Error, logger: Logger) -> any CodedError {
        switch error {
        case let coded as any CodedError:
            return coded
        case let fault where DatabaseFault.isUnavailable(fault):
            // Expected while the database restarts: one line without the driver's text, not an error with a trace.
            logger.warning("Database unavailable: \(String(reflecting: type(of: fault)))")
            return DatabaseUnavailable()
        case let decoding as DecodingError:
            return decodingError(decoding)
        case let abort as any AbortError:
            switch abort.status {
            case .payloadTooLarge: return RequestError.payloadTooLarge
            case .unsupportedMediaType: return RequestError.unsupportedMediaType
            case .notFound: return RequestError.notFound
            case .unauthorized: return RequestError.unauthorized
            case .methodNotAllowed: return RequestError.methodNotAllowed
            case .badRequest, .unprocessableEntity:
                // The framework's own refusals (a missing body, say): their reason is a fixed, safe English text.
                return RequestError.validation(
                    field: "", Localized(fr: "Requête invalide : \(abort.reason)", en: "Bad request: \(abort.reason)"))
            case let status where status.code >= 500:
                logger.error("Server error \(status.code): \(abort.reason.prefix(300))")
                return internalError
            default:
                return GenericError(
                    status: abort.status,
                    code: abort.status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "_"),
                    text: Localized(fr: abort.reason, en: abort.reason))
            }
        default:
            // At most a few hundred characters: an error may quote the request (a path, a value) at any length.
            logger.error(
                "Unhandled error: \(String(reflecting: type(of: error)))",
                metadata: ["error": "\(String(describing: error).prefix(300))"])
            return internalError
        }
    }

    static let internalError = GenericError(
        status: .internalServerError, code: "internal_error",
        text: Localized(
            fr: "Erreur interne. Réessayez plus tard.",
            en: "Internal error. Please try again later."))

    static func decodingError(_ error: DecodingError) -> RequestError {
        func path(_ context: DecodingError.Context, _ key: (any CodingKey)? = nil) -> String {
            let keys = context.codingPath + (key.map { [$0] } ?? [])
            return keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context, key)
            return .invalid(field, fr: "Champ manquant : \(field).", en: "Missing field: \(field).")
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            let field = path(context)
            return .invalid(field, fr: "Type incorrect pour le champ \(field).", en: "Wrong type for field \(field).")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return .malformedJSON }
            let field = path(context)
            return .invalid(
                field, fr: "Valeur invalide pour le champ \(field).", en: "Invalid value for field \(field).")
        @unknown default:
            return .malformedJSON
        }
    }

    static func page(status: HTTPResponseStatus, message: String, language: Language) -> String {
        let title =
            status == .serviceUnavailable
            ? (language == .fr ? "Service momentanément indisponible" : "Service temporarily unavailable")
            : (language == .fr ? "Erreur" : "Error") + " \(status.code)"
        return """
            <!doctype html><html lang="\(language.rawValue)"><head><meta charset="utf-8">\
            <meta name="viewport" content="width=device-width, initial-scale=1"><title>\(title)</title>\
            <link rel="stylesheet" href="/styles.css"></head><body><main class="page">\
            <h1>\(title)</h1><p>\(message.htmlEscaped())</p><p><a href="\(SitePath.home)">\(language == .fr ? "Accueil" : "Home")</a></p>\
            </main></body></html>
            """
    }
}

/// An error with no area of its own (a framework status we pass through).
struct GenericError: CodedError {
    let status: HTTPResponseStatus
    let code: String
    let text: Localized
}

extension String {
    func htmlEscaped() -> String {
        var out = ""
        out.reserveCapacity(count)
        for character in self {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
