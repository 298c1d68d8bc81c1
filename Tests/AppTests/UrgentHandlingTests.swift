import Fluent
import Foundation
import GuichetCore
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    /// Urgent requests in the back office: the list by permit expiry, attachments, grants from the seats kept for
    /// urgent cases, answers; every step audited.
    @Suite struct UrgentHandlingTests {
        static let agentEmail = "marc.leroy@herault.example"
        static let pdf: [UInt8] = Array(
            "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n".utf8)

        @discardableResult
        static func urgent(
            _ app: Application, family: String, expiry: String?, email: String,
            procedure: String = "renewal", files: Int = 0
        ) async throws -> String {
            try await submitted(app, family: family, expiry: expiry, email: email, procedure: procedure, files: files)
                .number
        }

        /// The request's number and the token of the person's status page.
        static func submitted(
            _ app: Application, family: String, expiry: String?, email: String,
            procedure: String = "renewal", files: Int = 0
        ) async throws -> UrgentService.Submitted {
            let today = ParisTime.civilDate(of: app.guichet.clock.now())
            let applicant = try Applicant.validate(
                ApplicantInput(
                    familyName: family, givenNames: "Amina", birthDate: "1985-05-05", nationality: "MAR",
                    permitExpiry: expiry, email: email), today: today)
            let uploads = (0..<files).map {
                UrgentService.Upload(
                    originalName: "attestation employeur \($0).pdf", kind: .pdf,
                    bytes: Data(Self.pdf))
            }
            return try await UrgentService(db: app.db, services: app.guichet, logger: app.logger)
                .submit(
                    procedureID: procedure, applicant: applicant,
                    reason: "Mon titre expire et mon contrat est suspendu.",
                    uploads: uploads, language: .fr)
        }

        /// The capacity invariant, read back from the table.
        static func seatsHold(_ app: Application) async throws -> Bool {
            try await app.db.sql.raw(
                """
                SELECT COUNT(*) AS n FROM slots WHERE taken < 0 OR taken > released OR released > capacity
                """
            ).first()?.decode(column: "n", as: Int.self) == 0
        }

        @Test func theListPutsExpiredAndSoonestExpiringPermitsFirst() async throws {
            try await withGuichetApp { app in
                // setup
                try await AgentAccessTests.agent(app, Self.agentEmail, .agent)
                let later = try await Self.urgent(app, family: "Alaoui", expiry: "2027-03-01", email: "a@example.org")
                let none = try await Self.urgent(app, family: "Bennani", expiry: nil, email: "b@example.org")
                let expired = try await Self.urgent(
                    app, family: "Chraibi", expiry: "2026-11-20", email: "c@example.org")
                let soon = try await Self.urgent(app, family: "Daoudi", expiry: "2026-12-15", email: "d@example.org")
                var browser = try await AgentAccessTests.signedIn(app, Self.agentEmail)
                // act
                let list = try await browser.get("/agent/urgent")
                // check
                #expect(list.status == .ok)
                let order = list.links(matching: "/agent/urgent/U-").map {
                    $0.replacingOccurrences(of: "/agent/urgent/", with: "")
                }
                #expect(order == [expired, soon, later, none])
                #expect(list.html.contains("tag-expired"))
                try await UrgentHandling(db: app.db, services: app.guichet, logger: app.logger)
                    .answer(number: soon, message: "Venez jeudi.", actor: "agent:test", remote: nil)
                let received = try await browser.get("/agent/urgent?status=received")
                #expect(!received.html.contains(soon))
                let answered = try await browser.get("/agent/urgent?status=answered")
                #expect(answered.links(matching: "/agent/urgent/U-") == ["/agent/urgent/\(soon)"])
                #expect(
                    try await browser.get("/agent/urgent?status=all").links(matching: "/agent/urgent/U-").count == 4)
            }
        }

        @Test func anAttachmentIsServedAsADownloadAndItsViewingAudited() async throws {
            try await withGuichetApp { app in
                // setup
                try await AgentAccessTests.agent(app, Self.agentEmail, .agent)
                let number = try await Self.urgent(
                    app, family: "Alaoui", expiry: "2026-12-20", email: "a@example.org", files: 1)
                let other = try await Self.urgent(
                    app, family: "Bennani", expiry: "2026-12-20", email: "b@example.org", files: 1)
                var browser = try await AgentAccessTests.signedIn(app, Self.agentEmail)
                // act
                let page = try await browser.get("/agent/urgent/\(number)")
                let href = try #require(page.links(matching: "/attachments/").first)
                let file = try await browser.get(href)
                // check
                #expect(file.status == .ok)
                #expect(file.headers.first(name: .contentType) == "application/pdf")
                #expect(
                    file.headers.first(name: .contentDisposition)?.hasPrefix(
                        "attachment; filename=\"attestation employeur 0.pdf\"") == true)
                #expect(file.headers.first(name: "X-Content-Type-Options") == "nosniff")
                #expect(Array(file.body.readableBytesView) == Self.pdf)
                let audit = try #require(
                    try await AuditEntry.query(on: app.db).filter(\.$action == "urgent_attachment_viewed").first())
                #expect(audit.actor == "agent:\(Self.agentEmail)")
                #expect(audit.recordID == number)
                // another request's attachment, or an unknown id, through this request: not found
                let otherID = try #require(
                    try await UrgentRequest.query(on: app.db).filter(\.$number == other).with(\.$attachments)
                        .first()?.attachments.first?.id)
                #expect(
                    try await browser.get("/agent/urgent/\(number)/attachments/\(otherID.uuidString.lowercased())")
                        .status == .notFound)
                #expect(
                    try await browser.get("/agent/urgent/\(number)/attachments/\(UUID().uuidString)").status
                        == .notFound)
                let traversal = try await browser.get("/agent/urgent/\(number)/attachments/..%2F..%2Fguichet.sqlite")
                #expect((400..<500).contains(traversal.status.code), "\(traversal.status)")
                #expect(
                    try await AuditEntry.query(on: app.db).filter(\.$action == "urgent_attachment_viewed").count() == 1)
            }
        }

        @Test func anAgentGrantsAPlannedSeatAndThePersonGetsTheConvocation() async throws {
            try await withGuichetApp { app in
                // setup: a planned seat at a renewal counter, and a slot whose only seat is already on offer
                try await AgentAccessTests.agent(app, Self.agentEmail, .agent)
                let planned = try await Fixture.slot(app, counter: "mtp-2", daysAhead: 2, capacity: 2, released: 0)
                let allReleased = try await Fixture.slot(
                    app, counter: "mtp-2", daysAhead: 2, minute: 11 * 60, released: 1)
                let wrongCounter = try await Fixture.slot(app, counter: "mtp-1", daysAhead: 2, released: 0)
                let submitted = try await Self.submitted(
                    app, family: "Alaoui", expiry: "2026-12-10", email: "amina.alaoui@example.org")
                let number = submitted.number
                var browser = try await AgentAccessTests.signedIn(app, Self.agentEmail)
                var person = PageClient(app)
                let before = try await person.get("/urgent/\(number)?token=\(submitted.manageToken)")
                #expect(before.attribute("data-status", ofID: "status") == "received")
                #expect(!before.html.contains("id=\"urgent-appointment\""))
                let day = ParisTime.civilDate(of: planned.startsAt).iso
                let page = try await browser.get("/agent/urgent/\(number)?from=\(day)")
                #expect(page.html.contains("<option value=\"\(planned.id!)\">"))
                #expect(!page.html.contains("<option value=\"\(allReleased.id!)\">"))
                #expect(!page.html.contains("<option value=\"\(wrongCounter.id!)\">"))
                // act: refused on a seat that is not planned, or at a counter not serving renewals; then granted
                let full = try await browser.post("/agent/urgent/\(number)/grant", [("slot", String(allReleased.id!))])
                let wrong = try await browser.post(
                    "/agent/urgent/\(number)/grant", [("slot", String(wrongCounter.id!))])
                let granted = try await browser.post("/agent/urgent/\(number)/grant", [("slot", String(planned.id!))])
                let twice = try await browser.post("/agent/urgent/\(number)/grant", [("slot", String(planned.id!))])
                // check
                #expect(full.status == .conflict)
                #expect(full.html.contains("id=\"slot-error\""))
                #expect(wrong.status == .conflict)
                #expect(granted.location == "/agent/urgent/\(number)")
                #expect(twice.status == .conflict)
                let request = try #require(
                    try await UrgentRequest.query(on: app.db).filter(\.$number == number).first())
                #expect(request.status == "granted")
                #expect(request.handledBy == "agent:\(Self.agentEmail)")
                let appointment = try #require(try await Appointment.find(request.appointmentID, on: app.db))
                #expect(appointment.status == .confirmed)
                #expect(appointment.channel == "urgent")
                #expect(appointment.$slot.id == planned.id)
                let seat = try #require(try await Slot.find(planned.id, on: app.db))
                #expect(seat.released == 1 && seat.taken == 1 && seat.capacity == 2)
                #expect(try await Slot.find(allReleased.id, on: app.db)?.taken == 0)
                #expect(try await Self.seatsHold(app))
                #expect(try await Appointment.query(on: app.db).filter(\.$channel == "urgent").count() == 1)
                let mail = try await Fixture.lastMail(app, to: "amina.alaoui@example.org")
                #expect(mail.subject.hasPrefix("Rendez-vous confirmé"))
                #expect(mail.text.contains(appointment.convocationCode!))
                let actions = try await AuditEntry.query(on: app.db).filter(\.$actor == "agent:\(Self.agentEmail)")
                    .all().map(\.action)
                #expect(actions.filter { $0 == "urgent_booking" }.count == 1)
                #expect(actions.filter { $0 == "urgent_granted" }.count == 1)
                // the page now links the appointment, whose convocation the agent can print
                let after = try await browser.get("/agent/urgent/\(number)")
                #expect(after.attribute("data-status", ofID: "status") == "granted")
                let appointmentPage = try await browser.get(
                    try #require(after.attribute("href", ofID: "granted-appointment")))
                #expect(appointmentPage.text(ofID: "channel") == "urgent")
                // the person's status page shows the appointment granted: when, where, its code, that it stands
                let status = try await person.get("/urgent/\(number)?token=\(submitted.manageToken)")
                #expect(status.attribute("data-status", ofID: "status") == "granted")
                #expect(status.html.contains("id=\"urgent-appointment\""))
                #expect(status.html.contains(appointment.convocationCode!))
                #expect(status.html.contains(DateText.moment(planned.startsAt, .fr)))
                #expect(status.html.contains("Guichet 2"))
                #expect(status.html.contains("data-status=\"confirmed\""))
                // one person, one active appointment: a second request of the same person cannot be granted
                let again = try await Self.urgent(
                    app, family: "Alaoui", expiry: "2026-12-10", email: "amina2@example.org")
                let duplicate = try await browser.post("/agent/urgent/\(again)/grant", [("slot", String(planned.id!))])
                #expect(duplicate.status == .conflict)
                #expect(try await Slot.find(planned.id, on: app.db)?.taken == 1)
                #expect(try await Self.seatsHold(app))
            }
        }

        @Test func anAgentAnswersWithAMessageThatIsEmailedAndKept() async throws {
            try await withGuichetApp { app in
                // setup
                try await AgentAccessTests.agent(app, Self.agentEmail, .agent)
                let submitted = try await Self.submitted(
                    app, family: "Alaoui", expiry: "2026-12-10", email: "amina.alaoui@example.org")
                let number = submitted.number
                var browser = try await AgentAccessTests.signedIn(app, Self.agentEmail)
                _ = try await browser.get("/agent/urgent/\(number)")
                // act
                let empty = try await browser.post("/agent/urgent/\(number)/answer", [("message", "   ")])
                let sent = try await browser.post(
                    "/agent/urgent/\(number)/answer",
                    [("message", "Présentez-vous jeudi à 9 h avec l'attestation <b>originale</b>.")])
                // check
                #expect(empty.status == .unprocessableEntity)
                #expect(empty.html.contains("id=\"message-error\""))
                #expect(sent.location == "/agent/urgent/\(number)")
                let request = try #require(
                    try await UrgentRequest.query(on: app.db).filter(\.$number == number).first())
                #expect(request.status == "answered")
                #expect(request.answer == "Présentez-vous jeudi à 9 h avec l'attestation <b>originale</b>.")
                let row = try #require(
                    try await OutboxMessage.query(on: app.db).filter(\.$recipient == "amina.alaoui@example.org")
                        .sort(\.$id, .descending).first())
                #expect(row.template == "urgent-answer")
                let mail = try await Fixture.render(app, row)
                #expect(mail.text.contains("Présentez-vous jeudi à 9 h avec l'attestation <b>originale</b>."))
                let audit = try #require(
                    try await AuditEntry.query(on: app.db).filter(\.$action == "urgent_answered").first())
                #expect(audit.recordID == number)
                #expect(audit.actor == "agent:\(Self.agentEmail)")
                let page = try await browser.get("/agent/urgent/\(number)")
                #expect(page.html.contains("attestation &lt;b&gt;originale&lt;/b&gt;"))
                // the person's status page says it was answered, with the answer (escaped) and no appointment
                var person = PageClient(app)
                let status = try await person.get("/urgent/\(number)?token=\(submitted.manageToken)")
                #expect(status.attribute("data-status", ofID: "status") == "answered")
                #expect(status.html.contains("id=\"urgent-answer\""))
                #expect(status.html.contains("attestation &lt;b&gt;originale&lt;/b&gt;"))
                #expect(!status.html.contains("id=\"urgent-appointment\""))
                // a wrong token shows nothing
                let stranger = try await person.get("/urgent/\(number)?token=wrong")
                #expect(stranger.status != .ok && !stranger.html.contains("originale"))
            }
        }
    }
}
