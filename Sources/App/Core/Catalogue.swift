/// User-facing strings of the pages, in French and English. Templates read them as `t.key`.
enum Catalogue {
    static func strings(_ language: Language) -> [String: String] {
        entries.mapValues { $0(language) }
    }

    static let entries: [String: Localized] = [
        "title": Localized(fr: "Rendez-vous du service des étrangers", en: "Foreigners' service appointments"),
        "prefecture": Localized(fr: "Préfecture de l'Hérault", en: "Prefecture of Hérault"),
        "switchLanguage": Localized(fr: "English", en: "Français"),
        "intro": Localized(
            fr: "Prenez rendez-vous pour votre titre de séjour. Les créneaux sont publiés à des moments variés de la semaine ; certaines démarches passent par une demande suivie d'un tirage au sort.",
            en: "Book an appointment for your residence permit. Slots are published at varying times during the week; some procedures work by request followed by a draw."),
        "free": Localized(
            fr: "Les rendez-vous sont gratuits. Personne n'a le droit de vous en vendre un.",
            en: "Appointments are free. Nobody may sell you one."),
        "procedures": Localized(fr: "Démarches", en: "Procedures"),
        "modeRelease": Localized(fr: "Réservation en ligne", en: "Online booking"),
        "modeDraw": Localized(fr: "Demande puis tirage au sort", en: "Request, then draw"),
        "modeWalkIn": Localized(fr: "Sans rendez-vous", en: "No appointment"),
        "counters": Localized(fr: "Guichets :", en: "Counters:"),
        "urgent": Localized(fr: "Votre titre expire bientôt ?", en: "Your permit expires soon?"),
        "urgentText": Localized(
            fr: "Si vous ne trouvez aucun rendez-vous avant l'expiration de votre titre, écrivez au service en expliquant l'urgence, avec une attestation de votre employeur si votre emploi est en jeu. Aucune pénalité n'est appliquée pour le retard.",
            en: "If you cannot find an appointment before your permit expires, write to the service explaining the urgency, with an attestation from your employer if your job is at risk. No penalty applies for lateness."),
        "api": Localized(fr: "API publique (OpenAPI)", en: "Public API (OpenAPI)"),
    ]
}
