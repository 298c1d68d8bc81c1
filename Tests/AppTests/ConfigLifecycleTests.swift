import Fluent
import Foundation
import GuichetCore
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    /// Configuration by admins (issue 5.3), continued: the draw policy, new procedures and counters, taking them out
    /// of service and back, and hours given back.
    @Suite struct ConfigLifecycleTests {
        typealias Config = ConfigPagesTests

        static func drawFields(
            cadence: String = "weekly", time: String = "00:00", opensOn: String = "thursday",
            weeks: String = "2", delay: String = "3", span: String = "10"
        ) -> [(String, String)] {
            [
                ("name_fr", "Renouvellement de titre de séjour"), ("name_en", "Residence permit renewal"),
                ("documents_fr", "Titre actuel"), ("documents_en", "Current permit"), ("mode", "draw"),
                ("length", "20"),
                ("draw_cadence", cadence), ("draw_time", time),
                ("draw_opens_on", opensOn), ("draw_weeks", weeks), ("draw_delay", delay), ("draw_span", span),
            ]
        }

        @Test func theDrawPolicyAnAdminSetsShapesTheNextWindowNotTheOpenOne() async throws {
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock) { app in
                // setup: this week's window under the standard policy (Monday 30 November to Monday 7 December)
                let draws = DrawService(db: app.db, services: app.guichet, logger: app.logger)
                try await draws.ensureWindows()
                let open = try #require(
                    try await DrawService.openWindow(procedureID: "renewal", now: clock.now(), on: app.db))
                #expect(open.id == "renewal-2026-11-30")
                var admin = try await Config.admin(app)
                #expect(try await admin.get("/agent/config/procedures/renewal").html.contains("id=\"draw_weeks\""))
                // act: fortnightly windows from Thursday, seats 3 days after the draw for 10 days
                let refused = try await admin.post(
                    "/agent/config/procedures/renewal", Self.drawFields(delay: "30", span: "20"))
                let badDay = try await admin.post(
                    "/agent/config/procedures/renewal", Self.drawFields(opensOn: "someday", weeks: "9"))
                let saved = try await admin.post("/agent/config/procedures/renewal", Self.drawFields())
                // check: beyond the 28-day horizon and bad values are refused next to their fields
                #expect(refused.status == .unprocessableEntity)
                #expect(refused.html.contains("href=\"#draw_span\""))
                #expect(badDay.status == .unprocessableEntity)
                #expect(badDay.html.contains("href=\"#draw_opens_on\"") && badDay.html.contains("href=\"#draw_weeks\""))
                #expect(saved.status == .seeOther)
                let policy = try await DrawPolicyRecord.policy(for: "renewal", on: app.db)
                #expect(policy == DrawPolicy(opensOn: .thursday, weeks: 2, seatsDelayDays: 3, seatsSpanDays: 10))
                let audit = try #require(
                    try await AuditEntry.query(on: app.db).filter(\.$action == "procedure_updated").first())
                #expect(audit.detail.contains("draw policy"))
                // the open window keeps its published dates
                #expect(try await draws.ensureWindows() == 0)
                let same = try #require(try await DrawWindow.find("renewal-2026-11-30", on: app.db))
                #expect(same.closesAt == open.closesAt && same.seatsFrom == open.seatsFrom)
                // once it closes, the next window starts where it ended and follows the new policy
                clock.set(ParisTime.instant(date: CivilDate(iso: "2026-12-07")!, minuteOfDay: 1))
                // (changes of status, drawn daily, get their next window too)
                #expect(try await draws.ensureWindows() == 2)
                let next = try #require(
                    try await DrawService.openWindow(procedureID: "renewal", now: clock.now(), on: app.db))
                #expect(next.id == "renewal-2026-12-07")
                #expect(next.opensAt == open.closesAt)
                // the fortnight containing 7 December runs from Thursday 3 to Thursday 17 December
                #expect(next.closesAt == ParisTime.instant(date: CivilDate(iso: "2026-12-17")!, minuteOfDay: 0))
                #expect(next.seatsFrom == "2026-12-20" && next.seatsThrough == "2026-12-29")
                // and the one after is a whole fortnight
                clock.set(ParisTime.instant(date: CivilDate(iso: "2026-12-18")!, minuteOfDay: 9 * 60))
                #expect(try await draws.ensureWindows() == 2)
                let third = try #require(
                    try await DrawService.openWindow(procedureID: "renewal", now: clock.now(), on: app.db))
                #expect(third.id == "renewal-2026-12-17")
                #expect(third.closesAt == ParisTime.instant(date: CivilDate(iso: "2026-12-31")!, minuteOfDay: 0))
            }
        }

        @Test func anAdminCreatesAProcedureAndACounterThatServeAtOnce() async throws {
            try await withGuichetApp { app in
                var admin = try await Config.admin(app)
                #expect(try await admin.get("/agent/config/procedures/new").status == .ok)
                let fields = Config.procedureFields(name: "Family reunification")
                // act: a malformed and a taken identifier are refused; then created
                let malformed = try await admin.post(
                    "/agent/config/procedures/new", fields + [("id", "Family Reunion")])
                let taken = try await admin.post("/agent/config/procedures/new", fields + [("id", "renewal")])
                let created = try await admin.post("/agent/config/procedures/new", fields + [("id", "family-reunion")])
                // check
                #expect(malformed.status == .unprocessableEntity && malformed.html.contains("href=\"#id\""))
                #expect(taken.status == .unprocessableEntity && taken.html.contains("href=\"#id\""))
                #expect(created.status == .seeOther)
                let procedure = try #require(try await Procedure.find("family-reunion", on: app.db))
                #expect(procedure.nameEN == "Family reunification" && procedure.allocationMode == .release)
                let last = try await Procedure.query(on: app.db).filter(\.$id != "family-reunion").max(\.$position) ?? 0
                #expect(procedure.position == last + 1)
                #expect(
                    try await ReleasePolicyRecord.find("family-reunion", on: app.db)?.policy().seatsPerRelease == 20)
                #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "procedure_created").count() == 1)

                // a counter for it at Béziers
                #expect(try await admin.get("/agent/config/counters/new").html.contains("value=\"beziers\""))
                var counter: [(String, String)] = [
                    ("id", "bez-2"), ("site", "beziers"), ("name", "Guichet Béziers 2"),
                    ("seats", "2"), ("procedures", "family-reunion"),
                ]
                for day in ["monday", "tuesday", "thursday", "friday"] {
                    counter.append(("hours_" + day, "09:00-12:00"))
                }
                let noSite = try await admin.post(
                    "/agent/config/counters/new",
                    counter.filter { $0.0 != "site" } + [("site", "nowhere")])
                #expect(noSite.status == .unprocessableEntity && noSite.html.contains("href=\"#site\""))
                let duplicate = try await admin.post(
                    "/agent/config/counters/new",
                    counter.filter { $0.0 != "id" } + [("id", "mtp-1")])
                #expect(duplicate.status == .unprocessableEntity && duplicate.html.contains("href=\"#id\""))
                #expect(try await admin.post("/agent/config/counters/new", counter).status == .seeOther)
                let saved = try #require(try await Counter.find("bez-2", on: app.db))
                #expect(saved.$site.id == "beziers" && saved.seatsPerSlot == 2)
                // its slots are planned at once, every seat planned (none on offer before a release)
                let slots = try await Slot.query(on: app.db).filter(\.$counter.$id == "bez-2").all()
                #expect(!slots.isEmpty)
                #expect(slots.allSatisfy { $0.capacity == 2 && $0.released == 0 && !$0.closed })
                #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "counter_created").count() == 1)
                // the public pages list the procedure with its counter
                var visitor = PageClient(app, language: "en")
                #expect(try await visitor.get("/?lang=en").html.contains("Family reunification"))
                let page = try await visitor.get("/procedures/family-reunion")
                #expect(page.status == .ok && page.html.contains("Guichet Béziers 2"))
            }
        }

        @Test func aRetiredProcedureIsNoLongerOfferedButItsAppointmentsStay() async throws {
            try await withGuichetApp { app in
                let (id, _) = try await Config.booked(app)
                var admin = try await Config.admin(app)
                try await ReleaseService(db: app.db, services: app.guichet, logger: app.logger).planWeeks()
                #expect(
                    try await Release.query(on: app.db).filter(\.$procedure.$id == "first-application")
                        .filter(\.$performedAt == nil).count() > 0)
                let form = try await admin.get("/agent/config/procedures/first-application")
                #expect(form.html.contains("id=\"retire\""))
                // act
                let retired = try await admin.post("/agent/config/procedures/first-application/retire", [])
                // check: out of service, its appointment still confirmed, nothing left to release
                #expect(retired.status == .seeOther)
                #expect(try await Procedure.find("first-application", on: app.db)?.retiredAt != nil)
                #expect(try await Appointment.find(id, on: app.db)?.status == .confirmed)
                #expect(
                    try await Release.query(on: app.db).filter(\.$procedure.$id == "first-application")
                        .filter(\.$performedAt == nil).count() == 0)
                #expect(
                    try await AuditEntry.query(on: app.db).filter(\.$action == "procedure_retired").first()?.detail
                        .contains("1 active appointment") == true)
                // no longer listed, its page gone, no booking accepted, no release planned
                var visitor = PageClient(app)
                #expect(!(try await visitor.get("/").html.contains("/procedures/first-application")))
                #expect(try await visitor.get("/procedures/first-application").status == .notFound)
                let slot = try await Fixture.slot(app, counter: "mtp-1", daysAhead: 4)
                try await app.testing().test(
                    .POST, "/api/v1/appointments",
                    beforeRequest: { req in
                        req.json(
                            Fixture.holdBody(
                                slotID: slot.id!,
                                applicant: Fixture.applicant(family: "Nouveau", email: "n@example.org")))
                    },
                    afterResponse: { res in
                        #expect(res.status == .notFound, "\(res.body.string)")
                    })
                try await app.testing().test(.GET, "/api/v1/procedures/first-application/availability") { res in
                    #expect(res.status == .notFound)
                }
                try await app.testing().test(.GET, "/api/v1/procedures") { res in
                    #expect(!res.body.string.contains("first-application"))
                }
                try await ReleaseService(db: app.db, services: app.guichet, logger: app.logger).planWeeks()
                #expect(
                    try await Release.query(on: app.db).filter(\.$procedure.$id == "first-application")
                        .filter(\.$performedAt == nil).count() == 0)
                // the configuration lists it as out of service
                #expect(try await admin.get("/agent/config").html.contains("Hors service"))
                // back in service
                let back = try await admin.post("/agent/config/procedures/first-application/retire", [("back", "1")])
                #expect(back.status == .seeOther)
                #expect(try await Procedure.find("first-application", on: app.db)?.retiredAt == nil)
                #expect(try await visitor.get("/procedures/first-application").status == .ok)
                #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "procedure_reinstated").count() == 1)
            }
        }

        @Test func aDrawProcedureWithWaitingRequestsCannotBeRetired() async throws {
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock) { app in
                try await DrawService(db: app.db, services: app.guichet, logger: app.logger).ensureWindows()
                let today = ParisTime.civilDate(of: clock.now())
                let applicant = try Applicant.validate(
                    ApplicantInput(
                        familyName: "Haddad", givenNames: "Samir", birthDate: "1990-02-02", nationality: "DZA",
                        permitExpiry: "2027-01-15", email: "samir.haddad@example.org"), today: today)
                _ = try await RequestService(db: app.db, services: app.guichet, logger: app.logger)
                    .submit(procedureID: "renewal", applicant: applicant, unavailableWeekdays: [], language: .fr)
                var admin = try await Config.admin(app)
                let refused = try await admin.post("/agent/config/procedures/renewal/retire", [])
                #expect(refused.status == .conflict)
                #expect(refused.html.contains("href=\"#retire\""))
                #expect(try await Procedure.find("renewal", on: app.db)?.retiredAt == nil)
            }
        }

        @Test func aRetiredCounterListsItsAppointmentsFirstThenMovesThem() async throws {
            try await withGuichetApp { app in
                let (id, slot) = try await Config.booked(app)
                var admin = try await Config.admin(app)
                // act: the retirement asks first
                let asked = try await admin.post("/agent/config/counters/mtp-1", [("retire", "on")])
                #expect(asked.status == .conflict)
                #expect(asked.html.contains("Benali"))
                #expect(asked.html.contains("name=\"retire\" value=\"on\""))
                #expect(try await Counter.find("mtp-1", on: app.db)?.retiredAt == nil)
                let fingerprint = try #require(asked.html.firstMatch(of: /name="fingerprint" value="([^"]*)"/)).1
                let done = try await admin.post(
                    "/agent/config/counters/mtp-1",
                    [("retire", "on"), ("fingerprint", String(fingerprint)), ("resolution", "move")])
                // check: moved to Béziers (the other counter serving first applications), the counter out of service
                #expect(done.status == .seeOther)
                let moved = try #require(try await Appointment.find(id, on: app.db))
                #expect(moved.status == .confirmed)
                let destination = try #require(try await Slot.find(moved.$slot.id, on: app.db))
                #expect(destination.$counter.id == "bez-1")
                let counter = try #require(try await Counter.find("mtp-1", on: app.db))
                #expect(counter.retiredAt != nil)
                #expect(try counter.hours().ranges(on: .monday).isEmpty)
                #expect(try await CounterProcedure.query(on: app.db).filter(\.$counter.$id == "mtp-1").count() == 0)
                #expect(
                    try await Slot.query(on: app.db).filter(\.$counter.$id == "mtp-1").filter(\.$startsAt > testStart)
                        .filter(\.$closed == false).count() == 0)
                #expect(try await Slot.find(slot.id!, on: app.db)?.taken == 0)
                #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "counter_retired").count() == 1)
                try await Config.expectSeatInvariants(app)
                // no slot is planned for it any more, and the counters' desk list leaves it out
                let before = try await Slot.query(on: app.db).filter(\.$counter.$id == "mtp-1").count()
                try await SlotPlanner.planAhead(now: testStart, on: app.db)
                #expect(try await Slot.query(on: app.db).filter(\.$counter.$id == "mtp-1").count() == before)
                #expect(!(try await admin.get("/agent").html.contains("/agent/counters/mtp-1")))
                // back in service, with no hours until the admin gives some
                #expect(try await admin.post("/agent/config/counters/mtp-1/reinstate", []).status == .seeOther)
                #expect(try await Counter.find("mtp-1", on: app.db)?.retiredAt == nil)
                #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "counter_reinstated").count() == 1)
            }
        }

        @Test func hoursRemovedThenGivenBackReopenTheirSlotsWithSeatsPlanned() async throws {
            try await withGuichetApp { app in
                var admin = try await Config.admin(app)
                // setup: a Thursday's slots at mtp-1, one seat released on one of them
                let thursday = CivilDate(iso: "2026-12-10")!
                let dayStart = ParisTime.instant(date: thursday, minuteOfDay: 0)
                let dayEnd = ParisTime.instant(date: thursday.adding(days: 1), minuteOfDay: 0)
                func daySlots() async throws -> [Slot] {
                    try await Slot.query(on: app.db).filter(\.$counter.$id == "mtp-1").filter(\.$startsAt >= dayStart)
                        .filter(\.$startsAt < dayEnd).sort(\.$startsAt).all()
                }
                let original = try await daySlots()
                #expect(!original.isEmpty)
                try await app.db.sql.raw("UPDATE slots SET released = 1 WHERE id = \(bind: original[0].id!)").run()
                let fields = try await Config.counterFields(app, "mtp-1")
                // act: Thursday closed, then given back
                var closed = fields.filter { $0.0 != "hours_thursday" }
                closed.append(("hours_thursday", ""))
                #expect(try await admin.post("/agent/config/counters/mtp-1", closed).status == .seeOther)
                #expect(try await daySlots().allSatisfy(\.closed))
                #expect(try await admin.post("/agent/config/counters/mtp-1", fields).status == .seeOther)
                // check: the same slots open again, none doubled, the seat once on offer back to planned
                let reopened = try await daySlots()
                #expect(reopened.map(\.id) == original.map(\.id))
                #expect(reopened.allSatisfy { !$0.closed && $0.released == $0.taken })
                // every Thursday closed is reopened, and the audit says so
                let audits = try await AuditEntry.query(on: app.db).filter(\.$action == "counter_updated").sort(\.$id)
                    .all()
                let closedCount = try #require(audits[0].detail.firstMatch(of: /slots closed: (\d+)/)).1
                #expect(Int(closedCount)! >= original.count)
                #expect(audits[1].detail.contains("slots closed: 0; slots reopened: \(closedCount);"))
                // a closure lifted reopens its day too
                let withClosure = fields + [("closure_from", thursday.iso), ("closure_reason", "Inventaire")]
                #expect(try await admin.post("/agent/config/counters/mtp-1", withClosure).status == .seeOther)
                #expect(try await daySlots().allSatisfy(\.closed))
                #expect(
                    try await admin.post("/agent/config/counters/mtp-1", fields + [("remove_closure", "0")]).status
                        == .seeOther)
                #expect(try await daySlots().allSatisfy { !$0.closed })
                try await Config.expectSeatInvariants(app)
            }
        }
    }
}
