import Foundation
import GuichetCore

/// The emails of a supervisor's review: an appointment or a request ended because its cluster was cancelled.
/// They do not give the supervisor's reason (an internal note, kept in the audit log), only what happened and
/// what to do if the booking was genuine.
extension Mails {
    static func cancelledAfterReview(slot: SlotSummary, language: Language) -> ComposedMail {
        ComposedMail(
            subject: Localized(
                fr: "Rendez-vous annulé après vérification : \(when(slot.start, .fr))",
                en: "Appointment cancelled after review: \(when(slot.start, .en))")(language),
            template: "review-cancelled", language: language,
            context: [
                "procedure": slot.procedureName, "when": when(slot.start, language), "site": slot.siteName,
                "counter": slot.counterName,
            ])
    }

    static func requestCancelledAfterReview(number: String, procedureName: String, language: Language) -> ComposedMail {
        ComposedMail(
            subject: Localized(
                fr: "Demande annulée après vérification : \(number)",
                en: "Request cancelled after review: \(number)")(language),
            template: "review-request-cancelled", language: language,
            context: ["number": number, "procedure": procedureName])
    }
}
