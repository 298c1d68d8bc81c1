import Foundation
import GuichetCore

/// The emails of draw mode, in the applicant's language.
extension Mails {
    static func requestCode(code: String, number: String, procedureName: String, closesAt: Date,
                            language: Language) -> ComposedMail {
        let closes = when(closesAt, language)
        switch language {
        case .fr:
            return ComposedMail(subject: "Votre code de confirmation : \(code)", text: """
                Bonjour,

                Pour confirmer votre demande « \(procedureName) » (numéro \(number)), saisissez ce code dans les
                30 minutes :

                    \(code)

                Les demandes sont reçues jusqu'au \(closes) ; l'heure de votre demande ne change rien au tirage.
                Si vous n'avez rien demandé, ignorez ce message.
                """)
        case .en:
            return ComposedMail(subject: "Your confirmation code: \(code)", text: """
                Hello,

                To confirm your request "\(procedureName)" (number \(number)), enter this code within 30 minutes:

                    \(code)

                Requests are taken until \(closes); when you asked makes no difference to the draw.
                If you did not ask for this, ignore this message.
                """)
        }
    }

    static func requestConfirmed(number: String, token: String, procedureName: String, window: DrawWindow?,
                                 language: Language) -> ComposedMail {
        let draw = window.map { when($0.closesAt, language) } ?? "—"
        let commitment = window?.commitment ?? "—"
        switch language {
        case .fr:
            return ComposedMail(subject: "Demande enregistrée : \(number)", text: """
                Bonjour,

                Votre demande « \(procedureName) » est enregistrée sous le numéro \(number).

                Le tirage a lieu le \(draw). Les titres expirés ou expirant dans les 30 jours passent en premier,
                puis ceux qui expirent dans les 90 jours, puis les autres ; l'ordre à l'intérieur de chaque groupe
                est tiré au sort de façon vérifiable (engagement publié : \(commitment)).
                Sans place cette fois, votre demande reste pour le tirage suivant.

                Pour suivre ou retirer la demande, gardez son numéro et ce jeton de gestion : \(token)
                """)
        case .en:
            return ComposedMail(subject: "Request registered: \(number)", text: """
                Hello,

                Your request "\(procedureName)" is registered under number \(number).

                The draw takes place on \(draw). Permits expired or expiring within 30 days go first, then those
                expiring within 90 days, then the others; the order within each group is drawn verifiably
                (published commitment: \(commitment)).
                Without a seat this time, your request stays for the next draw.

                To follow or withdraw the request, keep its number and this manage token: \(token)
                """)
        }
    }

    static func notAllocated(number: String, procedureName: String, language: Language) -> ComposedMail {
        switch language {
        case .fr:
            return ComposedMail(subject: "Tirage : pas de place cette fois (\(number))", text: """
                Bonjour,

                Le tirage « \(procedureName) » n'a pas pu vous donner de place cette fois. Votre demande \(number)
                reste enregistrée pour le prochain tirage, avec sa priorité : vous n'avez rien à refaire.
                """)
        case .en:
            return ComposedMail(subject: "Draw: no seat this time (\(number))", text: """
                Hello,

                The draw "\(procedureName)" could not give you a seat this time. Your request \(number) stays
                registered for the next draw, with its priority: there is nothing to do again.
                """)
        }
    }
}
