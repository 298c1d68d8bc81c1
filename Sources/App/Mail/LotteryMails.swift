import Foundation
import GuichetCore

/// The emails of a release's lottery, in the person's language.
extension Mails {
    /// The ticket is in: in the lottery under way (when its result comes, and its commitment), or waiting for the
    /// next release; the page to follow it.
    static func lotteryEntered(
        number: String, token: String, procedureName: String, resultAt: Date?, commitment: String?,
        links: MailLinks, language: Language
    ) -> ComposedMail {
        var context = ["number": number, "procedure": procedureName, "statusURL": links.request(number, token: token)]
        if let resultAt, let commitment {
            context["result"] = when(resultAt, language)
            context["commitment"] = commitment
        }
        return ComposedMail(
            subject: Localized(
                fr: "Tirage au sort des places : demande \(number)",
                en: "Seat lottery: request \(number)")(language),
            template: "lottery-entered", language: language, context: context)
    }

    /// Won: a seat is held, to be confirmed with this code. No name, as for any hold: the address is not verified yet.
    static func lotteryWon(
        code: String, number: String, slot: SlotSummary, expiresAt: Date, codeURL: String,
        drawURL: String, language: Language
    ) -> ComposedMail {
        ComposedMail(
            subject: Localized(
                fr: "Tirage au sort : une place pour vous, code \(code)",
                en: "Lottery: a seat for you, code \(code)")(language),
            template: "lottery-won", language: language,
            context: [
                "code": code, "number": number, "procedure": slot.procedureName, "when": when(slot.start, language),
                "place": [slot.siteName, slot.counterName].filter { !$0.isEmpty }.joined(separator: ", "),
                "until": when(expiresAt, language), "codeURL": codeURL, "drawURL": drawURL,
            ])
    }
}

/// The emails that keep draw requests honest: "do you still need it?", the withdrawal without an answer, a request
/// kept out as a near-duplicate, the review of a priority claim.
extension Mails {
    static func keepAsk(
        number: String, procedureName: String, answerBy: Date, keepURL: String,
        language: Language
    ) -> ComposedMail {
        ComposedMail(
            subject: Localized(
                fr: "Avez-vous toujours besoin de ce rendez-vous ? (\(number))",
                en: "Do you still need this appointment? (\(number))")(language),
            template: "keep-ask", language: language,
            context: [
                "number": number, "procedure": procedureName, "answerBy": day(answerBy, language),
                "keepURL": keepURL,
            ])
    }

    static func keepWithdrawn(
        number: String, procedureName: String, requestURL: String,
        language: Language
    ) -> ComposedMail {
        ComposedMail(
            subject: Localized(
                fr: "Demande retirée faute de réponse (\(number))",
                en: "Request withdrawn for want of an answer (\(number))")(language),
            template: "keep-withdrawn", language: language,
            context: ["number": number, "procedure": procedureName, "requestURL": requestURL])
    }

    static func twinHeld(
        number: String, procedureName: String, reason: NearDuplicate.Reason, anotherURL: String,
        language: Language
    ) -> ComposedMail {
        ComposedMail(
            subject: Localized(
                fr: "Demande \(number) : identité presque identique à une autre",
                en: "Request \(number): identity almost the same as another")(language),
            template: "twin-held", language: language,
            context: [
                "number": number, "procedure": procedureName, "reason": TwinText.reason(reason)(language),
                "anotherURL": anotherURL,
            ])
    }

    static func twinDecided(number: String, procedureName: String, samePerson: Bool, language: Language) -> ComposedMail
    {
        ComposedMail(
            subject: samePerson
                ? Localized(
                    fr: "Demande \(number) retirée : même personne", en: "Request \(number) withdrawn: same person")(
                        language)
                : Localized(
                    fr: "Demande \(number) : deux personnes différentes", en: "Request \(number): two different people")(
                        language),
            template: samePerson ? "twin-same" : "twin-different", language: language,
            context: ["number": number, "procedure": procedureName])
    }

    static func priorityReviewed(
        number: String, procedureName: String, confirmed: Bool, note: String?,
        requestURL: String, language: Language
    ) -> ComposedMail {
        ComposedMail(
            subject: confirmed
                ? Localized(fr: "Priorité confirmée (\(number))", en: "Priority confirmed (\(number))")(language)
                : Localized(fr: "Priorité non retenue (\(number))", en: "Priority not granted (\(number))")(language),
            template: confirmed ? "priority-confirmed" : "priority-downgraded", language: language,
            context: ["number": number, "procedure": procedureName, "requestURL": requestURL]
                .merging(confirmed ? [:] : ["note": note ?? "—"]) { first, _ in first })
    }
}
