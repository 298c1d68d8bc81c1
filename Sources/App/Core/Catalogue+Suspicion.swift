import GuichetCore

/// The strings of the supervisors' suspicion review.
extension Catalogue {
    static let suspicion: [String: Localized] = [
        "suspicionTitle": Localized(fr: "Réservations suspectes", en: "Suspicious bookings"),
        "suspicionNav": Localized(fr: "Revue des suspicions", en: "Suspicion review"),
        "suspicionIntro": Localized(
            fr: "Groupes de réservations et de demandes qui partagent un réseau, un modèle d'adresse, un téléphone, un navigateur en peu de temps, des annulations suivies de nouvelles réservations, ou des arrivées dans les secondes qui suivent une mise en ligne. Les groupes signalés au guichet viennent d'abord. Vérifiez avant d'annuler : chaque personne est prévenue par courriel.",
            en: "Groups of bookings and requests sharing a network, an email pattern, a phone, a browser within a short time, cancel-and-rebook churn, or arrivals within seconds of a release. Groups flagged at the counter come first. Check before cancelling: each person is told by email."),
        "suspicionNone": Localized(fr: "Aucun groupe sur cette période.", en: "No group in this period."),
        "suspicionFlagged": Localized(fr: "Signalé au guichet", en: "Flagged at the counter"),
        "suspicionCluster": Localized(fr: "Groupe", en: "Group"),
        "suspicionMembers": Localized(fr: "membre(s)", en: "member(s)"),
        "suspicionActive": Localized(fr: "actif(s)", en: "active"),
        "suspicionScore": Localized(fr: "score", en: "score"),
        "suspicionPeople": Localized(fr: "personne(s)", en: "people"),
        "suspicionMembersCaption": Localized(fr: "Membres du groupe", en: "Members of the group"),
        "suspicionChannel": Localized(fr: "Canal", en: "Channel"),
        "suspicionNetwork": Localized(fr: "Réseau", en: "Network"),
        "suspicionMarks": Localized(fr: "Signes", en: "Signs"),
        "suspicionReason": Localized(fr: "Raison de l'annulation", en: "Reason for cancelling"),
        "suspicionReasonHint": Localized(fr: "Obligatoire ; elle reste dans le journal d'audit et n'est pas envoyée aux personnes.",
                                         en: "Required; it stays in the audit log and is not sent to the people."),
        "suspicionCancelAction": Localized(fr: "Annuler tout le groupe", en: "Cancel the whole group"),
        "suspicionCancelled": Localized(fr: "Annulés :", en: "Cancelled:"),
        "suspicionUntouched": Localized(fr: "laissés en l'état :", en: "left as they were:"),
        "feature_network": Localized(fr: "Même réseau", en: "Same network"),
        "feature_email_pattern": Localized(fr: "Même modèle d'adresse", en: "Same email pattern"),
        "feature_phone": Localized(fr: "Même téléphone", en: "Same phone"),
        "feature_user_agent": Localized(fr: "Même navigateur, en peu de temps", en: "Same browser, within minutes"),
        "feature_churn": Localized(fr: "Annulation puis nouvelle réservation", en: "Cancel then rebook"),
        "feature_release_rush": Localized(fr: "Arrivée juste après une mise en ligne", en: "Arrival right after a release"),
        "mark_churn": Localized(fr: "annulation puis réservation", en: "cancel and rebook"),
        "mark_release_rush": Localized(fr: "juste après une mise en ligne", en: "right after a release"),
        "mark_flagged": Localized(fr: "signalé au guichet", en: "flagged at the counter"),
    ]
}
