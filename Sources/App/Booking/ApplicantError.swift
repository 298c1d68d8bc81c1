import GuichetCore
import Vapor

/// How an applicant's input problem is told to people and API clients.
struct ApplicantError: CodedError {
    let problem: ApplicantProblem

    var kind: ApplicantProblem.Kind { problem.kind }

    public var status: HTTPResponseStatus {
        switch kind {
        case .invalidName, .placeholderName, .nameTooLong, .nameTooManyMarks, .mixedScripts, .disposableEmail:
            .unprocessableEntity
        default: .badRequest
        }
    }

    public var code: String {
        switch kind {
        case .invalidName, .placeholderName, .nameTooLong, .nameTooManyMarks, .mixedScripts: "invalid_name"
        case .disposableEmail: "disposable_email"
        default: "validation_failed"
        }
    }

    public var field: String? { "applicant.\(problem.field)" }

    public var text: Localized {
        switch kind {
        case .missing: Localized(fr: "Ce champ est obligatoire.", en: "This field is required.")
        case .missingPermitExpiry:
            Localized(
                fr: "Donnez la date d'expiration de votre titre ou visa.",
                en: "Give the expiry date of your permit or visa.")
        case .invalidName:
            Localized(
                fr:
                    "Écrivez le nom exactement comme sur votre passeport ou titre de séjour : lettres, espaces, traits d'union et apostrophes seulement.",
                en:
                    "Write the name exactly as on your passport or permit: letters, spaces, hyphens and apostrophes only."
            )
        case .placeholderName:
            Localized(
                fr:
                    "Ce nom ressemble à un nom provisoire. Donnez le nom exact : il sera comparé à votre pièce d'identité au guichet.",
                en: "This looks like a placeholder. Give the exact name: it is checked against your ID at the counter.")
        case .nameTooLong:
            Localized(
                fr:
                    "Ce nom est trop long : 100 caractères au plus. Écrivez-le exactement comme sur votre passeport ou titre de séjour.",
                en: "This name is too long: 100 characters at most. Write it exactly as on your passport or permit.")
        case .nameTooManyMarks:
            Localized(
                fr:
                    "Ce nom porte trop d'accents ou de signes sur une même lettre (quatre au plus). Écrivez-le exactement comme sur votre passeport ou titre de séjour.",
                en:
                    "This name has too many accents or marks on one letter (four at most). Write it exactly as on your passport or permit."
            )
        case .mixedScripts:
            Localized(
                fr:
                    "Écrivez le nom et les prénoms dans un seul alphabet, comme sur une même ligne de votre passeport : ce champ mêle des lettres de deux alphabets (par exemple latin et cyrillique), même si elles se ressemblent.",
                en:
                    "Write the family name and given names in one alphabet, as on one line of your passport: this field mixes letters of two alphabets (for example Latin and Cyrillic), even if they look alike."
            )
        case .invalidDate:
            Localized(
                fr: "Date invalide : utilisez le format AAAA-MM-JJ avec une date qui existe.",
                en: "Invalid date: use YYYY-MM-DD with a date that exists.")
        case .birthDateInFuture:
            Localized(
                fr: "La date de naissance ne peut pas être dans le futur.",
                en: "The birth date cannot be in the future.")
        case .invalidNationality:
            Localized(
                fr: "Nationalité : code pays ISO 3166-1 à trois lettres (par exemple MAR, DZA, TUN).",
                en: "Nationality: a three-letter ISO 3166-1 country code (for example MAR, DZA, TUN).")
        case .invalidForeignNumber:
            Localized(
                fr: "Le numéro étranger compte 10 chiffres.",
                en: "The foreign-national number has 10 digits.")
        case .invalidEmail:
            Localized(
                fr: "Adresse électronique invalide.",
                en: "Invalid email address.")
        case .disposableEmail:
            Localized(
                fr:
                    "Les adresses jetables ne sont pas acceptées : donnez une adresse que vous consulterez jusqu'au rendez-vous (la convocation et les messages y sont envoyés).",
                en:
                    "Throwaway addresses are not accepted: give an address you will read until the appointment (the convocation and messages are sent there)."
            )
        case .invalidPhone:
            Localized(
                fr: "Numéro de téléphone invalide.",
                en: "Invalid phone number.")
        }
    }
}
