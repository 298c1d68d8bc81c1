import GuichetCore

/// The strings of release lotteries, of a draw request's upkeep and of priority claims.
extension Catalogue {
    static let lottery: [String: Localized] = [
        "lotteryTitle": Localized(fr: "Tirage au sort des places publiées", en: "Lottery of the seats just released"),
        "lotteryOpen": Localized(
            fr:
                "Des places viennent d'être publiées. Jusqu'à l'heure ci-dessous, toute personne qui en demande une a la même chance : l'heure de la demande ne compte pas, il ne sert à rien de se précipiter.",
            en:
                "Seats have just been released. Until the time below, everyone who asks for one has the same chance: the time of asking does not count, there is no point in rushing."
        ),
        "lotteryReleased": Localized(fr: "Publication :", en: "Released:"),
        "lotteryResult": Localized(fr: "Tirage et résultat par courriel :", en: "Draw and result by email:"),
        "lotterySeats": Localized(fr: "Places tirées au sort :", en: "Seats in the lottery:"),
        "lotteryConfirmRule": Localized(
            fr:
                "Si vous êtes tiré au sort, vous recevez une place et un code : confirmez-la dans les 12 heures. Sinon, votre demande reste pour les tirages suivants, sans rien refaire.",
            en:
                "If you are drawn, you get a seat and a code: confirm it within 12 hours. If not, your request stays for the following lotteries, with nothing to do again."
        ),
        "lotteryHow": Localized(
            fr:
                "Les places de cette démarche sont publiées à des moments imprévisibles. Chaque publication est suivie d'un tirage au sort parmi toutes les demandes en attente : celles faites depuis longtemps comme celles faites dans la demi-heure qui suit. Faites votre demande une fois ; elle reste pour les tirages suivants jusqu'à ce que vous obteniez une place ou la retiriez. Il ne sert à rien de guetter.",
            en:
                "This procedure's seats are released at unpredictable times. Each release is followed by a lottery among all waiting requests: those made long ago as well as those made in the half hour after it. Ask once; your request stays for the following lotteries until you get a seat or withdraw it. There is no point in watching for releases."
        ),
        "lotteryAction": Localized(fr: "Demander une place", en: "Ask for a seat"),
        "lotteryTitleAsk": Localized(fr: "Demander une place", en: "Ask for a seat"),
        "noDaysLottery": Localized(
            fr:
                "Aucune place n'est libre à la réservation directe pour le moment : les places publiées vont d'abord au tirage au sort.",
            en: "No seat is free for direct booking at the moment: released seats go to the lottery first."),
        "lotterySubmit": Localized(fr: "Demander une place", en: "Ask for a seat"),
        "lotteryNone": Localized(
            fr:
                "Aucun tirage n'est en cours. Demandez une place dès maintenant : votre demande entrera dans le tirage de la prochaine publication.",
            en: "No lottery is under way. Ask for a seat now: your request will enter the lottery of the next release."),
        "lotteryLeftover": Localized(
            fr: "Places restées libres après un tirage au sort : elles sont à qui les réserve.",
            en: "Seats left free after a lottery: they go to whoever books them."),
        "ticketWaitingText": Localized(
            fr:
                "Votre demande attend le tirage au sort de la prochaine publication (ou celui en cours). Si vous êtes tiré au sort, un code vous est envoyé par courriel ; sinon, la demande reste pour le tirage suivant.",
            en:
                "Your request waits for the lottery of the next release (or the one under way). If you are drawn, a code is emailed to you; if not, the request stays for the next lottery."
        ),
        "ticketWonText": Localized(
            fr: "Le tirage au sort vous a attribué une place : confirmez-la avec le code reçu par courriel.",
            en: "The lottery gave you a seat: confirm it with the code you received by email."),
        "ticketWonAction": Localized(fr: "Saisir le code", en: "Enter the code"),
        "ticketLostText": Localized(
            fr: "Le dernier tirage au sort ne vous a pas retenu : votre demande reste pour le suivant.",
            en: "The last lottery did not draw you: your request stays for the next one."),
        "keepTitle": Localized(fr: "Garder ma demande", en: "Keep my request"),
        "keepText": Localized(
            fr:
                "Vous avez toujours besoin de ce rendez-vous ? Un clic garde votre demande dans les tirages ; on vous reposera la question dans quatre semaines.",
            en:
                "You still need this appointment? One click keeps your request in the draws; you will be asked again in four weeks."
        ),
        "keepAction": Localized(fr: "Je garde ma demande", en: "I keep my request"),
        "keepDone": Localized(
            fr: "Merci : votre demande reste dans les tirages.", en: "Thank you: your request stays in the draws."),
        "keepAsked": Localized(fr: "Répondez avant le", en: "Answer by"),
        "twinTitle": Localized(fr: "Identité presque identique à une autre", en: "Identity almost the same as another"),
        "twinText": Localized(
            fr:
                "Votre demande n'entre pas dans les tirages : une demande ou un rendez-vous plus ancien porte une identité presque identique. S'il s'agit d'une autre personne, dites-le ; un agent vérifiera.",
            en:
                "Your request does not enter the draws: an earlier request or appointment carries an almost identical identity. If that is another person, say so; an agent will check."
        ),
        "twinReasonLabel": Localized(fr: "Ressemblance :", en: "Likeness:"),
        "twinAction": Localized(fr: "Je suis une autre personne", en: "I am another person"),
        "twinContested": Localized(
            fr:
                "Vous avez indiqué être une autre personne : un agent vérifie. Votre demande reprendra sa place dans les tirages s'il s'agit bien de deux personnes.",
            en:
                "You said you are another person: an agent is checking. Your request goes back into the draws if you are indeed two people."
        ),
        "twinDone": Localized(fr: "Merci : un agent va vérifier.", en: "Thank you: an agent will check."),
        "requestActionClosed": Localized(
            fr: "Il n'y a plus rien à faire ici : la demande n'attend plus de réponse de votre part.",
            en: "There is nothing left to do here: the request is no longer waiting for an answer from you."),
        "priorityTitle": Localized(
            fr: "Priorité liée à l'expiration du titre", en: "Priority from the permit's expiry"),
        "priorityPending": Localized(
            fr:
                "Une copie de votre titre est jointe : un agent va vérifier la date d'expiration. D'ici là, la demande entre dans les tirages sans priorité.",
            en:
                "A copy of your permit is attached: an agent will check the expiry date. Until then, the request enters the draws without priority."
        ),
        "priorityConfirmed": Localized(
            fr: "Date d'expiration vérifiée par un agent : la demande passe en priorité.",
            en: "Expiry date checked by an agent: the request is drawn with priority."),
        "priorityDowngraded": Localized(
            fr:
                "Un agent n'a pas pu lire la date indiquée sur la copie jointe : la demande entre dans les tirages sans priorité. Vous pouvez joindre une autre copie.",
            en:
                "An agent could not read the date given on the attached copy: the request enters the draws without priority. You can attach another copy."
        ),
        "priorityMissing": Localized(
            fr:
                "La date d'expiration que vous avez indiquée donnerait la priorité, mais aucune copie du titre n'est jointe : la demande entre dans les tirages sans priorité. Joignez une copie (photo ou scan, PDF, JPEG ou PNG, 5 Mo au plus) pour qu'un agent la vérifie.",
            en:
                "The expiry date you gave would give priority, but no copy of the permit is attached: the request enters the draws without priority. Attach a copy (photo or scan, PDF, JPEG or PNG, 5 MB at most) for an agent to check it."
        ),
        "permitScanLabel": Localized(
            fr: "Copie de votre titre de séjour ou visa actuel", en: "Copy of your current residence permit or visa"),
        "permitScanHint": Localized(
            fr:
                "Nécessaire seulement si votre titre expire dans les 90 jours : la priorité n'est donnée qu'une fois la date vérifiée par un agent. Photo ou scan lisible, PDF, JPEG ou PNG, 5 Mo au plus.",
            en:
                "Needed only if your permit expires within 90 days: priority is given only once an agent has checked the date. A readable photo or scan, PDF, JPEG or PNG, 5 MB at most."
        ),
        "permitScanAction": Localized(fr: "Joindre la copie", en: "Attach the copy"),
        "permitScanDone": Localized(
            fr: "Copie jointe : un agent va la vérifier.", en: "Copy attached: an agent will check it."),
    ]

    /// The supervisors' checks before draws, and the speed races.
    static let drawChecks: [String: Localized] = [
        "drawChecksNav": Localized(fr: "Contrôles avant tirage", en: "Checks before draws"),
        "priorityQueueTitle": Localized(fr: "Priorités à vérifier", en: "Priority claims to check"),
        "priorityQueueIntro": Localized(
            fr:
                "Chaque demande ci-dessous indique un titre qui expire bientôt et joint une copie du titre. Ouvrez la copie : si la date d'expiration y figure et correspond à l'identité, confirmez ; sinon, refusez la priorité en disant pourquoi (la personne le lit). Sans réponse, la demande est tirée sans priorité. Les demandes tirées le plus tôt viennent d'abord.",
            en:
                "Each request below declares a permit expiring soon and attaches a copy of the permit. Open the copy: if the expiry date is on it and matches the identity, confirm; otherwise refuse the priority and say why (the person reads it). Without an answer, the request is drawn without priority. Requests drawn soonest come first."
        ),
        "priorityQueueNone": Localized(fr: "Aucune copie à vérifier.", en: "No copy to check."),
        "priorityQueueDone": Localized(
            fr: "Réponse enregistrée ; la personne est prévenue par courriel.",
            en: "Answer recorded; the person is told by email."),
        "priorityDeclaredExpiry": Localized(fr: "Expiration déclarée", en: "Declared expiry"),
        "prioritySentAt": Localized(fr: "Copie envoyée le", en: "Copy sent on"),
        "priorityViewScan": Localized(
            fr: "Voir la copie du titre (consultation enregistrée)",
            en: "View the permit's copy (the viewing is recorded)"),
        "priorityNote": Localized(fr: "Motif, si vous refusez", en: "Reason, if you refuse"),
        "priorityNoteHint": Localized(
            fr: "Obligatoire pour refuser ; envoyé à la personne.", en: "Required to refuse; sent to the person."),
        "priorityConfirmAction": Localized(fr: "Date vérifiée : priorité accordée", en: "Date checked: grant priority"),
        "priorityDowngradeAction": Localized(fr: "Refuser la priorité", en: "Refuse priority"),
        "twinsTitle": Localized(fr: "Identités presque identiques", en: "Almost identical identities"),
        "twinsIntro": Localized(
            fr:
                "Ces demandes sont tenues hors des tirages : une demande ou un rendez-vous plus ancien porte presque la même identité (noms intervertis, un prénom en plus ou en moins, une date de naissance à un chiffre près, même nationalité). Celles que la personne conteste (« je suis une autre personne ») viennent d'abord. Deux personnes : la demande reprend sa place. Une seule : elle est retirée et la plus ancienne reste.",
            en:
                "These requests are kept out of the draws: an earlier request or appointment carries almost the same identity (names swapped, a given name more or fewer, a birth date one typo away, same nationality). Those the person contests (\"I am another person\") come first. Two people: the request goes back into the draws. One: it is withdrawn and the earlier one stands."
        ),
        "twinsNone": Localized(
            fr: "Aucune identité en attente de décision.", en: "No identity waiting for a decision."),
        "twinsDone": Localized(
            fr: "Décision enregistrée ; la personne est prévenue par courriel.",
            en: "Decision recorded; the person is told by email."),
        "twinsContestedTag": Localized(fr: "contestée", en: "contested"),
        "twinsCompare": Localized(fr: "Les deux identités côte à côte", en: "The two identities side by side"),
        "twinsHeld": Localized(fr: "Demande tenue à l'écart", en: "Request held out"),
        "twinsEarlier": Localized(fr: "Réservation plus ancienne", en: "Earlier booking"),
        "twinsMadeAt": Localized(fr: "Faite le", en: "Made on"),
        "twinsDifferent": Localized(fr: "Deux personnes différentes", en: "Two different people"),
        "twinsSame": Localized(
            fr: "La même personne : retirer la demande", en: "The same person: withdraw the request"),
        "racesTitle": Localized(fr: "Courses de vitesse", en: "Speed races"),
        "racesIntro": Localized(
            fr:
                "Pour chaque publication, tirage au sort et tirage des dernières semaines : en combien de temps la dernière place est partie, quelle part des demandes est arrivée dans les 10 premières secondes (plus vite qu'une personne ne lit une page), et quelle part des places est allée à des réservations signalées ou annulées ensuite par la revue des suspicions. Les échecs ne sont pas enregistrés : « demandes » compte les réservations qui ont eu leur place, les billets et les demandes.",
            en:
                "For every release, lottery and draw of the last weeks: how long until the last seat went, what share of asks arrived in the first 10 seconds (faster than a person reads a page), and what share of seats went to bookings later flagged or cancelled by the suspicion review. Failed attempts are not stored: \"asks\" counts holds that got their seat, tickets and requests."
        ),
        "racesWarning": Localized(
            fr:
                "Ces démarches sont des courses de vitesse : leurs places publiées partent en moins d'une minute, plus vite qu'une personne ne remplit le formulaire. Passez-les en tirage quotidien (ou donnez un tirage au sort à leurs publications) dans la configuration.",
            en:
                "These procedures are speed races: their released seats go in under a minute, faster than a person fills the form. Move them to a daily draw (or give their releases a lottery) in the configuration."
        ),
        "racesMedian": Localized(fr: "dernière place partie en", en: "last seat gone in"),
        "racesCaption": Localized(
            fr: "Publications et tirages des 28 derniers jours", en: "Releases and draws of the last 28 days"),
        "racesWhen": Localized(fr: "Quand", en: "When"),
        "racesKind": Localized(fr: "Mode", en: "Mode"),
        "racesSeats": Localized(fr: "Places", en: "Seats"),
        "racesAsks": Localized(fr: "Demandes", en: "Asks"),
        "racesLastSeat": Localized(fr: "Dernière place partie après", en: "Last seat gone after"),
        "racesEarly": Localized(fr: "Demandes dans les 10 s", en: "Asks within 10 s"),
        "racesFlagged": Localized(fr: "Places à des réservations signalées", en: "Seats to flagged bookings"),
        "racesIsRace": Localized(fr: "course", en: "race"),
        "racesNone": Localized(
            fr: "Aucune publication ni tirage sur la période.", en: "No release or draw in the period."),
        "statsRacesTitle": Localized(fr: "Vitesse des publications et des tirages", en: "Speed of releases and draws"),
        "statsRacesIntro": Localized(
            fr:
                "Sur les quatre dernières semaines : en combien de temps la dernière place d'une publication ou d'un tirage est partie (valeur médiane), et quelle part des demandes est arrivée dans les dix secondes qui suivent (plus vite qu'une personne ne remplit le formulaire). Une publication au premier arrivé vidée en quelques secondes est une course que gagnent les robots ; un tirage au sort rend l'heure de la demande sans importance.",
            en:
                "Over the last four weeks: how long until the last seat of a release or a draw went (median), and what share of asks arrived within the next ten seconds (faster than a person fills the form). A first-come release emptied in seconds is a race that bots win; a lottery makes the time of asking irrelevant."
        ),
        "statsRacesCaption": Localized(
            fr: "Par démarche et par mode, 28 derniers jours", en: "By procedure and mode, last 28 days"),
        "statsRacesCount": Localized(fr: "Publications ou tirages", en: "Releases or draws"),
        "homeChecksTitle": Localized(fr: "À vérifier avant les tirages", en: "To check before the draws"),
        "homePriorityWaiting": Localized(fr: "copie(s) de titre à vérifier", en: "permit copy(ies) to check"),
        "homeTwinsWaiting": Localized(
            fr: "identité(s) contestée(s) à trancher", en: "contested identity(ies) to decide"),
    ]
}
