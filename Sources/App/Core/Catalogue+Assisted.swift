import GuichetCore

/// The strings of assisted booking and of urgent requests in the back office.
extension Catalogue {
    static let assisted: [String: Localized] = [
        "navBook": Localized(fr: "Réserver pour une personne", en: "Book for a person"),
        "navUrgent": Localized(fr: "Demandes urgentes", en: "Urgent requests"),
        "assistedTitle": Localized(fr: "Réserver pour une personne", en: "Book for a person"),
        "assistedIntro": Localized(
            fr:
                "Pour une personne présente qui ne peut pas réserver en ligne. Mêmes règles que le site : créneaux publiés seulement, noms exacts, un rendez-vous actif par personne.",
            en:
                "For a person in front of you who cannot book online. Same rules as the website: released times only, exact names, one active appointment per person."
        ),
        "assistedChooseProcedure": Localized(fr: "Choisissez la démarche", en: "Choose the procedure"),
        "assistedChooseDay": Localized(fr: "Jours avec des places publiées", en: "Days with released seats"),
        "assistedNoDays": Localized(
            fr: "Aucune place publiée pour le moment. Si le titre expire bientôt, enregistrez une demande urgente.",
            en: "No released seat at the moment. If the permit expires soon, record an urgent request."),
        "assistedChooseTime": Localized(fr: "Choisissez l'heure", en: "Choose the time"),
        "assistedNoTimes": Localized(fr: "Plus aucune place ce jour-là.", en: "No seat left that day."),
        "assistedBackDays": Localized(fr: "Retour aux jours", en: "Back to the days"),
        "assistedBackProcedures": Localized(fr: "Retour aux démarches", en: "Back to the procedures"),
        "assistedSeats": Localized(fr: "places", en: "seats"),
        "assistedExactNames": Localized(
            fr:
                "Saisissez les noms exactement comme sur la pièce d'identité que la personne vous présente (passeport ou titre de séjour), lettre pour lettre, accents compris. Ils ne pourront plus être modifiés.",
            en:
                "Type the names exactly as on the ID document the person shows you (passport or residence permit), letter for letter, accents included. They cannot be changed afterwards."
        ),
        "assistedNoEmail": Localized(
            fr: "La personne n'a pas d'adresse électronique", en: "The person has no email address"),
        "assistedNoEmailHint": Localized(
            fr:
                "Laissez alors le champ adresse vide : aucun courriel ne part, vous imprimez la convocation. Le contrôle des doublons porte sur l'identité et le téléphone.",
            en:
                "Then leave the address empty: no email is sent, you print the convocation. Duplicates are still checked on the identity and the phone."
        ),
        "assistedEmailAndNoEmail": Localized(
            fr:
                "Vous avez indiqué que la personne n'a pas d'adresse électronique : videz ce champ, ou décochez la case.",
            en: "You said the person has no email address: clear this field, or untick the box."),
        "assistedLanguage": Localized(fr: "Langue des courriels de la personne", en: "Language of the person's emails"),
        "languageFrench": Localized(fr: "Français", en: "French"),
        "languageEnglish": Localized(fr: "Anglais", en: "English"),
        "assistedSubmit": Localized(fr: "Réserver et confirmer", en: "Book and confirm"),
        "assistedConfirmed": Localized(fr: "Rendez-vous", en: "Appointment"),
        "assistedEmailSent": Localized(
            fr: "La confirmation, avec la convocation et le lien pour annuler, est envoyée par courriel à",
            en: "The confirmation, with the convocation and the link to cancel, is emailed to"),
        "assistedNoEmailPrint": Localized(
            fr: "Pas d'adresse électronique : imprimez la convocation maintenant et remettez-la à la personne.",
            en: "No email address: print the convocation now and hand it to the person."),
        "assistedPrint": Localized(fr: "Imprimer la convocation", en: "Print the convocation"),
        "assistedChannel": Localized(fr: "Canal", en: "Channel"),
        "assistedAnother": Localized(fr: "Nouvelle réservation", en: "New booking"),
        "assistedBackAppointment": Localized(fr: "Retour au rendez-vous", en: "Back to the appointment"),
        "urgentListTitle": Localized(fr: "Demandes urgentes", en: "Urgent requests"),
        "urgentListCaption": Localized(
            fr: "Titres expirés ou expirant le plus tôt d'abord", en: "Expired or soonest-expiring permits first"),
        "urgentFilter": Localized(fr: "Afficher", en: "Show"),
        "urgentColNumber": Localized(fr: "Numéro", en: "Number"),
        "urgentColExpiry": Localized(fr: "Expiration du titre", en: "Permit expiry"),
        "urgentExpired": Localized(fr: "expiré", en: "expired"),
        "urgentNone": Localized(fr: "Aucune demande.", en: "No request."),
        "urgentBackList": Localized(fr: "Retour aux demandes urgentes", en: "Back to urgent requests"),
        "urgentIdentityTitle": Localized(fr: "Identité déclarée", en: "Identity given"),
        "urgentRequestTitle": Localized(fr: "Demande", en: "Request"),
        "urgentNoAttachment": Localized(fr: "Aucune pièce jointe.", en: "No attachment."),
        "urgentAttachmentHint": Localized(
            fr: "Chaque ouverture d'une pièce jointe est inscrite au journal d'audit.",
            en: "Every opening of an attachment is recorded in the audit log."),
        "urgentGrantTitle": Localized(fr: "Attribuer un rendez-vous", en: "Grant an appointment"),
        "urgentGrantHint": Localized(
            fr:
                "Places réservées aux cas urgents : des places planifiées, pas encore publiées, d'un guichet qui traite la démarche. La personne reçoit la convocation par courriel.",
            en:
                "Capacity kept for urgent cases: planned seats, not yet released, at a counter handling the procedure. The person gets the convocation by email."
        ),
        "urgentSeatsFrom": Localized(fr: "Places à partir du", en: "Seats from"),
        "urgentSeatsShow": Localized(fr: "Afficher les places", en: "Show the seats"),
        "urgentGrantSlot": Localized(fr: "Créneau", en: "Time"),
        "urgentGrantSubmit": Localized(fr: "Attribuer et envoyer la convocation", en: "Grant and send the convocation"),
        "urgentNoSeat": Localized(
            fr:
                "Aucune place planifiée à venir pour cette démarche. Un superviseur peut ouvrir des places supplémentaires.",
            en: "No planned seat ahead for this procedure. A supervisor can open extra seats."),
        "urgentAnswerTitle": Localized(fr: "Répondre par un message", en: "Answer with a message"),
        "urgentAnswerLabel": Localized(fr: "Message à la personne", en: "Message to the person"),
        "urgentAnswerHint": Localized(
            fr: "Envoyé tel quel par courriel et conservé avec la demande. 4000 caractères au plus.",
            en: "Emailed as written and kept with the request. 4000 characters at most."),
        "urgentAnswerSubmit": Localized(fr: "Envoyer la réponse", en: "Send the answer"),
        "urgentLastAnswer": Localized(fr: "Dernière réponse", en: "Last answer"),
        "urgentHandledBy": Localized(fr: "Traitée par", en: "Handled by"),
        "urgentAppointment": Localized(fr: "Voir le rendez-vous attribué", en: "See the granted appointment"),
    ]

    private static let urgentStatuses: [String: Localized] = [
        "received": Localized(fr: "À traiter", en: "To handle"),
        "answered": Localized(fr: "Réponse envoyée", en: "Answered"),
        "granted": Localized(fr: "Rendez-vous attribué", en: "Appointment granted"),
        "all": Localized(fr: "Toutes", en: "All"),
    ]

    /// An urgent request's status as agents read it.
    static func urgentStatus(_ raw: String, _ language: Language) -> String {
        (urgentStatuses[raw] ?? Localized(fr: raw, en: raw))(language)
    }
}
