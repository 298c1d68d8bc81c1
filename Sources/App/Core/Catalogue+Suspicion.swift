import GuichetCore

/// The strings of the supervisors' suspicion review.
extension Catalogue {
    static let suspicion: [String: Localized] = [
        "suspicionTitle": Localized(fr: "Réservations suspectes", en: "Suspicious bookings"),
        "suspicionNav": Localized(fr: "Revue des suspicions", en: "Suspicion review"),
        "suspicionIntro": Localized(
            fr:
                "Groupes de réservations et de demandes tenues ensemble par des liens forts : un même réseau en rafale dans les mêmes minutes, un même téléphone, une même boîte mail, ou des identités quasi identiques. Les signaux faibles (modèle d'adresse, navigateur, arrivée juste après une mise en ligne, annulation puis nouvelle réservation) que partagent aussi les personnes honnêtes ne font jamais entrer quelqu'un dans un groupe : ils classent les groupes et s'affichent à part. Les groupes signalés au guichet viennent d'abord. Vérifiez avant d'annuler : chaque personne est prévenue par courriel.",
            en:
                "Groups of bookings and requests held together by strong links: one network in a burst within the same minutes, one phone, one mailbox, or near-duplicate identities. Weak signals (an address pattern, a browser, an arrival right after a release, cancel-and-rebook) that honest people share too never put anyone into a group: they rank groups and are shown apart. Groups flagged at the counter come first. Check before cancelling: each person is told by email."
        ),
        "suspicionNone": Localized(fr: "Aucun groupe sur cette période.", en: "No group in this period."),
        "suspicionFlagged": Localized(fr: "Signalé au guichet", en: "Flagged at the counter"),
        "suspicionCluster": Localized(fr: "Groupe", en: "Group"),
        "suspicionMembers": Localized(fr: "membre(s)", en: "member(s)"),
        "suspicionActive": Localized(fr: "actif(s)", en: "active"),
        "suspicionScore": Localized(fr: "score", en: "score"),
        "suspicionPeople": Localized(fr: "personne(s)", en: "people"),
        "suspicionLinksTitle": Localized(fr: "Ce qui les lie", en: "What ties them together"),
        "suspicionSignalsTitle": Localized(
            fr: "Signaux faibles (ne lient personne)", en: "Weak signals (they tie nobody in)"),
        "suspicionMembersCaption": Localized(fr: "Membres du groupe", en: "Members of the group"),
        "suspicionChannel": Localized(fr: "Canal", en: "Channel"),
        "suspicionNetwork": Localized(fr: "Réseau", en: "Network"),
        "suspicionLinkedBy": Localized(fr: "Dans le groupe par", en: "In the group through"),
        "suspicionSignals": Localized(fr: "Signaux faibles", en: "Weak signals"),
        "suspicionRelatedTitle": Localized(
            fr: "Liés seulement par des signaux faibles", en: "Linked only by weak signals"),
        "suspicionRelatedIntro": Localized(
            fr:
                "Ces réservations partagent un signal faible avec le groupe, comme beaucoup de personnes honnêtes. Elles ne font pas partie du groupe et ne sont jamais annulées avec lui.",
            en:
                "These bookings share a weak signal with the group, as many honest people do. They are not part of the group and are never cancelled with it."
        ),
        "suspicionRelatedCaption": Localized(
            fr: "Réservations voisines, hors du groupe", en: "Nearby bookings, outside the group"),
        "suspicionRelatedMore": Localized(fr: "Et d'autres encore :", en: "And more:"),
        "suspicionReviewAction": Localized(fr: "Vérifier puis annuler le groupe", en: "Review, then cancel the group"),
        "suspicionConfirmTitle": Localized(
            fr: "Annuler un groupe : qui sera annulé", en: "Cancel a group: who will be cancelled"),
        "suspicionBack": Localized(fr: "Retour à la revue des suspicions", en: "Back to the suspicion review"),
        "suspicionConfirmIntro": Localized(
            fr:
                "Seules les réservations cochées ci-dessous seront annulées, chacune avec un courriel à la personne et une entrée au journal d'audit. Décochez celles que vous voulez garder.",
            en:
                "Only the bookings ticked below will be cancelled, each with an email to the person and an entry in the audit log. Untick those you want to keep."
        ),
        "suspicionWillCancel": Localized(fr: "Réservations qui seront annulées", en: "Bookings that will be cancelled"),
        "suspicionWillCancelHint": Localized(
            fr: "Membres actifs du groupe, tenus par un lien fort.",
            en: "Active members of the group, held by a strong link."),
        "suspicionCancellableCaption": Localized(fr: "Membres actifs du groupe", en: "Active members of the group"),
        "suspicionConfirmAction": Localized(fr: "Annuler les réservations cochées", en: "Cancel the ticked bookings"),
        "suspicionAbandon": Localized(fr: "Ne rien annuler", en: "Cancel nothing"),
        "suspicionNothingActive": Localized(
            fr: "Plus aucun membre de ce groupe n'est actif : rien à annuler.",
            en: "No member of this group is active any more: nothing to cancel."),
        "suspicionEndedTitle": Localized(fr: "Déjà terminées", en: "Already ended"),
        "suspicionEndedCaption": Localized(
            fr: "Membres déjà terminés, laissés en l'état", en: "Members already ended, left as they are"),
        "suspicionRelatedNever": Localized(
            fr: "Elles ne partagent avec le groupe que des signaux faibles : cette annulation ne les touche pas.",
            en: "They share only weak signals with the group: this cancellation does not touch them."),
        "suspicionGone": Localized(
            fr:
                "Ce groupe n'existe plus sur cette période (ses réservations ont changé). Revenez à la revue pour voir les groupes actuels.",
            en:
                "This group no longer exists in this period (its bookings changed). Go back to the review to see the current groups."
        ),
        "suspicionReason": Localized(fr: "Raison de l'annulation", en: "Reason for cancelling"),
        "suspicionReasonHint": Localized(
            fr: "Obligatoire ; elle reste dans le journal d'audit et n'est pas envoyée aux personnes.",
            en: "Required; it stays in the audit log and is not sent to the people."),
        "suspicionCancelled": Localized(fr: "Annulés :", en: "Cancelled:"),
        "suspicionUntouched": Localized(fr: "laissés en l'état :", en: "left as they were:"),
        "feature_network": Localized(fr: "Même réseau, en rafale", en: "Same network, in a burst"),
        "feature_phone": Localized(fr: "Même téléphone", en: "Same phone"),
        "feature_email": Localized(fr: "Même boîte mail", en: "Same mailbox"),
        "feature_near_duplicate": Localized(fr: "Identités quasi identiques", en: "Near-duplicate identities"),
        "near_duplicate_of": Localized(fr: "Identité quasi identique à", en: "Near-duplicate identity of"),
        "feature_email_pattern": Localized(fr: "Même modèle d'adresse", en: "Same email pattern"),
        "feature_user_agent": Localized(fr: "Même navigateur, en peu de temps", en: "Same browser, within minutes"),
        "feature_churn": Localized(fr: "Annulation puis nouvelle réservation", en: "Cancel then rebook"),
        "feature_release_rush": Localized(
            fr: "Arrivée juste après une mise en ligne", en: "Arrival right after a release"),
        "near_duplicate_swapped-names": Localized(
            fr: "noms inversés ou découpés autrement", en: "names swapped or split differently"),
        "near_duplicate_given-name-missing": Localized(fr: "un prénom en moins", en: "a given name left out"),
        "near_duplicate_birth-date-typo": Localized(
            fr: "date de naissance à une faute de frappe", en: "birth date one typo away"),
        "mark_churn": Localized(fr: "annulation puis réservation", en: "cancel and rebook"),
        "mark_release_rush": Localized(fr: "juste après une mise en ligne", en: "right after a release"),
        "mark_flagged": Localized(fr: "signalé au guichet", en: "flagged at the counter"),
    ]
}
