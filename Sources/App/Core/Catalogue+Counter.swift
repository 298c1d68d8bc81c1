import GuichetCore

/// The strings of the counter pages: the day's list, the check-in, the walk-in queue.
extension Catalogue {
    static let counter: [String: Localized] = [
        "scanLabel": Localized(
            fr: "Convocation : scannez le QR code ou tapez le code court",
            en: "Convocation: scan the QR code or type the short code"),
        "scanHint": Localized(
            fr: "10 caractères, avec ou sans tiret, majuscules ou minuscules (ex. ABCDE-12345).",
            en: "10 characters, with or without the hyphen, any case (e.g. ABCDE-12345)."),
        "scanAction": Localized(fr: "Vérifier", en: "Check"),
        "scanAnother": Localized(fr: "Convocation suivante", en: "Next convocation"),
        "dayNav": Localized(fr: "Changer de jour", en: "Change day"),
        "previousDay": Localized(fr: "Jour précédent", en: "Previous day"),
        "nextDay": Localized(fr: "Jour suivant", en: "Next day"),
        "today": Localized(fr: "Aujourd'hui", en: "Today"),
        "dayCaption": Localized(fr: "Rendez-vous du guichet", en: "Appointments at this counter"),
        "dayEmpty": Localized(fr: "Aucun rendez-vous ce jour-là.", en: "No appointment on that day."),
        "colTime": Localized(fr: "Heure", en: "Time"),
        "colName": Localized(fr: "Nom et prénoms enregistrés", en: "Registered names"),
        "colChannel": Localized(fr: "Canal", en: "Channel"),
        "colActions": Localized(fr: "Actions", en: "Actions"),
        "markServed": Localized(fr: "Reçu", en: "Seen"),
        "markNoShow": Localized(fr: "Absent", en: "No-show"),
        "checkInTitle": Localized(fr: "Accueil de la convocation", en: "Convocation check-in"),
        "backToDay": Localized(fr: "Retour à la journée du guichet", en: "Back to the counter's day"),
        "checkInWarnings": Localized(fr: "Attention", en: "Warning"),
        "checkInAppointment": Localized(fr: "Rendez-vous", en: "Appointment"),
        "registeredIdentity": Localized(fr: "Identité enregistrée", en: "Registered identity"),
        "declaredPermitExpiry": Localized(fr: "Expiration du titre (déclarée)", en: "Permit expiry (as declared)"),
        "expiryGavePriority": Localized(
            fr:
                "Cette date a donné la priorité (tirage au sort ou demande urgente) : vérifiez-la sur le titre présenté. Une date fausse est un motif de refus.",
            en:
                "This date gave priority (draw or urgent request): check it on the permit shown. A false date is a reason to refuse."
        ),
        "idCheckTitle": Localized(fr: "Contrôle de la pièce d'identité", en: "ID document check"),
        "idCheckHelp": Localized(
            fr:
                "Comparez le nom, les prénoms, la date de naissance et la nationalité avec la pièce d'identité présentée. Ils doivent être exactement ceux enregistrés.",
            en:
                "Compare the family name, given names, birth date and nationality with the ID document shown. They must be exactly those registered."
        ),
        "idMatches": Localized(fr: "La pièce d'identité correspond : accueillir", en: "ID document matches: check in"),
        "idMismatch": Localized(fr: "La pièce d'identité ne correspond pas", en: "The ID document does not match"),
        "mismatchReason": Localized(fr: "Ce qui ne correspond pas", en: "What does not match"),
        "mismatchHint": Localized(
            fr: "Le rendez-vous sera refusé et la réservation signalée pour examen. La place n'est pas remise en jeu.",
            en: "The appointment will be refused and the booking flagged for review. The seat is not offered again."),
        "idMismatchAction": Localized(fr: "Refuser le rendez-vous", en: "Refuse the appointment"),
        "walkInNav": Localized(fr: "File sans rendez-vous", en: "Walk-in queue"),
        "walkInQueueTitle": Localized(fr: "File sans rendez-vous", en: "Walk-in queue"),
        "walkInHoursToday": Localized(fr: "horaires du jour :", en: "today's hours:"),
        "walkInIssue": Localized(fr: "Délivrer un ticket", en: "Issue a ticket"),
        "walkInClosed": Localized(
            fr: "L'accueil sans rendez-vous est fermé : aucun ticket ne peut être délivré.",
            en: "The walk-in desk is closed: no ticket can be issued."),
        "walkInOpensNext": Localized(fr: "Prochaine ouverture :", en: "It opens next on"),
        "walkInCallNext": Localized(fr: "Appeler le suivant", en: "Call the next one"),
        "walkInCalled": Localized(fr: "Appelés", en: "Called"),
        "walkInWaiting": Localized(fr: "En attente", en: "Waiting"),
        "walkInFinished": Localized(fr: "Terminés", en: "Done"),
        "walkInNone": Localized(fr: "Aucun.", en: "None."),
        "walkInNumber": Localized(fr: "Numéro", en: "Number"),
        "walkInIssuedAt": Localized(fr: "Délivré à", en: "Issued at"),
        "walkInCalledAt": Localized(fr: "Appelé à", en: "Called at"),
        "walkInAgent": Localized(fr: "Par", en: "By"),
        "walkInLeft": Localized(fr: "Parti", en: "Left"),
    ]
}
