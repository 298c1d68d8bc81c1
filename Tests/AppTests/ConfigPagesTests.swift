import Fluent
import Foundation
import GuichetCore
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    /// Configuration by admins (issue 5.3): procedures, counters, closures over booked appointments, the horizon.
    @Suite struct ConfigPagesTests {
        static func admin(_ app: Application) async throws -> PageClient {
            try await AgentAccessTests.agent(app, "admin@herault.example", .admin)
            return try await AgentAccessTests.signedIn(app, "admin@herault.example")
        }

        /// The counter's current settings as its form posts them.
        static func counterFields(_ app: Application, _ id: String) async throws -> [(String, String)] {
            let counter = try #require(try await Counter.find(id, on: app.db))
            var fields: [(String, String)] = [("name", counter.name), ("seats", String(counter.seatsPerSlot))]
            let hours = try counter.hours()
            for day in Weekday.allCases {
                fields.append(("hours_" + day.name, CounterSchedule.dayText(hours.ranges(on: day))))
            }
            for link in try await CounterProcedure.query(on: app.db).filter(\.$counter.$id == id).all() {
                fields.append(("procedures", link.$procedure.id))
            }
            return fields
        }

        static func procedureFields(name en: String = "First application for a permit") -> [(String, String)] {
            [
                ("name_fr", "Première demande de titre de séjour"), ("name_en", en),
                ("documents_fr", "Passeport\nVisa long séjour"), ("documents_en", "Passport; Long-stay visa"),
                ("mode", "release"), ("length", "30"), ("policy_days", "monday"), ("policy_days", "thursday"),
                ("policy_hours", "09:00-12:00, 14:00-17:00"), ("policy_per_week", "3"), ("policy_seats", "20"),
                ("policy_lead", "48"), ("policy_lottery", "20"),
            ]
        }

        /// A confirmed appointment on a new one-seat slot at `counter`, `daysAhead` days after the test start.
        static func booked(
            _ app: Application, counter: String = "mtp-1", daysAhead: Int = 3,
            email: String = "karima.benali@example.org", family: String = "Benali"
        ) async throws -> (UUID, Slot) {
            let slot = try await Fixture.slot(app, counter: counter, daysAhead: daysAhead)
            var id = ""
            try await app.testing().test(
                .POST, "/api/v1/appointments",
                beforeRequest: { req in
                    req.json(
                        Fixture.holdBody(slotID: slot.id!, applicant: Fixture.applicant(family: family, email: email)))
                },
                afterResponse: { res in
                    #expect(res.status == .accepted, "\(res.body.string)")
                    id = res.json["id"] as? String ?? ""
                })
            let code = try await Fixture.lastCode(app, to: email)
            try await app.testing().test(
                .POST, "/api/v1/appointments/\(id)/confirm",
                beforeRequest: { req in
                    req.json(Data(#"{"code":"\#(code)"}"#.utf8))
                }, afterResponse: { res in #expect(res.status == .ok, "\(res.body.string)") })
            return (try #require(UUID(uuidString: id)), slot)
        }

        static func expectSeatInvariants(_ app: Application) async throws {
            let bad = try await app.db.sql.raw(
                """
                SELECT s.id FROM slots s WHERE s.taken <> (SELECT COUNT(*) FROM appointments a WHERE a.slot_id = s.id \
                AND a.status IN ('pending', 'confirmed'))
                """
            ).all()
            #expect(bad.isEmpty, "slots whose taken count differs from their active appointments")
        }

        @Test func anEditedProcedureShowsOnThePublicPagesAndIsAudited() async throws {
            try await withGuichetApp { app in
                var admin = try await Self.admin(app)
                let form = try await admin.get("/agent/config/procedures/first-application")
                #expect(form.status == .ok)
                #expect(form.html.contains("Passeport\nvisa long séjour") || form.html.contains("Passeport"))
                let saved = try await admin.post("/agent/config/procedures/first-application", Self.procedureFields())
                #expect(saved.status == .seeOther)
                let procedure = try #require(try await Procedure.find("first-application", on: app.db))
                #expect(procedure.nameEN == "First application for a permit")
                #expect(procedure.documentsFR == "Passeport ; Visa long séjour")
                #expect(procedure.lengthMinutes == 30)
                let policy = try #require(try await ReleasePolicyRecord.find("first-application", on: app.db)).policy()
                #expect(policy.releasesPerWeek == 3 && policy.seatsPerRelease == 20 && policy.minimumLeadHours == 48)
                #expect(policy.windows.count == 2 && policy.windows[0].weekdays == [.monday, .thursday])
                #expect(policy.lotteryMinutes == 20)
                let audit = try #require(
                    try await AuditEntry.query(on: app.db).filter(\.$action == "procedure_updated").first())
                #expect(audit.actor == "agent:admin@herault.example" && audit.recordID == "first-application")
                // the release policy's change reads old → new
                let change = try #require(audit.detail.firstMatch(of: /release policy: (.*) → (.*)$/))
                #expect(change.1 != change.2)
                #expect(change.2.contains("\"releasesPerWeek\":3"))
                // visible on the public pages (the admin's process invalidated its cache)
                var visitor = PageClient(app, language: "en")
                #expect(try await visitor.get("/?lang=en").html.contains("First application for a permit"))
            }
        }

        @Test func invalidProcedureInputIsRefusedWithFieldErrors() async throws {
            try await withGuichetApp { app in
                var admin = try await Self.admin(app)
                var fields = Self.procedureFields(name: "")
                fields.removeAll { $0.0 == "length" || $0.0 == "policy_hours" }
                fields += [("length", "500"), ("policy_hours", "18:00-08:00")]
                let refused = try await admin.post("/agent/config/procedures/first-application", fields)
                #expect(refused.status == .unprocessableEntity)
                #expect(refused.html.contains("class=\"error-summary\""))
                #expect(refused.html.contains("href=\"#name_en\""))
                #expect(refused.html.contains("href=\"#length\""))
                #expect(refused.html.contains("href=\"#policy_hours\""))
                #expect(try await Procedure.find("first-application", on: app.db)?.lengthMinutes == 20)
                // the release policy's limits are `ReleasePolicy.problems`'s: each out-of-range number, no day
                var policy = Self.procedureFields()
                policy.removeAll {
                    ["policy_days", "policy_per_week", "policy_seats", "policy_lead", "policy_lottery"].contains($0.0)
                }
                policy += [
                    ("policy_per_week", "0"), ("policy_seats", "1001"), ("policy_lead", "three"),
                    ("policy_lottery", "241"),
                ]
                let limits = try await admin.post("/agent/config/procedures/first-application", policy)
                #expect(limits.status == .unprocessableEntity)
                for field in ["policy_day_monday", "policy_per_week", "policy_seats", "policy_lead", "policy_lottery"] {
                    #expect(limits.html.contains("href=\"#\(field)\""), "\(field)")
                }
                #expect(!limits.html.contains("href=\"#policy_hours\""))
                #expect(
                    limits.html.contains("A whole number from 1 to 1000.")
                        || limits.html.contains("Un nombre entier de 1 à 1000."))
                // a counter mixing a release and a draw procedure is refused too
                var counter = try await Self.counterFields(app, "mtp-1")
                counter.append(("procedures", "renewal"))
                counter.removeAll { $0.0 == "hours_monday" }
                counter.append(("hours_monday", "09:00-12:00, 11:00-13:00"))
                let mixed = try await admin.post("/agent/config/counters/mtp-1", counter)
                #expect(mixed.status == .unprocessableEntity)
                #expect(mixed.html.contains("href=\"#procedures\""))
                #expect(mixed.html.contains("href=\"#hours_monday\""))
            }
        }

        @Test func aClosureOverBookedAppointmentsAsksFirstThenMovesThem() async throws {
            try await withGuichetApp { app in
                let (id, slot) = try await Self.booked(app)
                var admin = try await Self.admin(app)
                let day = ParisTime.civilDate(of: slot.startsAt).iso
                let fields =
                    try await Self.counterFields(app, "mtp-1")
                    + [("closure_from", day), ("closure_through", day), ("closure_reason", "Travaux")]
                let asked = try await admin.post("/agent/config/counters/mtp-1", fields)
                #expect(asked.status == .conflict)
                #expect(asked.html.contains("Benali"))
                // nothing changed yet
                #expect(try await Counter.find("mtp-1", on: app.db)?.closures().isEmpty == true)
                #expect(try await Slot.find(slot.id!, on: app.db)?.closed == false)
                let fingerprint = try #require(asked.html.firstMatch(of: /name="fingerprint" value="([^"]*)"/)).1
                let mailsBefore = try await OutboxMessage.query(on: app.db).count()
                let done = try await admin.post(
                    "/agent/config/counters/mtp-1",
                    fields + [("fingerprint", String(fingerprint)), ("resolution", "move")])
                #expect(done.status == .seeOther)
                let moved = try #require(try await Appointment.find(id, on: app.db))
                #expect(moved.status == .confirmed)
                #expect(moved.$slot.id != slot.id!)
                let destination = try #require(try await Slot.find(moved.$slot.id, on: app.db))
                #expect(ParisTime.civilDate(of: destination.startsAt).iso != day)
                #expect(destination.taken <= destination.released && destination.released <= destination.capacity)
                #expect(try await Slot.find(slot.id!, on: app.db)?.closed == true)
                #expect(try await Slot.find(slot.id!, on: app.db)?.taken == 0)
                #expect(try await Counter.find("mtp-1", on: app.db)?.closures().first?.reason == "Travaux")
                #expect(try await OutboxMessage.query(on: app.db).count() == mailsBefore + 1)
                let mail = try await Fixture.lastMail(app, to: "karima.benali@example.org")
                #expect(mail.subject.contains("déplacé"))
                #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "appointment_moved").count() == 1)
                #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "counter_updated").count() == 1)
                try await Self.expectSeatInvariants(app)
            }
        }

        @Test func removedHoursOverBookedAppointmentsCancelThemWithNotificationOnlyAfterConfirmation() async throws {
            try await withGuichetApp { app in
                let (id, slot) = try await Self.booked(app)
                var admin = try await Self.admin(app)
                let weekday = ParisTime.civilDate(of: slot.startsAt).weekday
                var fields = try await Self.counterFields(app, "mtp-1")
                fields.removeAll { $0.0 == "hours_" + weekday.name }
                fields.append(("hours_" + weekday.name, "13:30-16:30"))
                let asked = try await admin.post("/agent/config/counters/mtp-1", fields)
                #expect(asked.status == .conflict)
                // a stale confirmation (someone booked meanwhile) is shown again, not applied
                let stale = try await admin.post(
                    "/agent/config/counters/mtp-1",
                    fields + [("fingerprint", "stale"), ("resolution", "cancel")])
                #expect(stale.status == .conflict)
                #expect(try await Appointment.find(id, on: app.db)?.status == .confirmed)
                let fingerprint = try #require(stale.html.firstMatch(of: /name="fingerprint" value="([^"]*)"/)).1
                let done = try await admin.post(
                    "/agent/config/counters/mtp-1",
                    fields + [("fingerprint", String(fingerprint)), ("resolution", "cancel")])
                #expect(done.status == .seeOther)
                #expect(try await Appointment.find(id, on: app.db)?.status == .cancelled)
                let closedSlot = try #require(try await Slot.find(slot.id!, on: app.db))
                #expect(closedSlot.closed && closedSlot.taken == 0)
                #expect(try await Fixture.lastMail(app, to: "karima.benali@example.org").subject.contains("annulé"))
                #expect(
                    try await AuditEntry.query(on: app.db).filter(\.$action == "appointment_cancelled").count() == 1)
                // afternoon slots of that weekday stay open; the new hours hold for the planner
                let hours = try #require(try await Counter.find("mtp-1", on: app.db)).hours()
                #expect(hours.ranges(on: weekday).map(\.text) == ["13:30-16:30"])
                try await Self.expectSeatInvariants(app)
            }
        }

        @Test func thePlanningHorizonIsStoredAndHonoured() async throws {
            try await withGuichetApp { app in
                var admin = try await Self.admin(app)
                let refused = try await admin.post("/agent/config/planning", [("horizon", "3")])
                #expect(refused.status == .unprocessableEntity)
                #expect(refused.html.contains("href=\"#horizon\""))
                #expect(try await admin.post("/agent/config/planning", [("horizon", "60")]).status == .seeOther)
                #expect(try await Setting.planningHorizon(on: app.db) == 60)
                let planned = try await admin.post("/agent/config/planning/run", [])
                #expect(planned.status == .seeOther)
                let last = try #require(try await Slot.query(on: app.db).sort(\.$startsAt, .descending).first())
                let today = ParisTime.civilDate(of: testStart)
                #expect(ParisTime.civilDate(of: last.startsAt) > today.adding(days: 50))
                #expect(ParisTime.civilDate(of: last.startsAt) <= today.adding(days: 59))
                // planning again creates nothing
                let slots = try await Slot.query(on: app.db).count()
                _ = try await admin.post("/agent/config/planning/run", [])
                #expect(try await Slot.query(on: app.db).count() == slots)
                #expect(
                    try await AuditEntry.query(on: app.db).filter(\.$action == "planning_horizon_changed").count() == 1)
                #expect(try await admin.get("/agent/config").html.contains("value=\"60\""))
            }
        }
    }
}
