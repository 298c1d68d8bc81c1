import Fluent
import Foundation
import GuichetCore
import Testing
import VaporTesting

@testable import App

extension AppTests {
    @Suite struct ReminderTests {
        /// Holds and confirms through the API; returns the appointment id and its manage token.
        static func book(_ app: Application, slot: Slot, applicant: [String: Any], language: String) async throws -> (
            id: String, token: String
        ) {
            var id = ""
            try await app.testing().test(
                .POST, "/api/v1/appointments",
                beforeRequest: { req in
                    req.headers.replaceOrAdd(name: .acceptLanguage, value: language)
                    req.json(Fixture.holdBody(slotID: slot.id!, applicant: applicant))
                },
                afterResponse: { res in
                    #expect(res.status == .accepted)
                    id = try #require(res.json["id"] as? String)
                })
            let code = try await Fixture.lastCode(app, to: applicant["email"] as! String)
            var token = ""
            try await app.testing().test(
                .POST, "/api/v1/appointments/\(id)/confirm",
                beforeRequest: { req in
                    req.json(Data(#"{"code":"\#(code)"}"#.utf8))
                },
                afterResponse: { res in
                    #expect(res.status == .ok)
                    token = try #require(res.json["manageToken"] as? String)
                })
            return (id, token)
        }

        static func reminders(_ app: Application) async throws -> [OutboxMessage] {
            try await OutboxMessage.query(on: app.db).filter(\.$template == "reminder").all()
        }

        @Test func oneReminderPerAppointmentInItsLanguageAndNoneWhenCancelled() async throws {
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock) { app in
                // setup: two appointments five days ahead, one in English kept, one in French cancelled
                let kept = try await Fixture.slot(app, daysAhead: 5)
                let cancelled = try await Fixture.slot(app, daysAhead: 5, minute: 11 * 60)
                let english = try await Self.book(app, slot: kept, applicant: Fixture.applicant(), language: "en")
                let french = try await Self.book(
                    app, slot: cancelled,
                    applicant: Fixture.applicant(
                        family: "Haddad", given: "Omar", birth: "1990-02-03", nationality: "MAR",
                        email: "omar@example.org"), language: "fr")
                try await app.testing().test(
                    .DELETE, "/api/v1/appointments/\(french.id)",
                    headers: ["Authorization": "Bearer \(french.token)"]
                ) { res in
                    #expect(res.status == .ok)
                }
                let reminders = Reminders(db: app.db, services: app.guichet, logger: app.logger)
                // act + check: nothing three days ahead
                #expect(try await reminders.run().isEmpty)
                clock.set(kept.startsAt.addingTimeInterval(-Reminders.lead - 60))
                #expect(try await reminders.run().isEmpty)
                // inside the 48 hours: two processes at once queue exactly one
                clock.set(kept.startsAt.addingTimeInterval(-Reminders.lead + 60))
                async let first = reminders.run()
                async let second = reminders.run()
                let queued = try await first + second
                #expect(queued.map { $0.uuidString.lowercased() } == [english.id.lowercased()])
                #expect(try await reminders.run().isEmpty, "never twice")
                clock.set(kept.startsAt.addingTimeInterval(-3600))
                #expect(try await reminders.run().isEmpty)

                let rows = try await Self.reminders(app)
                #expect(rows.count == 1)
                let row = try #require(rows.first)
                #expect(row.recipient == "karima.benali@example.org" && row.language == "en")
                let appointment = try #require(try await Appointment.find(UUID(uuidString: english.id), on: app.db))
                #expect(appointment.reminderQueuedAt == kept.startsAt.addingTimeInterval(-Reminders.lead + 60))
                let mail = try await Fixture.render(app, row)
                #expect(mail.subject.hasPrefix("Reminder: appointment on"))
                #expect(mail.text.contains("Hello Karima Benali,") && mail.text.contains(appointment.convocationCode!))
                #expect(mail.html?.contains(#"<html lang="en">"#) == true)
                let ics = try #require(mail.attachments.first?.content)
                #expect(ics.contains("UID:\(english.id.lowercased())@127.0.0.1"))
            }
        }

        @Test func anAppointmentConfirmedInsideTheWindowGetsNoReminder() async throws {
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock) { app in
                // setup: booked and confirmed 26 hours before it starts; its confirmation is its reminder
                let slot = try await Fixture.slot(app, daysAhead: 1)
                _ = try await Self.book(app, slot: slot, applicant: Fixture.applicant(), language: "fr")
                // act
                clock.advance(by: 3600)
                let queued = try await Reminders(db: app.db, services: app.guichet, logger: app.logger).run()
                // check
                #expect(queued.isEmpty)
                #expect(try await Self.reminders(app).isEmpty)
            }
        }

        @Test func theReminderNamesTheDayInTheApplicantsLanguage() {
            let slot = SlotSummary(
                start: testStart.addingTimeInterval(9 * 86_400), end: testStart.addingTimeInterval(9 * 86_400 + 1200),
                counterName: "G1", siteName: "S", siteAddress: "A", procedureName: "P")
            let mail = Mails.reminder(
                appointmentID: UUID(), name: "N", slot: slot, convocationCode: "C",
                links: MailLinks(baseURL: "https://rdv.example"), now: testStart, language: .fr)
            #expect(mail.template == "reminder" && mail.attachments.count == 1)
            #expect(mail.subject == "Rappel : rendez-vous le jeudi 10 décembre 2026 à 08:00")
        }
    }
}
