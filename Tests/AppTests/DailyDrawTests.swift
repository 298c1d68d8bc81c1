import Fluent
import Foundation
import GuichetCore
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    /// Draws as often as every working day (`DrawPolicy.daily`, changes of status in the demo), and the four-weekly
    /// "do you still need it?" that keeps waiting requests true.
    @Suite struct DailyDrawTests {
        @Test func aRequestEntersTheNextDailyDrawAndStaysWithItsNumberUntilAllocated() async throws {
            // Tuesday 1 December 2026, 08:00: today's draw is at 14:00.
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock) { app in
                let draws = DrawService(db: app.db, services: app.guichet, logger: app.logger)
                try await draws.ensureWindows()
                let today = try #require(
                    try await DrawService.openWindow(procedureID: "change-of-status", now: clock.now(), on: app.db))
                #expect(today.closesAt == ParisTime.instant(date: CivilDate(iso: "2026-12-01")!, minuteOfDay: 14 * 60))
                #expect(today.opensAt == ParisTime.instant(date: CivilDate(iso: "2026-11-30")!, minuteOfDay: 14 * 60))
                // the page says when draws happen
                var browser = PageClient(app)
                #expect(
                    try await browser.get("/procedures/change-of-status").html.contains("chaque jour ouvré à 14:00"))
                // no seat at all on offer in today's draw: the request stays, with its number
                try await app.db.sql.raw(
                    "UPDATE slots SET closed = \(bind: true) WHERE counter_id IN ('mtp-3', 'bez-status')"
                ).run()
                let number = try await DrawTests().submitAndConfirm(
                    app, Fixture.applicant(), procedure: "change-of-status")
                clock.set(today.closesAt)
                #expect(try await draws.runDue().contains(today.id!))
                var request = try #require(
                    try await ApplicantRequest.query(on: app.db).filter(\.$number == number).first())
                #expect(request.status == ApplicantRequest.Status.waiting)
                // the next window opens where this one closed, for Wednesday 14:00
                #expect(try await draws.ensureWindows() >= 1)
                let tomorrow = try #require(
                    try await DrawService.openWindow(procedureID: "change-of-status", now: clock.now(), on: app.db))
                #expect(tomorrow.opensAt == today.closesAt)
                #expect(
                    tomorrow.closesAt == ParisTime.instant(date: CivilDate(iso: "2026-12-02")!, minuteOfDay: 14 * 60))
                // seats again: Wednesday's draw gives one, at least a day ahead, and the document verifies
                try await app.db.sql.raw("UPDATE slots SET closed = \(bind: false)").run()
                clock.set(tomorrow.closesAt)
                #expect(try await draws.runDue().contains(tomorrow.id!))
                request = try #require(try await ApplicantRequest.query(on: app.db).filter(\.$number == number).first())
                #expect(request.status == ApplicantRequest.Status.allocated)
                let appointment = try #require(try await Appointment.find(request.appointmentID, on: app.db))
                let slot = try #require(try await Slot.find(appointment.$slot.id, on: app.db))
                #expect(slot.startsAt > tomorrow.closesAt.addingTimeInterval(DrawPolicy.minimumLead))
                let document = try #require(try await DrawService.document(id: tomorrow.id!, on: app.db))
                #expect(document.kind == .draw && DrawVerifier.verify(document).matches)
            }
        }

        @Test func aDrawOnFridayAfternoonIsFollowedByMondaysAndHolidaysAreSkipped() async throws {
            // Thursday 24 December 2026, 15:00: Christmas Friday has no draw; the next is Monday 28 at 14:00.
            let clock = TestClock(ParisTime.instant(date: CivilDate(iso: "2026-12-24")!, minuteOfDay: 15 * 60))
            try await withGuichetApp(clock: clock) { app in
                try await DrawService(db: app.db, services: app.guichet, logger: app.logger).ensureWindows()
                let window = try #require(
                    try await DrawService.openWindow(procedureID: "change-of-status", now: clock.now(), on: app.db))
                #expect(window.closesAt == ParisTime.instant(date: CivilDate(iso: "2026-12-28")!, minuteOfDay: 14 * 60))
            }
        }

        @Test func anAdminMovesAProcedureToADailyDrawFromItsPage() async throws {
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock) { app in
                var admin = try await ConfigPagesTests.admin(app)
                let bad = try await admin.post(
                    "/agent/config/procedures/renewal",
                    ConfigLifecycleTests.drawFields(cadence: "working-days", time: "25:00"))
                #expect(bad.status == .unprocessableEntity && bad.html.contains("href=\"#draw_time\""))
                let saved = try await admin.post(
                    "/agent/config/procedures/renewal",
                    ConfigLifecycleTests.drawFields(cadence: "working-days", time: "10:30"))
                #expect(saved.status == .seeOther)
                let policy = try await DrawPolicyRecord.policy(for: "renewal", on: app.db)
                #expect(policy.cadence == .workingDays && policy.drawMinute == 10 * 60 + 30)
                #expect(try await admin.get("/agent/config/procedures/renewal").html.contains("value=\"10:30\""))
            }
        }

        @Test func aWaitingRequestIsAskedEveryFourWeeksAndWithdrawnWithoutAnswer() async throws {
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock) { app in
                try await DrawService(db: app.db, services: app.guichet, logger: app.logger).ensureWindows()
                // no seat in any draw, so the requests wait
                try await app.db.sql.raw("UPDATE slots SET closed = \(bind: true)").run()
                let kept = try await DrawTests().submitAndConfirm(app, Fixture.applicant())
                let silent = try await DrawTests().submitAndConfirm(
                    app, Fixture.applicant(family: "Sato", given: "Yuki", email: "yuki@example.org"))
                let service = RequestService(db: app.db, services: app.guichet, logger: app.logger)
                clock.advance(by: RequestUpkeep.askEvery - 60)
                #expect(try await service.upkeep() == (0, 0))
                clock.advance(by: 120)
                #expect(try await service.upkeep() == (2, 0))
                #expect(try await service.upkeep() == (0, 0), "asked once")
                let question = try await Fixture.lastMail(app, to: "karima.benali@example.org")
                #expect(question.subject.contains("toujours besoin"))
                let link = try #require(
                    question.text.firstMatch(of: /\/requests\/[A-Z0-9-]+\/keep\?token=[A-Za-z0-9_-]+/))
                // the link shows a button; only the POST keeps it (mail scanners open links)
                var browser = PageClient(app)
                let page = try await browser.get(String(link.output))
                #expect(page.status == .ok && page.html.contains("id=\"action-submit\""))
                let token = String(String(link.output).split(separator: "=").last!)
                let done = try await browser.post("/requests/\(kept)/keep", [("token", token)])
                #expect(done.status == .ok && done.html.contains("id=\"action-done\""))
                #expect(try await browser.post("/requests/\(kept)/keep", [("token", "forged")]).status == .unauthorized)
                // a week later: the silent one is withdrawn and told; the kept one stays
                clock.advance(by: RequestUpkeep.answerWithin)
                #expect(try await service.upkeep() == (0, 1))
                let statuses = try await ApplicantRequest.query(on: app.db).all().reduce(into: [String: String]()) {
                    $0[$1.number] = $1.status
                }
                #expect(statuses[kept] == ApplicantRequest.Status.waiting)
                #expect(statuses[silent] == ApplicantRequest.Status.withdrawn)
                #expect(try await Fixture.lastMail(app, to: "yuki@example.org").subject.contains("faute de réponse"))
                #expect(try await ActiveClaim.query(on: app.db).filter(\.$id == "email:yuki@example.org").count() == 0)
            }
        }
    }
}
