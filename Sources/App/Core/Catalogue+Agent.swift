import GuichetCore

/// The strings of the back office.
extension Catalogue {
    static let agent: [String: Localized] = [
        "backOffice": Localized(fr: "Espace agents", en: "Staff area"),
        "agentNav": Localized(fr: "Menu de l'espace agents", en: "Staff area menu"),
        "agentHome": Localized(fr: "Accueil agents", en: "Staff home"),
        "logout": Localized(fr: "Se déconnecter", en: "Sign out"),
        "loginTitle": Localized(fr: "Connexion des agents", en: "Staff sign-in"),
        "password": Localized(fr: "Mot de passe", en: "Password"),
        "loginAction": Localized(fr: "Se connecter", en: "Sign in"),
        "loginHelp": Localized(
            fr:
                "Après 5 essais manqués, le compte est bloqué 15 minutes. Un compte se crée avec « guichet create-agent ».",
            en:
                "After 5 failed attempts the account is locked for 15 minutes. Accounts are created with \"guichet create-agent\"."
        ),
        "countersTitle": Localized(fr: "Guichets", en: "Counters"),
        "passwordTitle": Localized(fr: "Changer de mot de passe", en: "Change password"),
        "currentPassword": Localized(fr: "Mot de passe actuel", en: "Current password"),
        "newPassword": Localized(fr: "Nouveau mot de passe", en: "New password"),
        "newPasswordHint": Localized(
            fr: "Au moins 12 caractères. Vos autres sessions seront fermées.",
            en: "At least 12 characters. Your other sessions will be closed."),
        "repeatPassword": Localized(fr: "Nouveau mot de passe, à nouveau", en: "New password, again"),
        "passwordAction": Localized(fr: "Changer le mot de passe", en: "Change the password"),
        "passwordChanged": Localized(fr: "Mot de passe changé.", en: "Password changed."),
        "auditTitle": Localized(fr: "Journal d'audit", en: "Audit log"),
        "auditCaption": Localized(
            fr: "Actions enregistrées, les plus récentes d'abord", en: "Recorded actions, newest first"),
        "auditWhen": Localized(fr: "Quand", en: "When"),
        "auditActor": Localized(fr: "Qui", en: "Who"),
        "auditAction": Localized(fr: "Action", en: "Action"),
        "auditRecord": Localized(fr: "Enregistrement", en: "Record"),
        "auditDetail": Localized(fr: "Détail", en: "Detail"),
        "auditRemote": Localized(fr: "Depuis", en: "From"),
        "auditFrom": Localized(fr: "Du", en: "From"),
        "auditTo": Localized(fr: "Au", en: "To"),
        "auditAny": Localized(fr: "Toutes", en: "Any"),
        "auditFilter": Localized(fr: "Filtrer", en: "Filter"),
        "auditNone": Localized(fr: "Aucune entrée.", en: "No entry."),
        "auditOlder": Localized(fr: "Entrées plus anciennes", en: "Older entries"),
        "agentCancelTitle": Localized(fr: "Annuler à la demande de la personne", en: "Cancel at the person's request"),
        "agentCancelReason": Localized(
            fr: "Raison (par exemple : demandé au téléphone)", en: "Reason (for example: asked by phone)"),
        "agentCancelAction": Localized(fr: "Annuler le rendez-vous", en: "Cancel the appointment"),
    ]
}
