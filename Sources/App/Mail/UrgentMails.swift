import Foundation

/// The acknowledgement of an urgent request.
extension Mails {
    static func urgentReceived(number: String, procedureName: String, statusURL: String,
                               language: Language) -> ComposedMail {
        switch language {
        case .fr:
            return ComposedMail(subject: "Demande urgente reçue : \(number)", text: """
                Bonjour,

                Votre demande urgente « \(procedureName) » est enregistrée sous le numéro \(number).
                Un agent l'examinera ; vous recevrez sa réponse par courriel. Aucune pénalité n'est appliquée pour
                le retard pendant que votre demande est en cours.

                Suivre la demande et télécharger une attestation de demande : \(statusURL)
                """)
        case .en:
            return ComposedMail(subject: "Urgent request received: \(number)", text: """
                Hello,

                Your urgent request "\(procedureName)" is registered under number \(number).
                An agent will look at it; you will get the answer by email. No penalty applies for lateness while
                your request is in progress.

                Follow the request and download an attestation of your request: \(statusURL)
                """)
        }
    }
}
