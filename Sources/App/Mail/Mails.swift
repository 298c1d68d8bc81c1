import Foundation
import GuichetCore

/// An email ready for the outbox: its subject, the template that renders its bodies, the values the template
/// shows, and its attachments. The outbox stores it as is; the worker renders text and HTML at delivery, so the
/// transaction that queues it stays cheap.
struct ComposedMail: Sendable {
    let subject: String
    /// A name under `Views/mail/<language>/`, without extension.
    let template: String
    let language: Language
    /// Strings only, already formatted for the language (dates, times): templates just print them.
    let context: [String: String]
    var attachments: [MailAttachment] = []
}

/// What a slot looks like in an email: when, where.
struct SlotSummary: Sendable {
    let start: Date
    let end: Date
    let counterName: String
    let siteName: String
    let siteAddress: String
    let procedureName: String
}

extension SlotSummary {
    /// The seat just taken, named from the cached reference data (no query inside the booking transaction).
    init(
        _ taken: SeatLedger.Taken, reference: ReferenceData, procedure: ReferenceData.ProcedureInfo, language: Language
    ) {
        let counter = reference.counters[taken.counterID]
        self.init(
            start: taken.startsAt, end: taken.endsAt, counterName: counter?.name ?? taken.counterID,
            siteName: counter?.siteName ?? "", siteAddress: counter?.siteAddress ?? "",
            procedureName: procedure.name(language))
    }
}

/// The public addresses emails link to: `SitePath`'s pages, made absolute with the site's public address.
struct MailLinks: Sendable {
    let baseURL: String

    func appointment(_ id: UUID, token: String) -> String { baseURL + SitePath.appointment(id, token: token) }

    func convocation(_ id: UUID, token: String) -> String {
        baseURL + SitePath.appointmentPage(.appointmentConvocation, id, token: token)
    }

    func request(_ number: String, token: String) -> String { baseURL + SitePath.request(number, token: token) }

    /// Where a hold's emailed code is typed.
    func appointmentCode(_ id: UUID) -> String { baseURL + SitePath.appointmentCode(id) }

    /// A draw request's page reached with the token of an emailed action link.
    func requestAction(_ number: String, _ action: RequestActionPages.Action, token: String) -> String {
        baseURL + SitePath.requestPage(action.url, number, token: token)
    }

    func urgent(_ number: String, token: String) -> String { baseURL + SitePath.urgentRequest(number, token: token) }

    var verify: String { baseURL + SitePath.verify }

    /// The published draw document (seed, inputs, allocation), for anyone to recompute.
    func draw(_ id: String) -> String { baseURL + SitePath.draw(id) }

    /// The host that names our messages and calendar events.
    var host: String { URL(string: baseURL)?.host ?? "guichet.local" }
}

/// The emails of an appointment, in the applicant's language. The words are in the templates
/// (`Views/mail/fr|en/*.leaf`); here are the subjects, the values and the attachments.
enum Mails {
    /// The code that turns a 15-minute hold into an appointment. No name: the address is not verified yet, and
    /// whoever owns it should not learn who typed it.
    static func holdCode(code: String, slot: SlotSummary, expiresAt: Date, language: Language) -> ComposedMail {
        ComposedMail(
            subject: Localized(fr: "Votre code de confirmation : \(code)", en: "Your confirmation code: \(code)")(
                language),
            template: "code", language: language,
            context: [
                "procedure": slot.procedureName, "when": when(slot.start, language), "code": code,
                "until": time(expiresAt, language),
            ])
    }

    static func confirmation(
        appointmentID: UUID, name: String, slot: SlotSummary, convocationCode: String,
        manageToken: String, links: MailLinks, now: Date, language: Language
    ) -> ComposedMail {
        ComposedMail(
            subject: Localized(
                fr: "Rendez-vous confirmé : \(when(slot.start, .fr))",
                en: "Appointment confirmed: \(when(slot.start, .en))")(language),
            template: "confirmation", language: language,
            context: appointmentContext(
                appointmentID: appointmentID, name: name, slot: slot, convocationCode: convocationCode,
                manageToken: manageToken, links: links, language: language),
            attachments: [
                calendar(
                    appointmentID: appointmentID, slot: slot, convocationCode: convocationCode,
                    links: links, now: now, language: language)
            ])
    }

    /// The convocation of a person the draw gave a seat to: a confirmed appointment they never picked, so the
    /// wording says where it comes from.
    static func allocation(
        appointmentID: UUID, name: String, slot: SlotSummary, convocationCode: String,
        manageToken: String, requestNumber: String, drawID: String, drawnAt: Date,
        links: MailLinks, now: Date, language: Language
    ) -> ComposedMail {
        var context = appointmentContext(
            appointmentID: appointmentID, name: name, slot: slot,
            convocationCode: convocationCode, manageToken: manageToken, links: links,
            language: language)
        context["number"] = requestNumber
        context["drawDate"] = day(drawnAt, language)
        context["drawURL"] = links.draw(drawID)
        return ComposedMail(
            subject: Localized(
                fr: "Tirage au sort : votre rendez-vous du \(when(slot.start, .fr))",
                en: "Draw: your appointment on \(when(slot.start, .en))")(language),
            template: "allocation", language: language, context: context,
            attachments: [
                calendar(
                    appointmentID: appointmentID, slot: slot, convocationCode: convocationCode,
                    links: links, now: now, language: language)
            ])
    }

    /// Two days before. The manage token exists only as a hash by now, so the email points back to the
    /// confirmation for cancelling; the calendar file has the same UID, so calendars update rather than add.
    static func reminder(
        appointmentID: UUID, name: String, slot: SlotSummary, convocationCode: String,
        links: MailLinks, now: Date, language: Language
    ) -> ComposedMail {
        var context = slotContext(slot, language)
        context["name"] = name
        context["convocationCode"] = convocationCode
        context["verifyURL"] = links.verify
        return ComposedMail(
            subject: Localized(
                fr: "Rappel : rendez-vous le \(when(slot.start, .fr))",
                en: "Reminder: appointment on \(when(slot.start, .en))")(language),
            template: "reminder", language: language, context: context,
            attachments: [
                calendar(
                    appointmentID: appointmentID, slot: slot, convocationCode: convocationCode,
                    links: links, now: now, language: language)
            ])
    }

    static func cancellation(slot: SlotSummary, language: Language) -> ComposedMail {
        ComposedMail(
            subject: Localized(
                fr: "Rendez-vous annulé : \(when(slot.start, .fr))",
                en: "Appointment cancelled: \(when(slot.start, .en))")(language),
            template: "cancellation", language: language,
            context: [
                "procedure": slot.procedureName, "when": when(slot.start, language), "site": slot.siteName,
                "counter": slot.counterName,
            ])
    }

    static func duplicateRemoved(slot: SlotSummary, language: Language) -> ComposedMail {
        ComposedMail(
            subject: Localized(
                fr: "Rendez-vous annulé (doublon) : \(when(slot.start, .fr))",
                en: "Appointment cancelled (duplicate): \(when(slot.start, .en))")(language),
            template: "duplicate-removed", language: language,
            context: ["procedure": slot.procedureName, "when": when(slot.start, language)])
    }

    /// For the urgent-request service: the request is registered and agents will read it.
    static func urgentReceived(
        number: String, procedureName: String, statusURL: String,
        language: Language
    ) -> ComposedMail {
        ComposedMail(
            subject: Localized(fr: "Demande urgente reçue : \(number)", en: "Urgent request received: \(number)")(
                language),
            template: "urgent-received", language: language,
            context: ["number": number, "procedure": procedureName, "statusURL": statusURL])
    }

    // MARK: - Values
    // A context holds exactly what its templates show (a test checks it), so a row stores nothing it does not need.

    static func slotContext(_ slot: SlotSummary, _ language: Language) -> [String: String] {
        [
            "procedure": slot.procedureName, "when": when(slot.start, language), "site": slot.siteName,
            "counter": slot.counterName, "address": slot.siteAddress,
        ]
    }

    private static func appointmentContext(
        appointmentID: UUID, name: String, slot: SlotSummary, convocationCode: String,
        manageToken: String, links: MailLinks,
        language: Language
    ) -> [String: String] {
        slotContext(slot, language).merging([
            "name": name, "convocationCode": convocationCode, "manageToken": manageToken,
            "manageURL": links.appointment(appointmentID, token: manageToken),
            "convocationURL": links.convocation(appointmentID, token: manageToken),
            "verifyURL": links.verify,
        ]) { $1 }
    }

    /// The `.ics` of an appointment. Its UID is the appointment's, so every copy names the same event.
    static func calendar(
        appointmentID: UUID, slot: SlotSummary, convocationCode: String, links: MailLinks, now: Date,
        language: Language
    ) -> MailAttachment {
        let text = Localized(
            fr:
                "Code de convocation : \(convocationCode)\nVenez avec une pièce d'identité au nom exact donné lors de la réservation.\nLes rendez-vous de la préfecture sont gratuits.",
            en:
                "Convocation code: \(convocationCode)\nBring an identity document in the exact name given when booking.\nPrefecture appointments are free."
        )
        let event = CalendarEvent(
            uid: "\(appointmentID.uuidString.lowercased())@\(links.host)", stamp: now, start: slot.start, end: slot.end,
            summary: Localized(fr: "Préfecture : \(slot.procedureName)", en: "Prefecture: \(slot.procedureName)")(
                language),
            location: [slot.siteName, slot.counterName, slot.siteAddress].filter { !$0.isEmpty }.joined(
                separator: ", "),
            description: text(language))
        return .calendar(event.ics())
    }

    /// "mardi 1 décembre 2026 à 09:00" / "Tuesday 1 December 2026 at 09:00", Paris time.
    static func when(_ instant: Date, _ language: Language) -> String { DateText.moment(instant, language) }

    /// "mardi 1 décembre 2026" / "Tuesday 1 December 2026", Paris time.
    static func day(_ instant: Date, _ language: Language) -> String { DateText.day(of: instant, language) }

    static func time(_ instant: Date, _ language: Language) -> String { DateText.time(instant) }
}
