import Foundation
import GuichetCore

extension Mails {
    /// An agent's answer to an urgent request, word for word. No link: the request's token exists only as a hash,
    /// and the person already has the link from the acknowledgement.
    static func urgentAnswer(number: String, procedureName: String, message: String, language: Language) -> ComposedMail
    {
        ComposedMail(
            subject: Localized(
                fr: "Réponse à votre demande urgente \(number)",
                en: "Answer to your urgent request \(number)")(language),
            template: "urgent-answer", language: language,
            context: ["number": number, "procedure": procedureName, "message": message])
    }
}
