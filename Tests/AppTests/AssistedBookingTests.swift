import Fluent
import Foundation
import GuichetCore
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    /// The assisted channel: an agent books for a person present, under the public rules, and prints the convocation.
    @Suite struct AssistedBookingTests {
        static let agentEmail = "sophie.durand@herault.example"

        static func identity(
            family: String = "Benali", given: String = "Karima", birth: String = "1988-04-12",
            email: String = "karima.benali@example.org", phone: String = ""
        ) -> [(String, String)] {
            [
                ("family_name", family), ("given_names", given), ("birth_date", birth), ("nationality", "DZA"),
                ("email", email), ("phone", phone),
            ]
        }

        @Test func anAgentBooksForAPersonAndPrintsTheConvocation() async throws {
            try await withGuichetApp { app in
                // setup
                try await AgentAccessTests.agent(app, Self.agentEmail, .agent)
                let slot = try await Fixture.slot(app, counter: "mtp-1", daysAhead: 3)
                let date = ParisTime.civilDate(of: slot.startsAt).iso
                var browser = try await AgentAccessTests.signedIn(app, Self.agentEmail)
                // act: procedure → day → time → identity
                let procedures = try await browser.get("/agent/book")
                #expect(procedures.status == .ok)
                #expect(!procedures.links(matching: "/agent/book/first-application").isEmpty)
                #expect(procedures.links(matching: "/agent/book/renewal").isEmpty)
                let days = try await browser.get("/agent/book/first-application")
                #expect(!days.links(matching: "/agent/book/first-application/days/\(date)").isEmpty)
                let times = try await browser.get("/agent/book/first-application/days/\(date)")
                let formHref = try #require(times.links(matching: "form?slot=\(slot.id!)").first)
                let form = try await browser.get(formHref)
                #expect(form.status == .ok)
                #expect(form.html.contains("assisted-exact-names"))
                let booked = try await browser.post(
                    "/agent/book/first-application/form",
                    Self.identity() + [("slot", String(slot.id!)), ("person_language", "en")])
                // check
                #expect(booked.status == .seeOther)
                let location = try #require(booked.location)
                #expect(location.hasPrefix("/agent/appointments/"))
                let appointment = try #require(
                    try await Appointment.query(on: app.db).filter(\.$slot.$id == slot.id!).first())
                #expect(appointment.status == .confirmed)
                #expect(appointment.channel == "assisted")
                #expect(appointment.language == "en")
                #expect(appointment.convocationCode != nil)
                #expect(try await Slot.find(slot.id, on: app.db)?.taken == 1)
                let audit = try #require(
                    try await AuditEntry.query(on: app.db).filter(\.$action == "assisted_booking").first())
                #expect(audit.actor == "agent:\(Self.agentEmail)")
                #expect(audit.recordID == appointment.id!.uuidString.lowercased())
                #expect(audit.detail.contains("channel=assisted"))
                let mail = try await Fixture.lastMail(app, to: "karima.benali@example.org")
                #expect(mail.subject.hasPrefix("Appointment confirmed"))
                #expect(mail.text.contains("/appointments/\(appointment.id!.uuidString.lowercased())?token="))
                // the page, then the printable convocation
                let page = try await browser.get(location)
                #expect(page.text(ofID: "channel") == "assisted")
                #expect(page.html.contains("karima.benali@example.org"))
                let print = try await browser.get(try #require(page.attribute("href", ofID: "print-convocation")))
                #expect(print.status == .ok)
                #expect(print.text(ofID: "short-code") == appointment.convocationCode)
                #expect(print.text(ofID: "full-name") == "Karima Benali")
                #expect(print.html.contains("<svg class=\"qr\""))
                #expect(print.text(ofID: "verify-url")?.contains("/verify/\(appointment.convocationCode!)?s=") == true)
            }
        }

        @Test func theSamePersonEmailOrPhoneIsRefusedOnTheForm() async throws {
            try await withGuichetApp { app in
                // setup
                try await AgentAccessTests.agent(app, Self.agentEmail, .agent)
                let first = try await Fixture.slot(app, counter: "mtp-1", daysAhead: 3)
                let second = try await Fixture.slot(app, counter: "mtp-1", daysAhead: 4)
                var browser = try await AgentAccessTests.signedIn(app, Self.agentEmail)
                _ = try await browser.get("/agent/book/first-application/form?slot=\(first.id!)")
                let done = try await browser.post(
                    "/agent/book/first-application/form",
                    Self.identity(phone: "06 12 34 56 78") + [("slot", String(first.id!))])
                #expect(done.status == .seeOther)
                // act: the same person (other spelling of case), another person with the same email, with the same phone
                let samePerson = try await browser.post(
                    "/agent/book/first-application/form",
                    Self.identity(family: "BENALI", email: "k.b@example.org")
                        + [("slot", String(second.id!))])
                let sameEmail = try await browser.post(
                    "/agent/book/first-application/form",
                    Self.identity(family: "Haddad", given: "Samir", birth: "1990-01-02")
                        + [("slot", String(second.id!))])
                let samePhone = try await browser.post(
                    "/agent/book/first-application/form",
                    Self.identity(
                        family: "Haddad", given: "Samir", birth: "1990-01-02",
                        email: "samir@example.org", phone: "+33612345678")
                        + [("slot", String(second.id!))])
                // check
                #expect(samePerson.status == .conflict)
                #expect(samePerson.html.contains("class=\"error-summary\""))
                #expect(samePerson.html.contains("id=\"family_name-error\""))
                #expect(sameEmail.status == .conflict)
                #expect(sameEmail.html.contains("id=\"email-error\""))
                #expect(samePhone.status == .conflict)
                #expect(samePhone.html.contains("id=\"phone-error\""))
                #expect(try await Slot.find(second.id, on: app.db)?.taken == 0)
                #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "assisted_booking").count() == 1)
                // a placeholder name is refused as on the public site
                let placeholder = try await browser.post(
                    "/agent/book/first-application/form",
                    Self.identity(family: "xxx", email: "other@example.org")
                        + [("slot", String(second.id!))])
                #expect(placeholder.status == .unprocessableEntity)
                #expect(placeholder.html.contains("id=\"family_name-error\""))
            }
        }

        @Test func aPersonWithoutEmailIsBookedAndTheAgentPrints() async throws {
            try await withGuichetApp { app in
                // setup
                try await AgentAccessTests.agent(app, Self.agentEmail, .agent)
                let first = try await Fixture.slot(app, counter: "mtp-1", daysAhead: 3)
                let second = try await Fixture.slot(app, counter: "mtp-1", daysAhead: 4)
                var browser = try await AgentAccessTests.signedIn(app, Self.agentEmail)
                _ = try await browser.get("/agent/book/first-application/form?slot=\(first.id!)")
                let mailsBefore = try await OutboxMessage.query(on: app.db).count()
                // act: no address and the box not ticked, then ticked with an address, then right
                let missing = try await browser.post(
                    "/agent/book/first-application/form",
                    Self.identity(email: "") + [("slot", String(first.id!))])
                let contradictory = try await browser.post(
                    "/agent/book/first-application/form",
                    Self.identity() + [("slot", String(first.id!)), ("no_email", "1")])
                let booked = try await browser.post(
                    "/agent/book/first-application/form",
                    Self.identity(email: "") + [("slot", String(first.id!)), ("no_email", "1")])
                // a second person without email is not a duplicate of the first
                let other = try await browser.post(
                    "/agent/book/first-application/form",
                    Self.identity(family: "Nguyễn", given: "Lan", birth: "1979-09-30", email: "")
                        + [("slot", String(second.id!)), ("no_email", "1")])
                // check
                #expect(missing.status == .unprocessableEntity)
                #expect(missing.html.contains("id=\"email-error\""))
                #expect(contradictory.status == .unprocessableEntity)
                #expect(contradictory.html.contains("id=\"email-error\""))
                #expect(booked.status == .seeOther)
                #expect(other.status == .seeOther)
                let appointments = try await Appointment.query(on: app.db).filter(\.$channel == "assisted").all()
                #expect(appointments.count == 2)
                #expect(appointments.allSatisfy { $0.email.isEmpty && $0.emailKey.isEmpty && $0.status == .confirmed })
                #expect(try await OutboxMessage.query(on: app.db).count() == mailsBefore)
                let page = try await browser.get(try #require(booked.location))
                #expect(page.text(ofID: "email-note")?.isEmpty == false)
                #expect(!page.html.contains("notice-ok"))
                let print = try await browser.get(try #require(page.attribute("href", ofID: "print-convocation")))
                #expect(print.status == .ok)
                // the duplicate sweep does not take "no address" for a shared address
                let removed = try await DuplicateSweep(db: app.db, services: app.guichet, logger: app.logger).run()
                #expect(removed.isEmpty)
                // but the person is still one person
                let again = try await browser.post(
                    "/agent/book/first-application/form",
                    Self.identity(email: "karima@example.org") + [("slot", String(second.id!))])
                #expect(again.status == .conflict)
            }
        }

        @Test func anAgentCancelsAtThePersonsRequestWithAReason() async throws {
            try await withGuichetApp { app in
                // setup: a person booked at the counter, without email: no manage link of their own
                try await AgentAccessTests.agent(app, Self.agentEmail, .agent)
                let first = try await Fixture.slot(app, counter: "mtp-1", daysAhead: 3)
                let second = try await Fixture.slot(app, counter: "mtp-1", daysAhead: 4)
                var browser = try await AgentAccessTests.signedIn(app, Self.agentEmail)
                _ = try await browser.get("/agent/book/first-application/form?slot=\(first.id!)")
                let booked = try await browser.post(
                    "/agent/book/first-application/form",
                    Self.identity(email: "") + [("slot", String(first.id!)), ("no_email", "1")])
                let pageURL = try #require(booked.location)
                let page = try await browser.get(pageURL)
                #expect(page.html.contains("id=\"agent-cancel\""))
                // act: without a reason, then with one
                let refused = try await browser.post(pageURL + "/cancel", [("reason", "  ")])
                let done = try await browser.post(pageURL + "/cancel", [("reason", "Demandé au téléphone")])
                // check
                #expect(refused.status == .unprocessableEntity)
                #expect(refused.html.contains("id=\"cancel_reason-error\""))
                #expect(done.location == pageURL)
                let appointment = try #require(
                    try await Appointment.query(on: app.db).filter(\.$channel == "assisted").first())
                #expect(appointment.status == .cancelled && appointment.closeReason == "cancelled_by_agent")
                let entry = try #require(
                    try await AuditEntry.query(on: app.db)
                        .filter(\.$action == "appointment_cancelled_by_agent").first())
                #expect(entry.actor == "agent:\(Self.agentEmail)" && entry.detail == "Demandé au téléphone")
                #expect(try await Slot.find(first.id!, on: app.db)?.taken == 0, "the seat goes back to planned")
                #expect(!(try await browser.get(pageURL)).html.contains("id=\"agent-cancel\""))
                // the person may book again
                let again = try await browser.post(
                    "/agent/book/first-application/form",
                    Self.identity(email: "") + [("slot", String(second.id!)), ("no_email", "1")])
                #expect(again.status == .seeOther)
            }
        }

        @Test func assistedBookingTakesReleasedSeatsOnly() async throws {
            try await withGuichetApp { app in
                // setup: a planned seat (no release yet)
                try await AgentAccessTests.agent(app, Self.agentEmail, .agent)
                let planned = try await Fixture.slot(app, counter: "mtp-1", daysAhead: 3, released: 0)
                var browser = try await AgentAccessTests.signedIn(app, Self.agentEmail)
                _ = try await browser.get("/agent/book")
                // act
                let refused = try await browser.post(
                    "/agent/book/first-application/form",
                    Self.identity() + [("slot", String(planned.id!))])
                // check
                #expect(refused.status == .conflict)
                #expect(try await Slot.find(planned.id, on: app.db)?.released == 0)
                #expect(try await Appointment.query(on: app.db).filter(\.$channel == "assisted").count() == 0)
            }
        }
    }
}
