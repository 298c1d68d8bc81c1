import Fluent
import Foundation
import GuichetCore
import SnapshotTesting
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    /// Every public page and every back-office page, in French and English, as HTML kept in
    /// `__Snapshots__/PageSnapshotTests/`: a change to a template, a label or a page's content shows up as a diff in
    /// review. The pages are walked as a person would (book, confirm, print; ask for a draw; an agent signs in) on a
    /// fixture of their own (`SnapshotFixture`, not the demo data), at a fixed time, with the seeded randomness every
    /// test app has. What is new at each run (the signing key's signatures and the QR codes that carry them) is
    /// replaced by a placeholder (`PageSnapshotTests.stable`).
    ///
    /// To accept a change on purpose: `SNAPSHOT_TESTING_RECORD=failed swift test --filter PageSnapshotTests`, then
    /// read the diff before committing it.
    @Suite struct PageSnapshotTests {
        @Test(arguments: ["fr", "en"])
        func publicPages(_ language: String) async throws {
            try await withGuichetApp(demo: false) { app in
                let fixture = try await SnapshotFixture.load(app)
                var person = PageClient(app, language: language)
                func snap(_ name: String, _ page: TestingHTTPResponse) {
                    Self.snapshot(page, "\(name).\(language)", testName: "publicPages")
                }
                snap("home", try await person.get("/"))
                snap("procedure-release", try await person.get("/procedures/\(SnapshotFixture.release)"))
                snap("procedure-draw", try await person.get("/procedures/\(SnapshotFixture.draw)"))
                snap("procedure-walk-in", try await person.get("/procedures/\(SnapshotFixture.walkIn)"))
                snap("day", try await person.get("/procedures/\(SnapshotFixture.release)/days/\(fixture.day.iso)"))
                let form = SitePath.book(SnapshotFixture.release, slot: fixture.slotIDs[0])
                snap("book", try await person.get(form))
                let book = SitePath.bookForm(SnapshotFixture.release)
                snap("book-errors", try await person.post(book, [("slot", "\(fixture.slotIDs[0])")]))
                let held = try await person.post(book, SnapshotFixture.identity + [("slot", "\(fixture.slotIDs[0])")])
                let codeURL = try #require(held.location)
                snap("code", try await person.get(codeURL))
                snap("code-error", try await person.post(codeURL, [("code", "000000")]))
                let code = try await Fixture.lastCode(app, to: SnapshotFixture.email)
                let manageURL = try #require(try await person.post(codeURL, [("code", code)]).location)
                let manage = try await person.get(manageURL)
                snap("appointment", manage)
                let convocation = try await person.get(try #require(manage.links(matching: "/convocation?").first))
                snap("convocation", convocation)
                snap("attestation", try await person.get(try #require(manage.links(matching: "/attestation?").first)))
                snap("cancel", try await person.get(try #require(manage.links(matching: "/cancel?").first)))
                snap("verify", try await person.get("/verify"))
                let shortCode = try #require(convocation.text(ofID: "short-code"))
                snap("verify-result", try await person.get("/verify/\(shortCode)"))

                // a draw: the form, its code, the request's page
                let requestForm = "/procedures/\(SnapshotFixture.draw)/request"
                snap("request", try await person.get(requestForm))
                snap("request-errors", try await person.post(requestForm, []))
                var asker = PageClient(app, language: language)
                _ = try await asker.get(requestForm)
                let asked = try await asker.post(
                    requestForm,
                    SnapshotFixture.otherIdentity + [
                        ("permit_expiry", "2027-01-20"), ("unavailable", "wednesday"),
                    ])
                let requestCodeURL = try #require(asked.location)
                snap("request-code", try await asker.get(requestCodeURL))
                let requestCode = try await Fixture.lastCode(app, to: SnapshotFixture.otherEmail)
                let requestURL = try #require(try await asker.post(requestCodeURL, [("code", requestCode)]).location)
                let status = try await asker.get(requestURL)
                snap("request-status", status)
                snap(
                    "request-attestation",
                    try await asker.get(try #require(status.links(matching: "/attestation?").first)))
                let requestPath = String(requestURL.split(separator: "?")[0])
                let token = String(requestURL.split(separator: "=").last!)
                snap("request-keep", try await asker.get("\(requestPath)/keep?token=\(token)"))
                snap("request-another-person", try await asker.get("\(requestPath)/another-person?token=\(token)"))
                // a ticket for a release's lottery
                var ticketHolder = PageClient(app, language: language)
                let lotteryForm = "/procedures/\(SnapshotFixture.release)/request"
                snap("lottery-request", try await ticketHolder.get(lotteryForm))
                let ticket = try await ticketHolder.post(lotteryForm, SnapshotFixture.thirdIdentity)
                snap("lottery-ticket", try await ticketHolder.get(try #require(ticket.location)))
                // an urgent request, with a letter
                var urgent = PageClient(app, language: language)
                _ = try await urgent.get("/urgent")
                let sent = try await urgent.postMultipart(
                    "/urgent",
                    SnapshotFixture.thirdIdentity.map { ($0.0, $0.0 == "email" ? "urgent.\($0.1)" : $0.1) } + [
                        ("permit_expiry", "2026-12-10"), ("procedure", SnapshotFixture.draw),
                        ("reason", "Mon titre expire le 10 décembre et mon employeur suspend mon contrat."),
                    ], files: [("attachment1", "employeur.pdf", Array("%PDF-1.4\n%%EOF\n".utf8))])
                let urgentURL = try #require(sent.location)
                let urgentPage = try await urgent.get(urgentURL)
                snap("urgent-status", urgentPage)
                snap(
                    "urgent-attestation",
                    try await urgent.get(try #require(urgentPage.links(matching: "/attestation?").first)))
                snap("requests-lookup", try await person.get("/requests"))
                snap("urgent", try await person.get("/urgent"))
                snap("stats", try await person.get("/stats"))
                snap("not-found", try await person.get("/procedures/nothing-here"))
            }
        }

        @Test(arguments: ["fr", "en"])
        func backOfficePages(_ language: String) async throws {
            try await withGuichetApp(demo: false) { app in
                let fixture = try await SnapshotFixture.load(app)
                var visitor = PageClient(app, language: language)
                Self.snapshot(try await visitor.get("/agent/login"), "login.\(language)", testName: "backOfficePages")
                try await AgentAccessTests.agent(app, "admin@prefecture.example", .admin)
                var admin = try await AgentAccessTests.signedIn(app, "admin@prefecture.example")
                admin.language = language
                let pages: [(String, String)] = [
                    ("home", "/agent"),
                    ("password", "/agent/password"),
                    ("book-procedures", "/agent/book"),
                    ("book-days", "/agent/book/\(SnapshotFixture.release)"),
                    ("book-times", "/agent/book/\(SnapshotFixture.release)/days/\(fixture.day.iso)"),
                    ("book-form", "/agent/book/\(SnapshotFixture.release)/form?slot=\(fixture.slotIDs[1])"),
                    ("urgent", "/agent/urgent"),
                    ("suspicion", "/agent/suspicion"),
                    ("priority", "/agent/priority"),
                    ("twins", "/agent/twins"),
                    ("races", "/agent/races"),
                    ("counter-day", "/agent/counters/\(SnapshotFixture.releaseCounter)"),
                    ("walk-in-queue", "/agent/walk-in/\(SnapshotFixture.walkInCounter)"),
                    ("audit", "/agent/audit"),
                    ("config", "/agent/config"),
                    ("config-procedure", "/agent/config/procedures/\(SnapshotFixture.release)"),
                    ("config-procedure-new", "/agent/config/procedures/new"),
                    ("config-counter", "/agent/config/counters/\(SnapshotFixture.releaseCounter)"),
                    ("config-counter-new", "/agent/config/counters/new"),
                ]
                for (name, path) in pages {
                    let page = try await admin.get(path)
                    #expect(page.status == .ok, "\(name): \(page.status) \(page.location ?? "")")
                    Self.snapshot(page, "\(name).\(language)", testName: "backOfficePages")
                }
                // an appointment an agent booked for someone present, and its convocation
                let booked = try await admin.post(
                    "/agent/book/\(SnapshotFixture.release)/form",
                    SnapshotFixture.otherIdentity + [("slot", "\(fixture.slotIDs[1])"), ("person_language", language)])
                let appointmentURL = try #require(booked.location)
                // an urgent request to answer
                var urgent = PageClient(app, language: language)
                _ = try await urgent.get("/urgent")
                let sent = try await urgent.postMultipart(
                    "/urgent",
                    SnapshotFixture.thirdIdentity + [
                        ("permit_expiry", "2026-12-10"), ("procedure", SnapshotFixture.draw),
                        ("reason", "Mon titre expire le 10 décembre et mon employeur suspend mon contrat."),
                    ], files: [("attachment1", "employeur.pdf", Array("%PDF-1.4\n%%EOF\n".utf8))])
                #expect(sent.status == .seeOther)
                let number = try #require(try await UrgentRequest.query(on: app.db).first()?.number)
                Self.snapshot(
                    try await admin.get("/agent/urgent/\(number)"), "urgent-request.\(language)",
                    testName: "backOfficePages")
                let appointment = try await admin.get(appointmentURL)
                Self.snapshot(appointment, "appointment.\(language)", testName: "backOfficePages")
                Self.snapshot(
                    try await admin.get(appointmentURL + "/convocation"), "convocation.\(language)",
                    testName: "backOfficePages")
            }
        }

        /// The page's status line and HTML, with what changes from run to run replaced.
        static func snapshot(
            _ page: TestingHTTPResponse, _ name: String,
            testName: String, fileID: StaticString = #fileID, file: StaticString = #filePath,
            line: UInt = #line, column: UInt = #column
        ) {
            assertSnapshot(
                of: "\(page.status.code)\n\(stable(page.html))", as: .lines, named: name, fileID: fileID,
                file: file, testName: testName, line: line, column: column)
        }

        /// The HTML with the signatures of the signing key (new in every test's data directory) and the QR codes
        /// that carry them replaced by placeholders.
        static func stable(_ html: String) -> String {
            html
                .replacing(/(<path[^>]* d=")[^"]*"/, with: { "\($0.1)(QR code)\"" })
                .replacing(/([?&]s(?:ig)?=)[A-Za-z0-9_\-]{20,}/, with: { "\($0.1)(signature)" })
        }
    }
}

/// The prefecture the snapshots show: one site, one procedure in each mode, each at a counter of its own, slots on
/// the working days of the next two weeks, the seats of one day on offer. Built directly, at `testStart`, so that
/// a change to the demo data changes no snapshot.
struct SnapshotFixture {
    static let release = "titre-salarie"
    static let draw = "renouvellement"
    static let walkIn = "carte-resident"
    static let releaseCounter = "lod-1"
    static let drawCounter = "lod-2"
    static let walkInCounter = "lod-3"
    static let email = "amina.diallo@example.org"
    static let otherEmail = "oleksandr.petrenko@example.org"
    static let identity: [(String, String)] = [
        ("family_name", "Diallo"), ("given_names", "Amina"), ("birth_date", "1990-05-14"), ("nationality", "SEN"),
        ("email", email),
    ]
    static let thirdIdentity: [(String, String)] = [
        ("family_name", "Öztürk"), ("given_names", "Elif"), ("birth_date", "1995-07-21"), ("nationality", "TUR"),
        ("email", "elif.ozturk@example.org"),
    ]
    static let otherIdentity: [(String, String)] = [
        ("family_name", "Petrenko"), ("given_names", "Oleksandr"), ("birth_date", "1985-11-02"),
        ("nationality", "UKR"), ("email", otherEmail),
    ]

    /// The day whose seats are on offer (a Friday, three days after `testStart`).
    let day: CivilDate
    /// That day's slots at the release counter, in time order.
    let slotIDs: [Int]

    static func load(_ app: Application) async throws -> SnapshotFixture {
        let now = app.guichet.clock.now()
        let today = ParisTime.civilDate(of: now)
        let day = today.adding(days: 3)
        let mornings = TimeRange("09:00-11:00")!
        let hours = WeeklyHours(
            Dictionary(
                uniqueKeysWithValues: [Weekday.monday, .tuesday, .wednesday, .thursday, .friday].map {
                    ($0, [mornings])
                }))
        let documents = Localized(
            fr: "Passeport ; titre de séjour actuel ; justificatif de domicile ; 3 photos ; la convocation.",
            en: "Passport; current permit; proof of address; 3 photos; the convocation.")
        try await app.db.write(through: app.guichet.writeGate) { tx in
            try await Site(
                id: "lodeve", name: "Sous-préfecture de Lodève", address: "Place de l'Hôtel de ville, 34700 Lodève"
            )
            .create(on: tx)
            let procedures = [
                Procedure(
                    id: release, name: Localized(fr: "Titre de séjour salarié", en: "Employee residence permit"),
                    mode: .release, lengthMinutes: 30, documents: documents, position: 1),
                Procedure(
                    id: draw, name: Localized(fr: "Renouvellement de titre de séjour", en: "Residence permit renewal"),
                    mode: .draw, lengthMinutes: 30, documents: documents, position: 2),
                Procedure(
                    id: walkIn, name: Localized(fr: "Carte de résident", en: "Resident card"), mode: .walkIn,
                    lengthMinutes: 30, documents: documents,
                    walkInRule: Localized(
                        fr: "Sans rendez-vous, le matin de 9 h à 11 h.", en: "No appointment, mornings 9:00 to 11:00."),
                    position: 3),
            ]
            for procedure in procedures { try await procedure.create(on: tx) }
            for (counterID, name, procedureID) in [
                (releaseCounter, "Guichet 1", release), (drawCounter, "Guichet 2", draw),
                (walkInCounter, "Guichet 3", walkIn),
            ] {
                try await Counter(id: counterID, siteID: "lodeve", name: name, hours: hours).create(on: tx)
                try await CounterProcedure(counterID: counterID, procedureID: procedureID).create(on: tx)
            }
            try await ReleasePolicyRecord(
                procedureID: release,
                policy: ReleasePolicy(
                    windows: [ReleaseWindow(weekdays: [.monday, .thursday], hours: TimeRange("08:00-18:00")!)],
                    releasesPerWeek: 2, seatsPerRelease: 10, minimumLeadHours: 24, lotteryMinutes: 30)
            ).create(on: tx)
            try await DrawPolicyRecord(procedureID: draw, policy: .daily).create(on: tx)
            _ = try await SlotPlanner.plan(from: today, through: today.adding(days: 13), on: tx)
        }
        let start = ParisTime.instant(date: day, minuteOfDay: 0)
        let slots = try await Slot.query(on: app.db).filter(\.$counter.$id == releaseCounter)
            .filter(\.$startsAt >= start).filter(\.$startsAt < start.addingTimeInterval(86_400)).sort(\.$startsAt).all()
        try await app.db.write(through: app.guichet.writeGate) { tx in
            for slot in slots {
                try await SeatLedger.release(slotID: slot.id!, seats: slot.capacity, now: now, on: tx)
            }
        }
        _ = try await DrawService(db: app.db, services: app.guichet, logger: app.logger).ensureWindows()
        app.guichet.reference.invalidate()
        return SnapshotFixture(day: day, slotIDs: slots.map { $0.id! })
    }
}
