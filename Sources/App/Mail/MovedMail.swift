import Foundation
import GuichetCore

extension Mails {
    /// A counter's hours changed or it closes, and the admin moved the appointment rather than cancel it: the new
    /// time and place, the old one for reference, and a new manage link (the old token is no longer kept).
    static func moved(
        appointmentID: UUID, name: String, previous: SlotSummary, slot: SlotSummary,
        convocationCode: String, manageToken: String, links: MailLinks, now: Date,
        language: Language
    ) -> ComposedMail {
        var context = slotContext(slot, language)
        context["name"] = name
        context["previous"] = when(previous.start, language)
        context["convocationCode"] = convocationCode
        context["manageToken"] = manageToken
        context["manageURL"] = links.appointment(appointmentID, token: manageToken)
        context["convocationURL"] = links.convocation(appointmentID, token: manageToken)
        context["verifyURL"] = links.verify
        return ComposedMail(
            subject: Localized(
                fr: "Rendez-vous déplacé au \(when(slot.start, .fr))",
                en: "Appointment moved to \(when(slot.start, .en))")(language),
            template: "moved", language: language, context: context,
            attachments: [
                calendar(
                    appointmentID: appointmentID, slot: slot, convocationCode: convocationCode,
                    links: links, now: now, language: language)
            ])
    }
}
