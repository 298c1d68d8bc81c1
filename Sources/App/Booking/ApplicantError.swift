import Vapor
import GuichetCore

/// How an applicant's input problem is told to people and API clients.
struct ApplicantError: CodedError {
    let problem: ApplicantProblem

    var kind: ApplicantProblem.Kind { problem.kind }

    public var status: HTTPResponseStatus {
        switch kind {
        case .invalidName, .placeholderName, .disposableEmail: .unprocessableEntity
        default: .badRequest
        }
    }

    public var code: String {
        switch kind {
        case .invalidName, .placeholderName: "invalid_name"
        case .disposableEmail: "disposable_email"
        default: "validation_failed"
        }
    }

    public var field: String? { "applicant.\(problem.field)" }

    public var text: Localized {
        switch kind {
        case .missing: Localized(fr: "Ce champ est obligatoire.", en: "This field is required.")
        case .invalidName: Localized(
            fr: "Écrivez le nom exactement comme sur votre passeport ou titre de séjour : lettres, espaces, traits d'union et apostrophes seulement.",
            en: "Write the name exactly as on your passport or permit: letters, spaces, hyphens and apostrophes only.")
        case .placeholderName: Localized(
            fr: "Ce nom ressemble à un nom provisoire. Donnez le nom exact : il sera comparé à votre pièce d'identité au guichet.",
            en: "This looks like a placeholder. Give the exact name: it is checked against your ID at the counter.")
        case .invalidDate: Localized(
            fr: "Date invalide : utilisez le format AAAA-MM-JJ avec une date qui existe.",
            en: "Invalid date: use YYYY-MM-DD with a date that exists.")
        case .birthDateInFuture: Localized(
            fr: "La date de naissance ne peut pas être dans le futur.",
            en: "The birth date cannot be in the future.")
        case .invalidNationality: Localized(
            fr: "Nationalité : code pays ISO 3166-1 à trois lettres (par exemple MAR, DZA, TUN).",
            en: "Nationality: a three-letter ISO 3166-1 country code (for example MAR, DZA, TUN).")
        case .invalidForeignNumber: Localized(
            fr: "Le numéro étranger compte 10 chiffres.",
            en: "The foreign-national number has 10 digits.")
        case .invalidEmail: Localized(
            fr: "Adresse électronique invalide.",
            en: "Invalid email address.")
        case .disposableEmail: Localized(
            fr: "Les adresses jetables ne sont pas acceptées : donnez une adresse que vous consulterez jusqu'au rendez-vous (la convocation et les messages y sont envoyés).",
            en: "Throwaway addresses are not accepted: give an address you will read until the appointment (the convocation and messages are sent there).")
        case .invalidPhone: Localized(
            fr: "Numéro de téléphone invalide.",
            en: "Invalid phone number.")
        }
    }
}
