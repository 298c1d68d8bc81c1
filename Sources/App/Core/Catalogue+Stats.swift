import GuichetCore

/// The strings of the public statistics page.
extension Catalogue {
    static let stats: [String: Localized] = [
        "statsNav": Localized(fr: "Statistiques", en: "Statistics"),
        "statsTitle": Localized(fr: "Statistiques des rendez-vous", en: "Appointment statistics"),
        "statsIntro": Localized(
            fr:
                "Chaque semaine (du lundi au dimanche, heure de Paris) : les places publiées, les demandes, les rendez-vous et ce qu'il en est advenu au guichet. Les définitions sont en bas de page.",
            en:
                "Each week (Monday to Sunday, Paris time): the seats published, the requests, the appointments and what became of them at the counter. The definitions are at the bottom of the page."
        ),
        "statsTo": Localized(fr: "au", en: "to"),
        "statsFrom": Localized(fr: "Du", en: "From"),
        "statsWeeksLabel": Localized(fr: "Nombre de semaines", en: "Number of weeks"),
        "statsShow": Localized(fr: "Afficher", en: "Show"),
        "statsRecent": Localized(
            fr:
                "La semaine en cours n'est pas terminée, et les chiffres des semaines récentes peuvent encore changer (présences enregistrées plus tard).",
            en:
                "The current week is not over, and the figures of recent weeks may still change (attendance recorded later)."
        ),
        "statsCaption": Localized(fr: "Chiffres par semaine", en: "Figures by week"),
        "statsWeek": Localized(fr: "Semaine du", en: "Week of"),
        "statsWeekOf": Localized(fr: "semaine du", en: "week of"),
        "statsSeats": Localized(fr: "Places publiées", en: "Seats released"),
        "statsRequests": Localized(fr: "Demandes de tirage", en: "Draw requests"),
        "statsAllocated": Localized(fr: "Attribuées par tirage", en: "Allocated by draw"),
        "statsConfirmed": Localized(fr: "Rendez-vous confirmés", en: "Appointments confirmed"),
        "statsAttended": Localized(fr: "Personnes reçues", en: "People seen"),
        "statsNoShows": Localized(fr: "Absents", en: "No-shows"),
        "statsDuplicates": Localized(fr: "Doublons supprimés", en: "Duplicates removed"),
        "statsRejected": Localized(fr: "Refusés au guichet", en: "Refused at the counter"),
        "statsMedianWait": Localized(fr: "Attente médiane (jours)", en: "Median wait (days)"),
        "statsBeforeExpiry": Localized(fr: "Reçus avant l'expiration du titre", en: "Seen before the permit expired"),
        "statsChartsTitle": Localized(fr: "En graphiques", en: "As charts"),
        "statsChartsIntro": Localized(
            fr: "Les mêmes chiffres que le tableau, une barre par semaine, la valeur écrite au-dessus.",
            en: "The same figures as the table, one bar per week, with its value written above it."),
        "statsChartSeats": Localized(fr: "Places publiées par semaine", en: "Seats released per week"),
        "statsChartAttended": Localized(fr: "Personnes reçues par semaine", en: "People seen per week"),
        "statsChartWait": Localized(
            fr: "Attente médiane, en jours, des personnes reçues", en: "Median wait of the people seen, in days"),
        "statsChartExpiry": Localized(
            fr: "Part des personnes reçues avant l'expiration de leur titre",
            en: "Share of people seen before their permit expired"),
        "statsDefinitionsTitle": Localized(fr: "Définitions", en: "Definitions"),
        "statsDefSeats": Localized(
            fr:
                "Places mises en ligne (publication, places supplémentaires ou tirage) sur les créneaux de la semaine. Une place libérée puis publiée à nouveau compte une fois.",
            en:
                "Seats put on offer (by a release, extra seats or a draw) in the week's slots. A seat freed and offered again counts once."
        ),
        "statsDefRequests": Localized(
            fr: "Demandes de tirage enregistrées (adresse électronique confirmée) pendant la semaine.",
            en: "Draw requests registered (email address confirmed) during the week."),
        "statsDefAllocated": Localized(
            fr: "Demandes de tirage transformées en rendez-vous par un tirage fait pendant la semaine.",
            en: "Draw requests turned into appointments by a draw held during the week."),
        "statsDefConfirmed": Localized(
            fr:
                "Rendez-vous confirmés pendant la semaine (code saisi, ou attribution par tirage), quel que soit leur sort ensuite.",
            en:
                "Appointments confirmed during the week (code entered, or allocated by a draw), whatever became of them afterwards."
        ),
        "statsDefAttended": Localized(
            fr: "Rendez-vous de la semaine où la personne s'est présentée et a été accueillie ou reçue.",
            en: "Appointments of the week where the person came and was checked in or seen."),
        "statsDefNoShows": Localized(
            fr: "Rendez-vous de la semaine où la personne ne s'est pas présentée.",
            en: "Appointments of the week where the person did not come."),
        "statsDefDuplicates": Localized(
            fr:
                "Réservations en double (même personne, même adresse ou même téléphone) annulées pendant la semaine ; la plus ancienne est gardée.",
            en: "Duplicate bookings (same person, email or phone) cancelled during the week; the earliest is kept."),
        "statsDefRejected": Localized(
            fr:
                "Rendez-vous de la semaine refusés au guichet parce que l'identité ne correspondait pas à la pièce présentée.",
            en: "Appointments of the week refused at the counter because the identity did not match the document shown."
        ),
        "statsDefMedianWait": Localized(
            fr:
                "Pour les personnes reçues dans la semaine : nombre de jours entre la réservation (ou la demande de tirage qui y a mené) et le rendez-vous. La moitié a attendu moins, la moitié plus.",
            en:
                "For the people seen during the week: days between the booking (or the draw request that led to it) and the appointment. Half waited less, half more."
        ),
        "statsDefBeforeExpiry": Localized(
            fr:
                "Parmi les personnes reçues dans la semaine qui avaient indiqué la date d'expiration de leur titre : la part reçue au plus tard le jour de cette expiration.",
            en:
                "Among the people seen during the week who gave their permit's expiry date: the share seen no later than that day."
        ),
        "statsDefDash": Localized(
            fr:
                "Un tiret signifie qu'il n'y a rien à mesurer cette semaine-là (personne reçue, ou aucune date d'expiration connue).",
            en: "A dash means there is nothing to measure that week (nobody seen, or no known expiry date)."),
        "statsRetentionBefore": Localized(
            fr: "Les données personnelles sont supprimées",
            en: "Personal data is deleted"),
        "statsRetentionAfter": Localized(
            fr: "mois après la fin d'un rendez-vous ou d'une demande ; ces statistiques, anonymes, sont conservées.",
            en: "months after an appointment or a request ends; these statistics, which are anonymous, are kept."),
    ]
}
