import GuichetCore

/// User-facing strings of the pages, in French and English. Templates read them as `t.key`; a test checks that
/// every key a template uses exists.
enum Catalogue {
    static func strings(_ language: Language) -> [String: String] {
        language == .fr ? french : english
    }

    private static let french = entries.mapValues { $0.fr }
    private static let english = entries.mapValues { $0.en }

    static let entries: [String: Localized] =
        common
        .merging(booking) { first, _ in first }
        .merging(documents) { first, _ in first }
        .merging(draw) { first, _ in first }
        .merging(urgent) { first, _ in first }
        .merging(agent) { first, _ in first }
        .merging(config) { first, _ in first }
        .merging(assisted) { first, _ in first }
        .merging(suspicion) { first, _ in first }
        .merging(stats) { first, _ in first }
        .merging(counter) { first, _ in first }
        .merging(lottery) { first, _ in first }
        .merging(drawChecks) { first, _ in first }

    /// The label of an appointment's status.
    static func status(_ status: AppointmentStatus, _ language: Language) -> String {
        statusText(status.rawValue, language)
    }

    /// The label of any stored status (appointments, draw requests, urgent requests).
    static func statusText(_ raw: String, _ language: Language) -> String {
        (statuses[raw] ?? Localized(fr: raw, en: raw))(language)
    }

    private static let statuses: [String: Localized] = [
        "pending": Localized(fr: "En attente du code de confirmation", en: "Waiting for the confirmation code"),
        "confirmed": Localized(fr: "Rendez-vous confirmé", en: "Appointment confirmed"),
        "cancelled": Localized(fr: "Annulé", en: "Cancelled"),
        "expired": Localized(fr: "Expiré (non confirmé à temps)", en: "Expired (not confirmed in time)"),
        "checked-in": Localized(fr: "Accueilli au guichet", en: "Checked in at the counter"),
        "served": Localized(fr: "Reçu", en: "Seen"),
        "no-show": Localized(fr: "Absent", en: "Did not come"),
        "rejected": Localized(
            fr: "Refusé au guichet (identité non conforme)", en: "Refused at the counter (identity mismatch)"),
        "waiting": Localized(
            fr: "Demande enregistrée, en attente du tirage", en: "Request registered, waiting for the draw"),
        "allocated": Localized(fr: "Rendez-vous attribué par le tirage", en: "Appointment allocated by the draw"),
        "withdrawn": Localized(fr: "Demande retirée", en: "Request withdrawn"),
        "received": Localized(fr: "Demande reçue, en cours d'examen", en: "Request received, being examined"),
        "granted": Localized(
            fr: "Rendez-vous attribué (convocation envoyée par courriel)",
            en: "Appointment granted (convocation sent by email)"),
        "answered": Localized(fr: "Réponse envoyée par courriel", en: "Answer sent by email"),
        "unknown": Localized(fr: "Inconnu", en: "Unknown"),
    ]

    private static let common: [String: Localized] = [
        "title": Localized(fr: "Rendez-vous du service des étrangers", en: "Foreigners' service appointments"),
        "homeTitle": Localized(fr: "Accueil", en: "Home"),
        "prefecture": Localized(fr: "Préfecture de l'Hérault", en: "Prefecture of Hérault"),
        "service": Localized(fr: "Service des étrangers", en: "Foreigners' service"),
        "switchLanguage": Localized(fr: "English", en: "Français"),
        "skip": Localized(fr: "Aller au contenu", en: "Skip to content"),
        "home": Localized(fr: "Accueil", en: "Home"),
        "footerNav": Localized(fr: "Liens utiles", en: "Useful links"),
        "back": Localized(fr: "Retour", en: "Back"),
        "backHome": Localized(fr: "Retour à l'accueil", en: "Back to the home page"),
        "optional": Localized(fr: "(facultatif)", en: "(optional)"),
        "intro": Localized(
            fr:
                "Prenez rendez-vous pour votre titre de séjour à la préfecture de Montpellier ou à la sous-préfecture de Béziers. Les créneaux sont publiés à des moments variés de la semaine ; le renouvellement passe par une demande suivie d'un tirage au sort, où l'heure de la demande ne compte pas.",
            en:
                "Book an appointment for your residence permit at the Montpellier prefecture or the Béziers sub-prefecture. Slots are published at varying times during the week; renewals work by request followed by a draw, where the time of the request does not count."
        ),
        "free": Localized(
            fr: "Les rendez-vous sont gratuits. Personne n'a le droit de vous en vendre un.",
            en: "Appointments are free. Nobody may sell you one."),
        "freeMore": Localized(
            fr:
                "Un rendez-vous est lié à votre nom exact et vérifié avec votre pièce d'identité au guichet : un rendez-vous acheté à quelqu'un d'autre sera refusé.",
            en:
                "An appointment is bound to your exact name and checked against your ID at the counter: an appointment bought from someone else will be refused."
        ),
        "chooseProcedure": Localized(fr: "Choisissez votre démarche", en: "Choose your procedure"),
        "procedures": Localized(fr: "Démarches", en: "Procedures"),
        "modeRelease": Localized(fr: "Réservation en ligne", en: "Online booking"),
        "modeDraw": Localized(fr: "Demande puis tirage au sort", en: "Request, then draw"),
        "modeWalkIn": Localized(fr: "Sans rendez-vous", en: "No appointment"),
        "howTitle": Localized(fr: "Comment ça marche", en: "How it works"),
        "howRelease": Localized(
            fr:
                "Réservation en ligne : de nouveaux créneaux sont publiés plusieurs fois par semaine, à des heures tirées au hasard. Revenez quand vous voulez : il ne sert à rien de guetter.",
            en:
                "Online booking: new slots are published several times a week, at random times. Come back whenever you like: there is no point in watching for them."
        ),
        "howDraw": Localized(
            fr:
                "Demande puis tirage : vous déposez une demande pendant la semaine ; à la clôture, un tirage au sort vérifiable attribue les places, en priorité aux titres qui expirent bientôt.",
            en:
                "Request, then draw: you file a request during the week; when it closes, a verifiable draw allocates the seats, first to permits about to expire."
        ),
        "howIdentity": Localized(
            fr: "Une personne, un rendez-vous : le nom est donné une fois, exactement, et ne peut pas être modifié.",
            en: "One person, one appointment: the name is given once, exactly, and cannot be changed."),
        "urgent": Localized(
            fr: "Aucun rendez-vous avant l'expiration de votre titre ?",
            en: "No appointment before your permit expires?"),
        "urgentText": Localized(
            fr:
                "Si vous ne trouvez aucun rendez-vous avant l'expiration de votre titre, faites une demande urgente en expliquant la situation, avec une attestation de votre employeur si votre emploi est en jeu. Vous recevez un numéro et pouvez télécharger une attestation de demande pour votre employeur. Aucune pénalité n'est appliquée pour le retard.",
            en:
                "If you cannot find an appointment before your permit expires, file an urgent request explaining the situation, with an attestation from your employer if your job is at risk. You get a number and can download an attestation of your request for your employer. No penalty applies for lateness."
        ),
        "urgentAction": Localized(fr: "Faire une demande urgente", en: "File an urgent request"),
        "urgentNav": Localized(fr: "Demande urgente", en: "Urgent request"),
        "verifyNav": Localized(fr: "Vérifier une convocation", en: "Verify a convocation"),
        "requestLookupNav": Localized(fr: "Suivre une demande", en: "Follow a request"),
        "api": Localized(fr: "API publique (OpenAPI)", en: "Public API (OpenAPI)"),
        "errorSummaryTitle": Localized(
            fr: "Le formulaire contient des erreurs", en: "There is a problem with the form"),
        "errorPrefix": Localized(fr: "Erreur :", en: "Error:"),
        "printHint": Localized(
            fr: "Imprimez cette page ou gardez-la sur votre téléphone.", en: "Print this page or keep it on your phone."
        ),
        "qrTitle": Localized(fr: "Code QR de vérification", en: "Verification QR code"),
    ]
}
