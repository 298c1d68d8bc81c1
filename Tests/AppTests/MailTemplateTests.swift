import Foundation
import GuichetCore
import Testing

@testable import App

/// Every email, in both languages, rendered from its Leaf templates with values that try to break them.
@Suite struct MailTemplateTests {
    static let renderer = MailRenderer(viewsDirectory: Resources.directory().viewsDirectory)
    static let links = MailLinks(baseURL: "https://rdv.example")
    static let start = ParisTime.instant(date: CivilDate(year: 2026, month: 12, day: 3)!, minuteOfDay: 9 * 60)
    static let hostileName = "Zoë O'Brien-Nguyễn <script>alert(1)</script> & ضياء"
    static let slot = SlotSummary(
        start: start, end: start.addingTimeInterval(1200), counterName: "Guichet \"2\"",
        siteName: "Sous-préfecture de Béziers", siteAddress: "Bd d'Angleterre, 34500 Béziers",
        procedureName: "Renouvellement <titre> & carte")
    static let id = UUID(uuidString: "0B7C1E9A-1111-4222-8333-944455556666")!

    static func all(_ language: Language) -> [(String, ComposedMail)] {
        [
            ("code", Mails.holdCode(code: "123456", slot: slot, expiresAt: start, language: language)),
            (
                "confirmation",
                Mails.confirmation(
                    appointmentID: id, name: hostileName, slot: slot, convocationCode: "ABCDE-FGHIJ",
                    manageToken: "tok_EN-123", links: links, now: start, language: language)
            ),
            (
                "allocation",
                Mails.allocation(
                    appointmentID: id, name: hostileName, slot: slot, convocationCode: "ABCDE-FGHIJ",
                    manageToken: "tok_EN-123", requestNumber: "R-KLMNP", drawID: "renewal-2026-11-30",
                    drawnAt: start, links: links, now: start, language: language)
            ),
            (
                "reminder",
                Mails.reminder(
                    appointmentID: id, name: hostileName, slot: slot, convocationCode: "ABCDE-FGHIJ",
                    links: links, now: start, language: language)
            ),
            ("cancellation", Mails.cancellation(slot: slot, language: language)),
            (
                "moved",
                Mails.moved(
                    appointmentID: id, name: hostileName, previous: slot, slot: slot, convocationCode: "ABCDE-FGHIJ",
                    manageToken: "tok_EN-123", links: links, now: start, language: language)
            ),
            ("duplicate", Mails.duplicateRemoved(slot: slot, language: language)),
            ("review cancelled", Mails.cancelledAfterReview(slot: slot, language: language)),
            (
                "review request cancelled",
                Mails.requestCancelledAfterReview(
                    number: "R-KLMNP", procedureName: slot.procedureName,
                    language: language)
            ),
            (
                "request code",
                Mails.requestCode(
                    code: "654321", number: "R-KLMNP", procedureName: slot.procedureName,
                    closesAt: start, language: language)
            ),
            (
                "request registered",
                Mails.requestConfirmed(
                    number: "R-KLMNP", token: "tok_R", procedureName: slot.procedureName,
                    window: nil, links: links, language: language)
            ),
            (
                "not allocated",
                Mails.notAllocated(number: "R-KLMNP", procedureName: slot.procedureName, language: language)
            ),
            (
                "urgent",
                Mails.urgentReceived(
                    number: "U-QRSTV", procedureName: slot.procedureName,
                    statusURL: links.urgent("U-QRSTV", token: "tok_U"), language: language)
            ),
            (
                "urgent answer",
                Mails.urgentAnswer(
                    number: "U-QRSTV", procedureName: slot.procedureName,
                    message: "Venez <b>jeudi</b> & apportez l'attestation.\nMerci.",
                    language: language)
            ),
            (
                "lottery entered, waiting",
                Mails.lotteryEntered(
                    number: "L-WXYZA", token: "tok_L", procedureName: slot.procedureName,
                    resultAt: nil, commitment: nil, links: links, language: language)
            ),
            (
                "lottery entered, in a lottery",
                Mails.lotteryEntered(
                    number: "L-WXYZA", token: "tok_L",
                    procedureName: slot.procedureName, resultAt: start,
                    commitment: String(repeating: "ab", count: 32),
                    links: links, language: language)
            ),
            (
                "lottery won",
                Mails.lotteryWon(
                    code: "246810", number: "L-WXYZA", slot: slot, expiresAt: start,
                    codeURL: links.appointmentCode(id), drawURL: links.draw("first-application-x"),
                    language: language)
            ),
            (
                "keep ask",
                Mails.keepAsk(
                    number: "R-KLMNP", procedureName: slot.procedureName, answerBy: start,
                    keepURL: links.requestAction("R-KLMNP", .keep, token: "tok_K"), language: language)
            ),
            (
                "keep withdrawn",
                Mails.keepWithdrawn(
                    number: "R-KLMNP", procedureName: slot.procedureName,
                    requestURL: links.baseURL + "/procedures/renewal/request", language: language)
            ),
            (
                "twin held",
                Mails.twinHeld(
                    number: "R-KLMNP", procedureName: slot.procedureName, reason: .swappedNames,
                    anotherURL: links.requestAction("R-KLMNP", .anotherPerson, token: "tok_T"),
                    language: language)
            ),
            (
                "twin same",
                Mails.twinDecided(
                    number: "R-KLMNP", procedureName: slot.procedureName, samePerson: true,
                    language: language)
            ),
            (
                "twin different",
                Mails.twinDecided(
                    number: "R-KLMNP", procedureName: slot.procedureName, samePerson: false,
                    language: language)
            ),
            (
                "priority confirmed",
                Mails.priorityReviewed(
                    number: "R-KLMNP", procedureName: slot.procedureName, confirmed: true,
                    note: nil, requestURL: links.baseURL + "/requests", language: language)
            ),
            (
                "priority downgraded",
                Mails.priorityReviewed(
                    number: "R-KLMNP", procedureName: slot.procedureName,
                    confirmed: false, note: "Photo illisible <floue> & coupée",
                    requestURL: links.baseURL + "/requests", language: language)
            ),
        ]
    }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }

    static func render(_ mail: ComposedMail) async throws -> MailRenderer.Rendered {
        try await renderer.render(
            template: mail.template, language: mail.language, subject: mail.subject, context: mail.context)
    }

    @Test(arguments: Language.allCases)
    func everyEmailRendersBothPartsWithItsValues(_ language: Language) async throws {
        for (name, mail) in Self.all(language) {
            let rendered = try await Self.render(mail)
            for (key, value) in mail.context {
                #expect(rendered.text.contains(value), "\(name) text lacks \(key)")
                #expect(rendered.html.contains(Self.escaped(value)), "\(name) HTML lacks \(key)")
            }
            let free = language == .fr ? "gratuits" : "are free"
            #expect(
                rendered.text.contains(free) && rendered.html.contains(free), "\(name) lacks the free-of-charge warning"
            )
            #expect(rendered.text.hasPrefix(language == .fr ? "Bonjour" : "Hello"), "\(name)")
        }
    }

    @Test(arguments: Language.allCases)
    func textIsPlainAndHTMLIsEscapedAndSelfContained(_ language: Language) async throws {
        for (name, mail) in Self.all(language) {
            let rendered = try await Self.render(mail)
            for leftover in ["#(", "#unsafeHTML", "#extend", "#export", "#if"] {
                #expect(!rendered.text.contains(leftover) && !rendered.html.contains(leftover), "\(name): \(leftover)")
            }
            for entity in ["&#39;", "&amp;", "&lt;", "&quot;", "<p", "<br"] {
                #expect(!rendered.text.contains(entity), "\(name) text shows \(entity)")
            }
            #expect(rendered.html.hasPrefix("<!doctype html>\n<html lang=\"\(language.rawValue)\">"), "\(name)")
            #expect(!rendered.html.contains("<script>"), "\(name) HTML lets a name's markup through")
            #expect(!rendered.html.contains("<titre>"), "\(name)")
            // nothing fetched from elsewhere: no images, fonts, style sheets or scripts
            for external in ["src=", "<img", "<link", "@import", "url(", "<style"] {
                #expect(!rendered.html.contains(external), "\(name) HTML has \(external)")
            }
            for href in rendered.html.matches(of: /href="([^"]*)"/) {
                #expect(href.1.hasPrefix("https://rdv.example/"), "\(name) links outside the service: \(href.1)")
            }
        }
    }

    @Test func theNameIsShownAsTypedInTextAndEscapedInHTML() async throws {
        let mail = Self.all(.fr).first { $0.0 == "confirmation" }!.1
        let rendered = try await Self.render(mail)
        #expect(rendered.text.contains("Bonjour \(Self.hostileName),"))
        #expect(
            rendered.html.contains("Bonjour Zoë O&#39;Brien-Nguyễn &lt;script&gt;alert(1)&lt;/script&gt; &amp; ضياء,"))
    }

    @Test func theLinksAreThePublicPages() {
        let mail = Self.all(.en).first { $0.0 == "confirmation" }!.1
        #expect(
            mail.context["manageURL"]
                == "https://rdv.example/appointments/0b7c1e9a-1111-4222-8333-944455556666?token=tok_EN-123")
        #expect(
            mail.context["convocationURL"]
                == "https://rdv.example/appointments/0b7c1e9a-1111-4222-8333-944455556666/convocation?token=tok_EN-123")
        #expect(mail.context["verifyURL"] == "https://rdv.example/verify")
        #expect(Self.links.request("R-KLMNP", token: "t") == "https://rdv.example/requests/R-KLMNP?token=t")
        #expect(Self.links.urgent("U-QRSTV", token: "t") == "https://rdv.example/urgent/U-QRSTV?token=t")
    }

    @Test func allocationSaysItComesFromTheDrawAndCarriesTheCalendar() async throws {
        let mail = Self.all(.en).first { $0.0 == "allocation" }!.1
        let rendered = try await Self.render(mail)
        #expect(
            rendered.text.contains(
                "The draw of Thursday 3 December 2026 allocated you an appointment for your request R-KLMNP."))
        #expect(mail.context["drawURL"] == "https://rdv.example/api/v1/draws/renewal-2026-11-30")
        let ics = try #require(mail.attachments.first)
        #expect(ics.filename == "rendez-vous.ics" && ics.contentType.hasPrefix("text/calendar"))
        #expect(ics.content.contains("UID:0b7c1e9a-1111-4222-8333-944455556666@rdv.example\r\n"))
        #expect(ics.content.contains("DTSTART:20261203T080000Z\r\n"))
        #expect(
            ics.content.contains("Code de convocation") == false
                && ics.content.contains("Convocation code: ABCDE-FGHIJ"))
    }
}
