import GuichetCore

/// The strings of the configuration pages (admins).
extension Catalogue {
    static let config: [String: Localized] = [
        "configTitle": Localized(fr: "Configuration", en: "Configuration"),
        "configIntro": Localized(
            fr:
                "Les changements s'appliquent sans redémarrage, en quelques secondes sur tous les serveurs. Aucun rendez-vous n'est supprimé sans que vous l'ayez confirmé.",
            en:
                "Changes apply without a restart, within seconds on every server. No appointment is removed without your confirmation."
        ),
        "configProcedures": Localized(fr: "Démarches", en: "Procedures"),
        "configName": Localized(fr: "Nom", en: "Name"),
        "configMode": Localized(fr: "Mode d'attribution", en: "Allocation mode"),
        "configModeHint": Localized(
            fr:
                "Les rendez-vous déjà pris restent valables quel que soit le mode. On ne quitte le tirage au sort qu'une fois les demandes en attente tirées.",
            en:
                "Appointments already booked stay valid whatever the mode. A procedure leaves the draw only once its waiting requests are drawn."
        ),
        "configLength": Localized(fr: "Durée", en: "Length"),
        "configSite": Localized(fr: "Site", en: "Site"),
        "configServed": Localized(fr: "Démarches traitées", en: "Procedures served"),
        "configSeats": Localized(fr: "Places par créneau", en: "Seats per slot"),
        "configPlanning": Localized(fr: "Planification des créneaux", en: "Slot planning"),
        "configHorizon": Localized(fr: "Nombre de jours planifiés à l'avance", en: "Days planned ahead"),
        "configHorizonHint": Localized(
            fr: "De 7 à 120. Les créneaux sont créés chaque heure jusqu'à cet horizon.",
            en: "From 7 to 120. Slots are created every hour up to this horizon."),
        "configPlanNow": Localized(fr: "Planifier maintenant", en: "Plan now"),
        "configPlanNowHint": Localized(
            fr: "Créer tout de suite les créneaux manquants jusqu'à l'horizon",
            en: "Create the missing slots up to the horizon right away"),
        "configDays": Localized(fr: "jours", en: "days"),
        "configSave": Localized(fr: "Enregistrer", en: "Save"),
        "configCreate": Localized(fr: "Créer", en: "Create"),
        "configNewProcedure": Localized(fr: "Nouvelle démarche", en: "New procedure"),
        "configNewCounter": Localized(fr: "Nouveau guichet", en: "New counter"),
        "configIdentifier": Localized(fr: "Identifiant", en: "Identifier"),
        "configIdentifierHint": Localized(
            fr:
                "Définitif, il apparaît dans les adresses : lettres minuscules, chiffres et tirets (ex. titre-sejour-etudiant).",
            en: "Permanent, it appears in addresses: lower-case letters, digits and hyphens (e.g. student-permit)."),
        "configInService": Localized(fr: "En service", en: "In service"),
        "configOutOfService": Localized(fr: "Hors service", en: "Out of service"),
        "configDraw": Localized(fr: "Demande puis tirage au sort", en: "Request then draw"),
        "configDrawHint": Localized(
            fr:
                "Pour le mode tirage seulement. Le tirage a lieu à l'heure publiée, chaque jour ouvré (lundi à vendredi, jours fériés exceptés) ou chaque semaine le jour choisi (ou toutes les 2 à 4 semaines) ; toute demande confirmée avant entre dans ce tirage, et une demande sans place reste pour le suivant. Chaque tirage attribue les places des jours qui commencent après le délai. La fenêtre ouverte garde ses dates : la nouvelle règle vaut à partir de la suivante.",
            en:
                "Draw mode only. The draw runs at the published time, every working day (Monday to Friday, public holidays excepted) or weekly on the chosen day (or every 2 to 4 weeks); every request confirmed before it enters that draw, and a request without a seat stays for the next. Each draw gives out the seats of the days that start after the delay. The open window keeps its dates: the new policy applies from the next one."
        ),
        "configDrawCadence": Localized(fr: "Rythme des tirages", en: "How often draws run"),
        "configDrawTime": Localized(
            fr: "Heure du tirage (heure de Paris, ex. 14:00)", en: "Time of the draw (Paris time, e.g. 14:00)"),
        "configDrawOpensOn": Localized(
            fr: "Jour du tirage (tirages hebdomadaires)", en: "Day of the draw (weekly draws)"),
        "configDrawWeeks": Localized(
            fr: "Semaines entre deux tirages (1 à 4, tirages hebdomadaires)",
            en: "Weeks between draws (1 to 4, weekly draws)"),
        "configDrawDelay": Localized(
            fr: "Délai entre le tirage et la première place, en jours (0 à 60)",
            en: "Delay between the draw and the first seat, in days (0 to 60)"),
        "configDrawSpan": Localized(
            fr: "Nombre de jours de places attribués par tirage (1 à 60)",
            en: "Days of seats given out by each draw (1 to 60)"),
        "configRetireTitle": Localized(fr: "Mettre hors service", en: "Take out of service"),
        "configRetireHint": Localized(
            fr:
                "La démarche n'est plus proposée, réservée, publiée ni tirée au sort. Les rendez-vous déjà pris restent valables et sont reçus. Impossible tant que des demandes attendent un tirage.",
            en:
                "The procedure is no longer offered, booked, released or drawn. Appointments already booked stay valid and are seen. Not possible while requests wait for a draw."
        ),
        "configRetireActive": Localized(
            fr: "Rendez-vous en cours, qui restent valables :", en: "Active appointments, which stay valid:"),
        "configRetire": Localized(fr: "Mettre hors service", en: "Take out of service"),
        "configReinstateTitle": Localized(fr: "Remettre en service", en: "Put back in service"),
        "configReinstateHint": Localized(
            fr:
                "La démarche est hors service. La remettre en service la propose de nouveau avec les réglages ci-dessus.",
            en: "The procedure is out of service. Putting it back offers it again with the settings above."),
        "configReinstate": Localized(fr: "Remettre en service", en: "Put back in service"),
        "configProcedureRetired": Localized(
            fr: "Cette démarche est hors service.", en: "This procedure is out of service."),
        "configCounterRetired": Localized(
            fr:
                "Ce guichet est hors service : aucun créneau n'est plus créé. Remettez-le en service, puis donnez-lui des horaires et des démarches.",
            en:
                "This counter is out of service: no slots are created any more. Put it back in service, then give it hours and procedures."
        ),
        "configRetireCounterHint": Localized(
            fr:
                "Le guichet perd ses horaires et ses démarches. Si des rendez-vous y sont pris, leur liste s'affiche et vous choisissez de les déplacer ou de les annuler avant que rien ne change.",
            en:
                "The counter loses its hours and procedures. If appointments are booked there, they are listed and you choose to move or cancel them before anything changes."
        ),
        "configBack": Localized(fr: "Retour à la configuration", en: "Back to configuration"),
        "configNameFR": Localized(fr: "Nom en français", en: "Name in French"),
        "configNameEN": Localized(fr: "Nom en anglais", en: "Name in English"),
        "configDocumentsFR": Localized(fr: "Pièces à fournir, en français", en: "Documents to bring, in French"),
        "configDocumentsEN": Localized(fr: "Pièces à fournir, en anglais", en: "Documents to bring, in English"),
        "configDocumentsHint": Localized(fr: "Une pièce par ligne.", en: "One document per line."),
        "configLengthMinutes": Localized(
            fr: "Durée du rendez-vous en minutes (5 à 120)",
            en: "Appointment length in minutes (5 to 120)"),
        "configWalkIn": Localized(fr: "Sans rendez-vous : règle d'accueil affichée", en: "Walk-in: the rule shown"),
        "configWalkInFR": Localized(fr: "Règle en français", en: "Rule in French"),
        "configWalkInEN": Localized(fr: "Règle en anglais", en: "Rule in English"),
        "configPolicy": Localized(fr: "Publication à heures aléatoires", en: "Randomly timed releases"),
        "configPolicyHint": Localized(
            fr:
                "Pour le mode publication seulement. Les semaines dont aucune publication n'a encore eu lieu sont retirées au sort avec la nouvelle règle.",
            en: "Release mode only. Weeks with no release performed yet are drawn again under the new policy."),
        "configPolicyDays": Localized(fr: "Jours de publication", en: "Release days"),
        "configPolicyHours": Localized(
            fr: "Plages horaires de publication (ex. 08:00-18:00)", en: "Release hours (e.g. 08:00-18:00)"),
        "configPolicyPerWeek": Localized(fr: "Publications par semaine (1 à 50)", en: "Releases per week (1 to 50)"),
        "configPolicySeats": Localized(fr: "Places par publication (1 à 1000)", en: "Seats per release (1 to 1000)"),
        "configPolicyLead": Localized(
            fr: "Délai minimum avant le créneau, en heures (0 à 336)",
            en: "Minimum lead before the slot, in hours (0 to 336)"),
        "configPolicyLottery": Localized(
            fr: "Tirage au sort après chaque publication, en minutes (0 à 240 ; 0 = premier arrivé, premier servi)",
            en: "Lottery after each release, in minutes (0 to 240; 0 = first come, first served)"),
        "configPolicyLotteryHint": Localized(
            fr:
                "Pendant ces minutes, toute personne qui demande une place a la même chance, quelle que soit l'heure de sa demande ; les places restantes sont ensuite au premier arrivé. Ne mettez 0 que pour des guichets où les places ne manquent pas : sinon les robots, qui regardent chaque seconde, les prennent toutes.",
            en:
                "During these minutes, everyone who asks for a seat has the same chance, whatever the time they ask; seats left are then first come, first served. Use 0 only for counters whose seats are not scarce: otherwise bots, which look every second, take them all."
        ),
        "configCounterIntro": Localized(
            fr:
                "Horaires et places valent pour les créneaux créés à partir de maintenant. Si le changement retire des créneaux déjà réservés, la liste des rendez-vous concernés s'affiche et rien n'est modifié avant votre choix.",
            en:
                "Hours and seats apply to slots created from now on. If the change removes booked slots, the appointments concerned are listed and nothing changes before you choose."
        ),
        "configHours": Localized(fr: "Horaires d'ouverture", en: "Opening hours"),
        "configHoursHint": Localized(
            fr: "Par jour, des plages comme 09:00-12:00, 13:30-16:30 ; vide = fermé.",
            en: "Per day, ranges such as 09:00-12:00, 13:30-16:30; empty = closed."),
        "configApplyExisting": Localized(
            fr:
                "Appliquer aussi le nombre de places aux créneaux futurs existants (jamais moins que les places déjà publiées)",
            en: "Also apply the number of seats to existing future slots (never fewer than the seats already released)"),
        "configClosures": Localized(fr: "Fermetures exceptionnelles", en: "Closures"),
        "configNoClosure": Localized(fr: "Aucune fermeture.", en: "No closure."),
        "configRemoveClosure": Localized(fr: "Retirer :", en: "Remove:"),
        "configNewClosureHint": Localized(
            fr: "Nouvelle fermeture (dates AAAA-MM-JJ, jours fériés déjà exclus) :",
            en: "New closure (dates YYYY-MM-DD, public holidays are already excluded):"),
        "configClosureFrom": Localized(fr: "Du", en: "From"),
        "configClosureThrough": Localized(fr: "Au (inclus)", en: "Through (included)"),
        "configClosureReason": Localized(fr: "Motif", en: "Reason"),
        "configConfirmTitle": Localized(fr: "Rendez-vous concernés", en: "Appointments concerned"),
        "configConfirmIntro": Localized(
            fr: "Ce changement retire ces rendez-vous. Rien n'est encore modifié. Rendez-vous :",
            en: "This change removes these appointments. Nothing has changed yet. Appointments:"),
        "configSlotsClosed": Localized(fr: "créneaux fermés :", en: "slots closed:"),
        "configAffected": Localized(
            fr: "Rendez-vous concernés par le changement", en: "Appointments concerned by the change"),
        "configPerson": Localized(fr: "Personne", en: "Person"),
        "configProcedure": Localized(fr: "Démarche", en: "Procedure"),
        "configStatus": Localized(fr: "État", en: "Status"),
        "configIfMoved": Localized(fr: "Si déplacé", en: "If moved"),
        "configResolution": Localized(fr: "Que faire de ces rendez-vous ?", en: "What to do with these appointments?"),
        "configMove": Localized(
            fr:
                "Les déplacer : chacun reçoit la place libre la plus proche (au moins 24 h à l'avance) à un guichet qui traite sa démarche, et sa nouvelle convocation par courriel ; sans place libre, il est annulé et prévenu",
            en:
                "Move them: each gets the earliest free seat (at least 24 h ahead) at a counter serving the procedure, and the new convocation by email; without a free seat, cancelled and told"
        ),
        "configCancel": Localized(
            fr: "Les annuler et prévenir chaque personne par courriel (les places ne sont pas remises en ligne)",
            en: "Cancel them and tell each person by email (the seats are not offered again)"),
        "configConfirm": Localized(fr: "Confirmer le changement", en: "Confirm the change"),
        "configAbandon": Localized(fr: "Abandonner", en: "Abandon"),
        "configChangedMeanwhile": Localized(
            fr: "Des réservations ont changé depuis l'affichage : voici la liste à jour. Rien n'a été modifié.",
            en: "Bookings changed since the list was shown: here is the current list. Nothing was changed."),
    ]
}
