import GuichetCore
import Vapor

/// An error the service explains to people: a stable machine code, an HTTP status and a message in both languages.
public protocol CodedError: AbortError {
    var code: String { get }
    var text: Localized { get }
    /// The input field at fault, when there is one (`applicant.birthDate`), so forms can show it next to the field.
    var field: String? { get }
}

extension CodedError {
    public var reason: String { text.en }
    public var field: String? { nil }
}

/// Errors about the request itself: its shape, its size, who sent it.
public enum RequestError: CodedError {
    case validation(field: String, Localized)
    case malformedJSON
    case unsupportedMediaType
    case payloadTooLarge
    case notFound
    case unauthorized
    case methodNotAllowed
    /// Too many holds or requests from this address or network (`SubmissionLimit`).
    case tooManySubmissions(seconds: Int)
    /// No solved proof-of-work challenge, or a wrong, expired or already spent one (`ProofOfWorkCheck`).
    case proofOfWork(ProofOfWork.Refusal)

    public var status: HTTPResponseStatus {
        switch self {
        case .validation, .malformedJSON: .badRequest
        case .unsupportedMediaType: .unsupportedMediaType
        case .payloadTooLarge: .payloadTooLarge
        case .notFound: .notFound
        case .unauthorized: .unauthorized
        case .methodNotAllowed: .methodNotAllowed
        case .tooManySubmissions: .tooManyRequests
        case .proofOfWork: .forbidden
        }
    }

    public var code: String {
        switch self {
        case .validation, .malformedJSON: "validation_failed"
        case .unsupportedMediaType: "unsupported_media_type"
        case .payloadTooLarge: "payload_too_large"
        case .notFound: "not_found"
        case .unauthorized: "unauthorized"
        case .methodNotAllowed: "method_not_allowed"
        case .tooManySubmissions: "too_many_submissions"
        case .proofOfWork: "proof_of_work_failed"
        }
    }

    public var field: String? {
        switch self {
        case .validation(let field, _): return field
        case .proofOfWork: return ProofOfWorkCheck.field
        default: return nil
        }
    }

    public var headers: HTTPHeaders {
        switch self {
        case .unauthorized: return ["WWW-Authenticate": "Bearer realm=\"guichet\""]
        case .tooManySubmissions(let seconds): return ["Retry-After": String(seconds)]
        default: return [:]
        }
    }

    /// "40 s", "3 min": the wait a refusal announces, rounded up to the minute past one (the same in both languages).
    static func wait(_ seconds: Int) -> String {
        seconds < 60 ? "\(seconds) s" : "\((seconds + 59) / 60) min"
    }

    public var text: Localized {
        switch self {
        case .validation(_, let text): text
        case .malformedJSON:
            Localized(
                fr: "Le corps de la requête n'est pas un JSON valide.",
                en: "The request body is not valid JSON.")
        case .unsupportedMediaType:
            Localized(
                fr: "Envoyez le corps en JSON (Content-Type: application/json).",
                en: "Send the body as JSON (Content-Type: application/json).")
        case .payloadTooLarge:
            Localized(
                fr: "La requête est trop volumineuse.",
                en: "The request is too large.")
        case .notFound:
            Localized(
                fr: "Cette ressource n'existe pas.",
                en: "No such resource.")
        case .unauthorized:
            Localized(
                fr: "Jeton de gestion absent ou invalide.",
                en: "Missing or invalid manage token.")
        case .methodNotAllowed:
            Localized(
                fr: "Méthode non autorisée sur cette adresse.",
                en: "Method not allowed on this path.")
        case .tooManySubmissions(let seconds):
            Localized(
                fr:
                    "Trop de demandes envoyées depuis votre connexion. Réessayez dans \(Self.wait(seconds)). Rien n'a été enregistré.",
                en:
                    "Too many requests sent from your connection. Try again in \(Self.wait(seconds)). Nothing was recorded."
            )
        case .proofOfWork(.expired):
            Localized(
                fr:
                    "La vérification anti-robot a expiré. Revenez à la page précédente, rechargez-la et envoyez de nouveau. Rien n'a été enregistré.",
                en: "The anti-robot check has expired. Go back, reload the page and send again. Nothing was recorded.")
        case .proofOfWork(.spent):
            Localized(
                fr:
                    "Cette vérification anti-robot a déjà servi à un envoi. Si vous avez envoyé deux fois, le premier envoi compte : consultez votre courriel. Sinon, revenez à la page précédente, rechargez-la et envoyez de nouveau.",
                en:
                    "This anti-robot check was already used for a submission. If you sent twice, the first one counts: check your email. Otherwise go back, reload the page and send again."
            )
        case .proofOfWork:
            Localized(
                fr:
                    "La vérification anti-robot manque ou a échoué : la page la fait elle-même, avec JavaScript activé. Revenez à la page précédente, rechargez-la et envoyez de nouveau. Sans JavaScript, l'accueil de la préfecture prend le rendez-vous avec vous. Rien n'a été enregistré.",
                en:
                    "The anti-robot check is missing or failed: the page does it itself, with JavaScript enabled. Go back, reload the page and send again. Without JavaScript, the prefecture's reception books the appointment with you. Nothing was recorded."
            )
        }
    }

    static func invalid(_ field: String, fr: String, en: String) -> RequestError {
        .validation(field: field, Localized(fr: fr, en: en))
    }
}
