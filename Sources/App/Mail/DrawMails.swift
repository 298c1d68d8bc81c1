import Foundation
import GuichetCore

/// The emails of draw mode, in the applicant's language.
extension Mails {
    static func requestCode(
        code: String, number: String, procedureName: String, closesAt: Date,
        language: Language
    ) -> ComposedMail {
        ComposedMail(
            subject: Localized(fr: "Votre code de confirmation : \(code)", en: "Your confirmation code: \(code)")(
                language),
            template: "request-code", language: language,
            context: ["code": code, "number": number, "procedure": procedureName, "closes": when(closesAt, language)])
    }

    static func requestConfirmed(
        number: String, token: String, procedureName: String, window: DrawWindow?,
        links: MailLinks, language: Language
    ) -> ComposedMail {
        ComposedMail(
            subject: Localized(fr: "Demande enregistrée : \(number)", en: "Request registered: \(number)")(language),
            template: "request-registered", language: language,
            context: [
                "number": number, "token": token, "procedure": procedureName,
                "draw": window.map { when($0.closesAt, language) } ?? "—",
                "commitment": window?.commitment ?? "—",
                "statusURL": links.request(number, token: token),
            ])
    }

    static func notAllocated(number: String, procedureName: String, language: Language) -> ComposedMail {
        ComposedMail(
            subject: Localized(
                fr: "Tirage : pas de place cette fois (\(number))",
                en: "Draw: no seat this time (\(number))")(language),
            template: "not-allocated", language: language, context: ["number": number, "procedure": procedureName])
    }
}
