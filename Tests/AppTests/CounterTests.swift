import Fluent
import Foundation
import GuichetCore
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    /// The counter: the day's list, check-in by scanned URL or typed code, rejection, served and no-show.
    @Suite struct CounterTests {
        static let day = CivilDate(year: 2026, month: 12, day: 4)!  // a Friday, three days after testStart
        static func at(_ hour: Int, _ minute: Int = 0, on date: CivilDate = day) -> Date {
            ParisTime.instant(date: date, minuteOfDay: hour * 60 + minute)
        }

        struct Booked {
            let appointment: Appointment
            let slot: Slot
            let url: String
            var id: String { appointment.id!.uuidString.lowercased() }
            var code: String { appointment.convocationCode! }
        }

        /// A confirmed appointment at mtp-1 on Friday 4 December at 10:00, booked through the API.
        static func booked(
            _ app: Application, family: String = "Benali", email: String = "karima.benali@example.org",
            minute: Int = 10 * 60
        ) async throws -> Booked {
            let slot = try await Fixture.slot(app, counter: "mtp-1", daysAhead: 3, minute: minute)
            let (id, _) = try await ReminderTests.book(
                app, slot: slot, applicant: Fixture.applicant(family: family, email: email),
                language: "fr")
            let appointment = try #require(try await Appointment.find(UUID(uuidString: id)!, on: app.db))
            let url = try #require(try Verification.convocationURL(appointment, slot, services: app.guichet))
            return Booked(appointment: appointment, slot: slot, url: url)
        }

        static func agentBrowser(_ app: Application, _ email: String = "claire.martin@herault.example") async throws
            -> PageClient
        {
            try await AgentAccessTests.agent(app, email, .agent)
            var browser = try await AgentAccessTests.signedIn(app, email)
            _ = try await browser.get("/agent/counters/mtp-1")
            return browser
        }

        static func status(_ app: Application, _ booked: Booked) async throws -> AppointmentStatus {
            try #require(try await Appointment.find(booked.appointment.id!, on: app.db)).status
        }

        static func audits(_ app: Application, _ action: String) async throws -> [AuditEntry] {
            try await AuditEntry.query(on: app.db).filter(\.$action == action).all()
        }

        @Test func aScannedURLWhoseIDMatchesIsCheckedInThenServed() async throws {
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock) { app in
                // setup
                let booked = try await Self.booked(app)
                clock.set(Self.at(9, 40))
                var browser = try await Self.agentBrowser(app)
                // the day's list
                let list = try await browser.get("/agent/counters/mtp-1?date=2026-12-04")
                #expect(list.status == .ok)
                #expect(list.html.contains("id=\"scan\" name=\"scan\""))
                #expect(list.html.contains("autofocus"))
                #expect(list.html.contains("<th scope=\"row\"><span class=\"family-name\">Benali</span> Karima</th>"))
                #expect(list.links(matching: "date=2026-12-03").count == 1)
                #expect(list.links(matching: "date=2026-12-05").count == 1)
                // act: the scanner types the whole URL, and Enter
                let page = try await browser.post("/agent/counters/mtp-1/scan", [("scan", booked.url + "\n")])
                // check
                #expect(page.status == .ok)
                #expect(page.text(ofID: "family-name") == "Benali")
                #expect(page.text(ofID: "given-names") == "Karima")
                #expect(page.text(ofID: "birth-date") == "12 avril 1988")
                #expect(page.text(ofID: "nationality")?.contains("DZA") == true)
                #expect(page.text(ofID: "when") == "vendredi 4 décembre 2026 à 10:00")
                #expect(page.html.contains("id=\"id-matches\""))
                #expect(!page.html.contains("id=\"warnings\""))
                #expect(
                    !page.html.contains("id=\"expiry-check\""), "a released seat owes nothing to the permit's expiry")
                let done = try await browser.post("/agent/counters/mtp-1/appointments/\(booked.id)/check-in", [])
                #expect(done.location == "/agent/counters/mtp-1?date=2026-12-04&done=check-in")
                #expect(try await Self.status(app, booked) == .checkedIn)
                let entry = try #require(try await Self.audits(app, "check_in").first)
                #expect(entry.actor == "agent:claire.martin@herault.example")
                #expect(entry.recordID == booked.appointment.id!.uuidString.lowercased())
                // the seat stays used; the person no longer holds an active booking
                #expect(try await Slot.find(booked.slot.id!, on: app.db)?.taken == 1)
                #expect(
                    try await ActiveClaim.query(on: app.db).filter(\.$holderID == booked.appointment.id!.uuidString)
                        .count() == 0)
                // served, once
                let after = try await browser.get("/agent/counters/mtp-1?date=2026-12-04&done=check-in")
                #expect(after.html.contains("id=\"notice\""))
                #expect(after.html.contains("/appointments/\(booked.id)/served"))
                #expect(!after.html.contains("/appointments/\(booked.id)/no-show"))
                let served = try await browser.post("/agent/counters/mtp-1/appointments/\(booked.id)/served", [])
                #expect(served.status == .seeOther)
                #expect(try await Self.status(app, booked) == .served)
                #expect(try await Self.audits(app, "served").count == 1)
                let again = try await browser.post("/agent/counters/mtp-1/appointments/\(booked.id)/served", [])
                #expect(again.status == .conflict)
                #expect(again.html.contains("class=\"error-summary\""))
                // a second scan says it was dealt with
                let rescan = try await browser.post("/agent/counters/mtp-1/scan", [("scan", booked.code)])
                #expect(rescan.html.contains("id=\"warnings\""))
                #expect(!rescan.html.contains("id=\"id-matches\""))
            }
        }

        @Test func aPermitExpiryThatGavePriorityIsShownToBeChecked() async throws {
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock) { app in
                // setup: an appointment the draw gave, with the expiry the person declared
                let booked = try await Self.booked(app)
                booked.appointment.channel = "draw"
                booked.appointment.permitExpiry = "2026-12-20"
                try await booked.appointment.save(on: app.db)
                clock.set(Self.at(9, 40))
                var browser = try await Self.agentBrowser(app)
                // act
                let page = try await browser.post("/agent/counters/mtp-1/scan", [("scan", booked.code)])
                // check
                #expect(page.text(ofID: "permit-expiry") == "20 décembre 2026")
                #expect(page.html.contains("id=\"expiry-check\""))
                #expect(page.html.contains("Une date fausse est un motif de refus"))
            }
        }

        @Test func aTypedCodeWhoseIDDoesNotMatchIsRejectedFlaggedAndKeepsItsSeat() async throws {
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock) { app in
                // setup
                let booked = try await Self.booked(app)
                clock.set(Self.at(10, 5))
                var browser = try await Self.agentBrowser(app)
                let typed = booked.code.lowercased().replacingOccurrences(of: "-", with: "")
                // act
                let page = try await browser.post("/agent/counters/mtp-1/scan", [("scan", typed)])
                #expect(page.status == .ok)
                #expect(page.html.contains("id=\"mismatch\""))
                let noReason = try await browser.post(
                    "/agent/counters/mtp-1/appointments/\(booked.id)/reject", [("reason", " ")])
                #expect(noReason.status == .unprocessableEntity)
                #expect(noReason.html.contains("class=\"error-summary\""))
                #expect(noReason.html.contains("href=\"#reason\""))
                #expect(try await Self.status(app, booked) == .confirmed)
                let rejected = try await browser.post(
                    "/agent/counters/mtp-1/appointments/\(booked.id)/reject",
                    [("reason", "Nom différent sur le passeport")])
                // check
                #expect(rejected.location == "/agent/counters/mtp-1?date=2026-12-04&done=reject")
                #expect(try await Self.status(app, booked) == .rejected)
                let flag = try #require(try await SuspicionFlag.query(on: app.db).first())
                #expect(flag.subjectType == "appointment")
                #expect(flag.subjectID == booked.appointment.id!.uuidString)
                #expect(flag.reason == "Nom différent sur le passeport")
                #expect(try await Self.audits(app, "flagged_for_review").count == 1)
                #expect(flag.actor == "agent:claire.martin@herault.example")
                #expect(flag.resolvedAt == nil)
                let entry = try #require(try await Self.audits(app, "identity_mismatch").first)
                #expect(entry.detail.contains("Nom différent"))
                // the seat is consumed, not returned to planned
                let slot = try #require(try await Slot.find(booked.slot.id!, on: app.db))
                #expect(slot.taken == 1)
                #expect(slot.released == 1)
                // and cannot be checked in afterwards
                let late = try await browser.post("/agent/counters/mtp-1/appointments/\(booked.id)/check-in", [])
                #expect(late.status == .conflict)
                #expect(try await Self.status(app, booked) == .rejected)
            }
        }

        @Test func anotherCountersOrAnotherDaysConvocationIsShownAsSuchAndNotCheckedIn() async throws {
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock) { app in
                // setup
                let booked = try await Self.booked(app)
                clock.set(Self.at(9, 50))
                var browser = try await Self.agentBrowser(app)
                // another counter
                let elsewhere = try await browser.post("/agent/counters/bez-1/scan", [("scan", booked.url)])
                #expect(elsewhere.status == .ok)
                #expect(elsewhere.html.contains("id=\"warnings\""))
                #expect(elsewhere.html.contains("Mauvais guichet"))
                #expect(elsewhere.html.contains("Guichet 1 »"))
                #expect(!elsewhere.html.contains("id=\"id-matches\""))
                #expect(!elsewhere.html.contains("id=\"mismatch\""))
                let forced = try await browser.post("/agent/counters/bez-1/appointments/\(booked.id)/check-in", [])
                #expect(forced.status == .conflict)
                // another day
                clock.set(Self.at(9, 50, on: Self.day.adding(days: -1)))
                let early = try await browser.post("/agent/counters/mtp-1/scan", [("scan", booked.code)])
                #expect(early.html.contains("Autre jour"))
                #expect(early.html.contains("vendredi 4 décembre 2026"))
                #expect(!early.html.contains("id=\"id-matches\""))
                let forcedEarly = try await browser.post("/agent/counters/mtp-1/appointments/\(booked.id)/check-in", [])
                #expect(forcedEarly.status == .conflict)
                #expect(try await Self.status(app, booked) == .confirmed)
                #expect(try await Self.audits(app, "check_in").isEmpty)
            }
        }

        @Test func aForgedSignatureAnUnknownCodeAndGarbageAreShownAsSuch() async throws {
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock) { app in
                // setup
                let booked = try await Self.booked(app)
                clock.set(Self.at(9, 50))
                var browser = try await Self.agentBrowser(app)
                let signature = String(booked.url.split(separator: "=").last!)
                let altered = (signature.first == "A" ? "B" : "A") + signature.dropFirst()
                // forged
                let forged = try await browser.post(
                    "/agent/counters/mtp-1/scan",
                    [("scan", booked.url.replacingOccurrences(of: signature, with: altered))])
                #expect(forged.status == .ok)
                #expect(forged.html.contains("Signature falsifiée"))
                #expect(!forged.html.contains("id=\"id-matches\""))
                #expect(forged.html.contains("id=\"mismatch\""))
                // unknown
                let unknown = try await browser.post("/agent/counters/mtp-1/scan", [("scan", "ZZZZZ-ZZZZZ")])
                #expect(unknown.status == .notFound)
                #expect(unknown.html.contains("class=\"error-summary\""))
                #expect(unknown.html.contains("ZZZZZ-ZZZZZ"))
                // garbage
                let garbage = try await browser.post("/agent/counters/mtp-1/scan", [("scan", "hello")])
                #expect(garbage.status == .unprocessableEntity)
                #expect(garbage.html.contains("href=\"#scan\""))
                #expect(try await Self.status(app, booked) == .confirmed)
            }
        }

        @Test func noShowOnlyOnceTheAppointmentsTimeHasPassed() async throws {
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock) { app in
                // setup
                let booked = try await Self.booked(app)
                clock.set(Self.at(9, 30))
                var browser = try await Self.agentBrowser(app)
                #expect(!(try await browser.get("/agent/counters/mtp-1?date=2026-12-04")).html.contains("/no-show"))
                let early = try await browser.post("/agent/counters/mtp-1/appointments/\(booked.id)/no-show", [])
                #expect(early.status == .conflict)
                #expect(try await Self.status(app, booked) == .confirmed)
                // served needs a check-in first
                let notIn = try await browser.post("/agent/counters/mtp-1/appointments/\(booked.id)/served", [])
                #expect(notIn.status == .conflict)
                // act: an hour later (a new session: half an hour idle ends one)
                clock.set(Self.at(10, 30))
                browser = try await AgentAccessTests.signedIn(app, "claire.martin@herault.example")
                #expect(
                    try await browser.get("/agent/counters/mtp-1?date=2026-12-04").html.contains(
                        "/appointments/\(booked.id)/no-show"))
                let absent = try await browser.post("/agent/counters/mtp-1/appointments/\(booked.id)/no-show", [])
                // check
                #expect(absent.location == "/agent/counters/mtp-1?date=2026-12-04&done=no-show")
                #expect(try await Self.status(app, booked) == .noShow)
                #expect(try await Self.audits(app, "no_show").count == 1)
                #expect(try await Slot.find(booked.slot.id!, on: app.db)?.taken == 1)
            }
        }

        @Test func twoAgentsCheckingInTheSamePersonAtOnceOneWins() async throws {
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock) { app in
                // setup
                let booked = try await Self.booked(app)
                clock.set(Self.at(9, 55))
                let first = try await Self.agentBrowser(app, "a@herault.example")
                let second = try await Self.agentBrowser(app, "b@herault.example")
                let path = "/agent/counters/mtp-1/appointments/\(booked.id)/check-in"
                // act: over HTTP
                let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                    for browser in [first, second] {
                        group.addTask {
                            var client = browser
                            return try await client.post(path, []).status
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                // check
                #expect(statuses.filter { $0 == .seeOther }.count == 1)
                #expect(statuses.filter { $0 == .conflict }.count == 1)
                #expect(try await Self.audits(app, "check_in").count == 1)
                // and straight at the service, ten at once
                let other = try await Self.booked(
                    app, family: "Haddad", email: "karim.haddad@example.org", minute: 10 * 60 + 20)
                let desk = CounterDesk(db: app.db, services: app.guichet)
                let outcomes = try await withThrowingTaskGroup(of: CounterDesk.Outcome.self) { group in
                    for index in 0..<10 {
                        group.addTask {
                            try await desk.apply(
                                .checkIn, to: other.appointment.id!, atCounter: "mtp-1",
                                by: .init(name: "agent:\(index)@herault.example", remote: nil))
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(outcomes.filter { $0 == .done }.count == 1)
                #expect(try await Self.audits(app, "check_in").count == 2)
            }
        }
    }
}
