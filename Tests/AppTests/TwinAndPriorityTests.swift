import Fluent
import Foundation
import GuichetCore
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    /// Near-duplicate identities kept out of draws (`Twins`), and priority that is shown, not declared
    /// (`PriorityEvidence`).
    @Suite struct TwinAndPriorityTests {
        @Test func aSwappedNameRequestIsHeldOutOfTheDrawUntilAnAgentSaysTheyAreTwoPeople() async throws {
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock) { app in
                let draws = DrawService(db: app.db, services: app.guichet, logger: app.logger)
                try await draws.ensureWindows()
                let window = try #require(
                    try await DrawService.openWindow(procedureID: "renewal", now: clock.now(), on: app.db))
                // setup: Karima Benali asks; then "Benali Karima" (names swapped), same birth date and nationality,
                // another address; and a namesake with another birth date
                let first = try await DrawTests().submitAndConfirm(app, Fixture.applicant())
                clock.advance(by: 60)
                let swapped = try await DrawTests().submitAndConfirm(
                    app, Fixture.applicant(family: "Karima", given: "Benali", email: "kb.second@example.org"))
                let namesake = try await DrawTests().submitAndConfirm(
                    app, Fixture.applicant(birth: "1991-09-30", email: "other.karima@example.org"))
                // act: the draw
                clock.set(window.closesAt)
                #expect(try await draws.runDue().contains(window.id!))
                // check: the swapped one did not enter; the others did
                let document = try #require(try await DrawService.document(id: window.id!, on: app.db))
                let entered = Set(document.requests.map(\.number))
                #expect(entered.contains(first) && entered.contains(namesake) && !entered.contains(swapped))
                let held = try #require(
                    try await ApplicantRequest.query(on: app.db).filter(\.$number == swapped).first())
                #expect(held.status == ApplicantRequest.Status.waiting)
                let review = try #require(try await TwinReview.query(on: app.db).first())
                #expect(review.reason == NearDuplicate.Reason.swappedNames.rawValue && review.reviewStatus == .held)
                let mail = try await Fixture.lastMail(app, to: "kb.second@example.org")
                #expect(mail.subject.contains("presque identique"))
                let link = try #require(
                    mail.text.firstMatch(of: /\/requests\/[A-Z0-9-]+\/another-person\?token=[A-Za-z0-9_-]+/))
                // the person says "another person"; a supervisor decides they are two people
                var person = PageClient(app)
                let page = try await person.get(String(link.output))
                #expect(page.status == .ok && page.html.contains("id=\"twin-reason\""))
                let token = String(String(link.output).split(separator: "=").last!)
                #expect(
                    try await person.post("/requests/\(swapped)/another-person", [("token", token)]).html
                        .contains("id=\"action-done\""))
                #expect(try await TwinReview.find(review.id, on: app.db)?.reviewStatus == .contested)
                var supervisor = try await Self.supervisor(app)
                #expect(try await supervisor.get("/agent").html.contains("id=\"twins-waiting\">1<"))
                let list = try await supervisor.get("/agent/twins")
                #expect(list.html.contains("Karima") && list.html.contains("contestée"))
                let decided = try await supervisor.post("/agent/twins/\(review.id!)", [("decision", "different")])
                #expect(decided.status == .seeOther)
                #expect(
                    try await supervisor.post("/agent/twins/\(review.id!)", [("decision", "same")]).status == .conflict)
                #expect(
                    try await AuditEntry.query(on: app.db).filter(\.$action == TwinDecisions.auditAction).count() == 1)
                #expect(try await Fixture.lastMail(app, to: "kb.second@example.org").subject.contains("deux personnes"))
                // the next draw takes it in
                try await draws.ensureWindows()
                let next = try #require(
                    try await DrawService.openWindow(procedureID: "renewal", now: clock.now(), on: app.db))
                clock.set(next.closesAt)
                try await draws.runDue()
                let again = try #require(try await DrawService.document(id: next.id!, on: app.db))
                #expect(again.requests.map(\.number).contains(swapped))
            }
        }

        @Test func anAgentWhoFindsTheSamePersonWithdrawsTheLaterRequest() async throws {
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock) { app in
                let draws = DrawService(db: app.db, services: app.guichet, logger: app.logger)
                try await draws.ensureWindows()
                let window = try #require(
                    try await DrawService.openWindow(procedureID: "renewal", now: clock.now(), on: app.db))
                _ = try await DrawTests().submitAndConfirm(app, Fixture.applicant())
                clock.advance(by: 60)
                // a given name added, and a birth date with day and month swapped: still the same person
                let later = try await DrawTests().submitAndConfirm(
                    app, Fixture.applicant(given: "Karima Samia", email: "ksb@example.org"))
                clock.set(window.closesAt)
                try await draws.runDue()
                let review = try #require(try await TwinReview.query(on: app.db).first())
                #expect(review.reason == NearDuplicate.Reason.givenNameMissing.rawValue)
                var supervisor = try await Self.supervisor(app)
                #expect(
                    try await supervisor.post("/agent/twins/\(review.id!)", [("decision", "same")]).status == .seeOther)
                let request = try #require(
                    try await ApplicantRequest.query(on: app.db).filter(\.$number == later).first())
                #expect(request.status == ApplicantRequest.Status.withdrawn)
                #expect(
                    try await ActiveClaim.query(on: app.db).filter(\.$holderID == request.id!.uuidString).count() == 0)
                #expect(try await Fixture.lastMail(app, to: "ksb@example.org").subject.contains("même personne"))
            }
        }

        @Test func aPriorityClaimCountsOnlyOnceAnAgentHasReadTheScan() async throws {
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock) { app in
                let draws = DrawService(db: app.db, services: app.guichet, logger: app.logger)
                try await draws.ensureWindows()
                let window = try #require(
                    try await DrawService.openWindow(procedureID: "renewal", now: clock.now(), on: app.db))
                // two people declare a permit lapsing on 20 December; one attaches a scan
                let shown = try await DrawTests().submitAndConfirm(
                    app, Fixture.applicant(family: "Okafor", given: "Chidi", email: "chidi@example.org"),
                    permitExpiry: "2026-12-20")
                let shownToken = try #require(DrawTests.tokens.last)
                let declared = try await DrawTests().submitAndConfirm(
                    app, Fixture.applicant(family: "Sato", given: "Yuki", email: "yuki@example.org"),
                    permitExpiry: "2026-12-20")
                let declaredToken = try #require(DrawTests.tokens.last)
                try await app.testing().test(
                    .GET, "/api/v1/requests/\(declared)", headers: ["Authorization": "Bearer \(declaredToken)"]
                ) { res in
                    #expect(res.json["priority"] as? String == "missing")
                }
                // the page tells the person, and offers the upload
                var person = PageClient(app)
                let page = try await person.get("/requests/\(declared)?token=\(declaredToken)")
                #expect(page.html.contains("data-priority=\"missing\"") && page.html.contains("id=\"permit_scan\""))
                // not a document: refused on both channels
                let text = try await person.postMultipart(
                    "/requests/\(declared)/permit", [("token", declaredToken)],
                    files: [("permit_scan", "permit.pdf", Array("hello".utf8))])
                #expect(text.status == .unprocessableEntity && text.html.contains("href=\"#permit_scan\""))
                try await app.testing().test(
                    .PUT, "/api/v1/requests/\(shown)/permit",
                    headers: ["Authorization": "Bearer \(shownToken)", "Content-Type": "image/png"],
                    body: ByteBuffer(string: "not a png")
                ) { res in
                    #expect(res.status == .unsupportedMediaType && res.errorCode == "unsupported_file")
                }
                // a PNG through the API
                try await app.testing().test(
                    .PUT, "/api/v1/requests/\(shown)/permit",
                    headers: ["Authorization": "Bearer \(shownToken)", "Content-Type": "image/png"],
                    body: ByteBuffer(bytes: Self.png)
                ) { res in
                    #expect(res.status == .ok, "\(res.body.string)")
                    #expect(res.json["priority"] as? String == "pending")
                }
                try await app.testing().test(
                    .PUT, "/api/v1/requests/\(shown)/permit",
                    headers: ["Authorization": "Bearer wrong", "Content-Type": "image/png"],
                    body: ByteBuffer(bytes: Self.png)
                ) { res in #expect(res.status == .unauthorized) }
                // the supervisor sees it waiting, reads it (on the record), and must give a reason to refuse
                var supervisor = try await Self.supervisor(app)
                #expect(try await supervisor.get("/agent").html.contains("id=\"priority-waiting\">1<"))
                let queue = try await supervisor.get("/agent/priority")
                #expect(queue.html.contains(shown) && !queue.html.contains(declared))
                let scan = try await supervisor.get("/agent/priority/\(shown)/scan")
                #expect(
                    scan.status == .ok
                        && scan.headers.first(name: "Content-Security-Policy") == "default-src 'none'; sandbox")
                #expect(Array(scan.body.readableBytesView) == Self.png)
                #expect(
                    try await AuditEntry.query(on: app.db).filter(\.$action == PriorityEvidence.auditViewed).count()
                        == 1)
                let noReason = try await supervisor.post("/agent/priority/\(shown)", [("decision", "downgrade")])
                #expect(noReason.status == .unprocessableEntity)
                #expect(
                    try await supervisor.post("/agent/priority/\(shown)", [("decision", "confirm")]).status == .seeOther
                )
                #expect(try await Fixture.lastMail(app, to: "chidi@example.org").subject.contains("Priorité confirmée"))
                // the draw: the checked claim is urgent, the declared one normal
                clock.set(window.closesAt)
                try await draws.runDue()
                let tiers = try await ApplicantRequest.query(on: app.db).all().reduce(into: [String: Int]()) {
                    $0[$1.number] = $1.tier
                }
                #expect(tiers[shown] == DrawTier.urgent.rawValue)
                #expect(tiers[declared] == DrawTier.other.rawValue)
            }
        }

        // MARK: helpers

        /// The smallest valid PNG signature with an IHDR: enough for `UploadedFileKind`.
        static let png: [UInt8] = [
            0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
            0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0,
        ]

        static func supervisor(_ app: Application) async throws -> PageClient {
            try await AgentAccessTests.agent(app, "supervisor@herault.example", .supervisor)
            return try await AgentAccessTests.signedIn(app, "supervisor@herault.example")
        }
    }
}
