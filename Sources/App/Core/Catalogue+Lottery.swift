import GuichetCore

/// The strings of release lotteries, of a draw request's upkeep and of priority claims.
extension Catalogue {
    static let lottery: [String: Localized] = [
        "lotteryTitle": Localized(fr: "Tirage au sort des places publiées", en: "Lottery of the seats just released"),
        "lotteryOpen": Localized(
            fr: "Des places viennent d'être publiées. Jusqu'à l'heure ci-dessous, toute personne qui en demande une a la même chance : l'heure de la demande ne compte pas, il ne sert à rien de se précipiter.",
            en: "Seats have just been released. Until the time below, everyone who asks for one has the same chance: the time of asking does not count, there is no point in rushing."),
        "lotteryReleased": Localized(fr: "Publication :", en: "Released:"),
        "lotteryResult": Localized(fr: "Tirage et résultat par courriel :", en: "Draw and result by email:"),
        "lotterySeats": Localized(fr: "Places tirées au sort :", en: "Seats in the lottery:"),
        "lotteryConfirmRule": Localized(
            fr: "Si vous êtes tiré au sort, vous recevez une place et un code : confirmez-la dans les 12 heures. Sinon, vous pourrez demander lors d'une prochaine publication.",
            en: "If you are drawn, you get a seat and a code: confirm it within 12 hours. If not, you can ask at a later release."),
        "lotteryAction": Localized(fr: "Demander une place", en: "Ask for a seat"),
        "lotterySubmit": Localized(fr: "Demander une place", en: "Ask for a seat"),
        "lotteryNone": Localized(
            fr: "Les places sont publiées à des moments imprévisibles, en semaine pendant les heures de bureau. Après chaque publication, un tirage au sort a lieu parmi tous ceux qui demandent une place dans la demi-heure : revenir de temps en temps suffit, guetter ne sert à rien.",
            en: "Seats are released at unpredictable times, on weekdays during office hours. After each release, a lottery is drawn among everyone who asks for a seat within the half hour: coming back now and then is enough, watching is useless."),
        "lotteryLeftover": Localized(
            fr: "Places restées libres après un tirage au sort : elles sont à qui les réserve.",
            en: "Seats left free after a lottery: they go to whoever books them."),
        "ticketWaitingText": Localized(
            fr: "Votre demande est dans le tirage au sort. Le résultat vous sera envoyé par courriel à l'heure du tirage.",
            en: "Your request is in the lottery. The result will be emailed to you at the time of the draw."),
        "ticketWonText": Localized(
            fr: "Le tirage au sort vous a attribué une place : confirmez-la avec le code reçu par courriel.",
            en: "The lottery gave you a seat: confirm it with the code you received by email."),
        "ticketWonAction": Localized(fr: "Saisir le code", en: "Enter the code"),
        "ticketLostText": Localized(
            fr: "Le tirage au sort ne vous a pas retenu cette fois. Vous pouvez demander une place lors d'une prochaine publication.",
            en: "The lottery did not draw you this time. You can ask for a seat at a later release."),
        "keepTitle": Localized(fr: "Garder ma demande", en: "Keep my request"),
        "keepText": Localized(
            fr: "Vous avez toujours besoin de ce rendez-vous ? Un clic garde votre demande dans les tirages ; on vous reposera la question dans quatre semaines.",
            en: "You still need this appointment? One click keeps your request in the draws; you will be asked again in four weeks."),
        "keepAction": Localized(fr: "Je garde ma demande", en: "I keep my request"),
        "keepDone": Localized(fr: "Merci : votre demande reste dans les tirages.", en: "Thank you: your request stays in the draws."),
        "keepAsked": Localized(fr: "Répondez avant le", en: "Answer by"),
        "twinTitle": Localized(fr: "Identité presque identique à une autre", en: "Identity almost the same as another"),
        "twinText": Localized(
            fr: "Votre demande n'entre pas dans les tirages : une demande ou un rendez-vous plus ancien porte une identité presque identique. S'il s'agit d'une autre personne, dites-le ; un agent vérifiera.",
            en: "Your request does not enter the draws: an earlier request or appointment carries an almost identical identity. If that is another person, say so; an agent will check."),
        "twinReasonLabel": Localized(fr: "Ressemblance :", en: "Likeness:"),
        "twinAction": Localized(fr: "Je suis une autre personne", en: "I am another person"),
        "twinContested": Localized(
            fr: "Vous avez indiqué être une autre personne : un agent vérifie. Votre demande reprendra sa place dans les tirages s'il s'agit bien de deux personnes.",
            en: "You said you are another person: an agent is checking. Your request goes back into the draws if you are indeed two people."),
        "twinDone": Localized(fr: "Merci : un agent va vérifier.", en: "Thank you: an agent will check."),
        "priorityTitle": Localized(fr: "Priorité liée à l'expiration du titre", en: "Priority from the permit's expiry"),
        "priorityPending": Localized(
            fr: "Une copie de votre titre est jointe : un agent va vérifier la date d'expiration. D'ici là, la demande entre dans les tirages sans priorité.",
            en: "A copy of your permit is attached: an agent will check the expiry date. Until then, the request enters the draws without priority."),
        "priorityConfirmed": Localized(
            fr: "Date d'expiration vérifiée par un agent : la demande passe en priorité.",
            en: "Expiry date checked by an agent: the request is drawn with priority."),
        "priorityDowngraded": Localized(
            fr: "Un agent n'a pas pu lire la date indiquée sur la copie jointe : la demande entre dans les tirages sans priorité. Vous pouvez joindre une autre copie.",
            en: "An agent could not read the date given on the attached copy: the request enters the draws without priority. You can attach another copy."),
        "priorityMissing": Localized(
            fr: "La date d'expiration que vous avez indiquée donnerait la priorité, mais aucune copie du titre n'est jointe : la demande entre dans les tirages sans priorité. Joignez une copie (photo ou scan, PDF, JPEG ou PNG, 5 Mo au plus) pour qu'un agent la vérifie.",
            en: "The expiry date you gave would give priority, but no copy of the permit is attached: the request enters the draws without priority. Attach a copy (photo or scan, PDF, JPEG or PNG, 5 MB at most) for an agent to check it."),
        "permitScanLabel": Localized(fr: "Copie de votre titre de séjour ou visa actuel", en: "Copy of your current residence permit or visa"),
        "permitScanHint": Localized(
            fr: "Nécessaire seulement si votre titre expire dans les 90 jours : la priorité n'est donnée qu'une fois la date vérifiée par un agent. Photo ou scan lisible, PDF, JPEG ou PNG, 5 Mo au plus.",
            en: "Needed only if your permit expires within 90 days: priority is given only once an agent has checked the date. A readable photo or scan, PDF, JPEG or PNG, 5 MB at most."),
        "permitScanAction": Localized(fr: "Joindre la copie", en: "Attach the copy"),
        "permitScanDone": Localized(fr: "Copie jointe : un agent va la vérifier.", en: "Copy attached: an agent will check it."),
    ]
}
