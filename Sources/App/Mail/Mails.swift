import Foundation
import GuichetCore

/// A subject and a body, ready for the outbox.
struct ComposedMail: Sendable {
    let subject: String
    let text: String
}

/// What a slot looks like in an email: when, where.
struct SlotSummary: Sendable {
    let start: Date
    let counterName: String
    let siteName: String
    let siteAddress: String
    let procedureName: String
}

/// The texts of the emails, in the applicant's language.
enum Mails {
    static func holdCode(code: String, slot: SlotSummary, expiresAt: Date, language: Language) -> ComposedMail {
        let when = Self.when(slot.start, language)
        let until = Self.time(expiresAt, language)
        switch language {
        case .fr:
            return ComposedMail(subject: "Votre code de confirmation : \(code)", text: """
                Bonjour,

                Pour confirmer votre rendez-vous « \(slot.procedureName) » du \(when), saisissez ce code :

                    \(code)

                Le créneau vous est réservé jusqu'à \(until). Sans confirmation, il sera libéré.
                Si vous n'avez rien demandé, ignorez ce message.

                Les rendez-vous de la préfecture sont gratuits. Ne payez jamais personne pour en obtenir un.
                """)
        case .en:
            return ComposedMail(subject: "Your confirmation code: \(code)", text: """
                Hello,

                To confirm your appointment "\(slot.procedureName)" on \(when), enter this code:

                    \(code)

                The slot is held for you until \(until). Without confirmation it will be freed.
                If you did not ask for this, ignore this message.

                Prefecture appointments are free. Never pay anyone to get one.
                """)
        }
    }

    static func confirmation(name: String, slot: SlotSummary, convocationCode: String, manageURL: String,
                             manageToken: String, language: Language) -> ComposedMail {
        let when = Self.when(slot.start, language)
        switch language {
        case .fr:
            return ComposedMail(subject: "Rendez-vous confirmé : \(when)", text: """
                Bonjour \(name),

                Votre rendez-vous est confirmé.

                Démarche : \(slot.procedureName)
                Date : \(when)
                Lieu : \(slot.siteName), \(slot.counterName)
                Adresse : \(slot.siteAddress)
                Code de convocation : \(convocationCode)

                Venez avec une pièce d'identité au nom exact donné lors de la réservation : il sera vérifié au guichet.

                Gérer ou annuler le rendez-vous : \(manageURL)
                Jeton de gestion (à garder pour vous) : \(manageToken)

                Les rendez-vous de la préfecture sont gratuits. Ne payez jamais personne pour en obtenir un.
                """)
        case .en:
            return ComposedMail(subject: "Appointment confirmed: \(when)", text: """
                Hello \(name),

                Your appointment is confirmed.

                Procedure: \(slot.procedureName)
                Date: \(when)
                Place: \(slot.siteName), \(slot.counterName)
                Address: \(slot.siteAddress)
                Convocation code: \(convocationCode)

                Bring an identity document in the exact name given when booking: it is checked at the counter.

                Manage or cancel the appointment: \(manageURL)
                Manage token (keep it to yourself): \(manageToken)

                Prefecture appointments are free. Never pay anyone to get one.
                """)
        }
    }

    static func cancellation(slot: SlotSummary, language: Language) -> ComposedMail {
        let when = Self.when(slot.start, language)
        switch language {
        case .fr:
            return ComposedMail(subject: "Rendez-vous annulé : \(when)", text: """
                Bonjour,

                Votre rendez-vous « \(slot.procedureName) » du \(when) est annulé.
                Vous pouvez demander un nouveau rendez-vous quand de nouveaux créneaux sont publiés.
                """)
        case .en:
            return ComposedMail(subject: "Appointment cancelled: \(when)", text: """
                Hello,

                Your appointment "\(slot.procedureName)" on \(when) is cancelled.
                You may ask for a new appointment when new slots are published.
                """)
        }
    }

    static func duplicateRemoved(slot: SlotSummary, language: Language) -> ComposedMail {
        let when = Self.when(slot.start, language)
        switch language {
        case .fr:
            return ComposedMail(subject: "Rendez-vous annulé (doublon) : \(when)", text: """
                Bonjour,

                Votre rendez-vous « \(slot.procedureName) » du \(when) est annulé : la même personne, la même adresse
                électronique ou le même téléphone avait déjà un rendez-vous ou une demande en cours, et la règle est
                d'un seul rendez-vous à la fois. Le rendez-vous le plus ancien est conservé.

                Si vous pensez qu'il s'agit d'une erreur, répondez à ce message.
                """)
        case .en:
            return ComposedMail(subject: "Appointment cancelled (duplicate): \(when)", text: """
                Hello,

                Your appointment "\(slot.procedureName)" on \(when) is cancelled: the same person, email address or
                phone already had an appointment or request in progress, and the rule is one at a time. The earliest
                booking is kept.

                If you think this is a mistake, reply to this message.
                """)
        }
    }

    /// "mardi 1 décembre 2026 à 09:00" / "Tuesday 1 December 2026 at 09:00", Paris time.
    static func when(_ instant: Date, _ language: Language) -> String {
        let date = ParisTime.civilDate(of: instant)
        let weekday = weekdayNames[language]![date.weekday.rawValue - 1]
        let month = monthNames[language]![date.month - 1]
        let at = language == .fr ? "à" : "at"
        return "\(weekday) \(date.day) \(month) \(date.year) \(at) \(time(instant, language))"
    }

    static func time(_ instant: Date, _ language: Language) -> String {
        let minute = ParisTime.minuteOfDay(of: instant)
        return String(format: "%02d:%02d", minute / 60, minute % 60)
    }

    static let weekdayNames: [Language: [String]] = [
        .fr: ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
        .en: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    ]
    static let monthNames: [Language: [String]] = [
        .fr: ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
              "novembre", "décembre"],
        .en: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December"],
    ]
}
