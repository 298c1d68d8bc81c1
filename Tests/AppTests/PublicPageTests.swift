import Fluent
import Foundation
import GuichetCore
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    /// The public pages, driven like a browser without JavaScript: links, forms, cookies, redirects.
    @Suite struct PublicPageTests {
        /// Issue 13.3: the public folder is served from memory (`PublicFiles`), with an entity tag; nothing outside
        /// it, and no other method.
        @Test func publicFilesComeFromMemoryWithAnETag() async throws {
            try await withGuichetApp(demo: false) { app in
                var tag = ""
                try await app.testing().test(.GET, "/styles.css") { res in
                    #expect(res.status == .ok)
                    #expect(res.headers.contentType?.subType == "css")
                    #expect(res.headers.first(name: .cacheControl) == "public, max-age=300")
                    #expect(res.body.readableBytes > 1_000)
                    tag = res.headers.first(name: .eTag) ?? ""
                }
                #expect(tag.count == 34)
                try await app.testing().test(.GET, "/styles.css", headers: ["If-None-Match": tag]) { res in
                    #expect(res.status == .notModified && res.body.readableBytes == 0)
                }
                try await app.testing().test(.GET, "/pow.js") { res in
                    #expect(res.status == .ok && res.headers.contentType?.subType == "javascript")
                }
                for path in ["/Views/layout.leaf", "/../openapi.yaml", "/%2e%2e/openapi.yaml", "/styles.css.bak"] {
                    try await app.testing().test(.GET, path) { res in #expect(res.status == .notFound, "\(path)") }
                }
                try await app.testing().test(.DELETE, "/styles.css") { res in #expect(res.status != .ok) }
            }
        }

        static let identity: [(String, String)] = [
            ("family_name", "Nguyễn"), ("given_names", "Thị Lan"), ("birth_date", "1991-03-08"),
            ("nationality", "VNM"), ("email", "lan.nguyen@example.org"),
        ]

        @Test func homeListsProceduresAndSwitchesLanguage() async throws {
            try await withGuichetApp { app in
                var browser = PageClient(app)
                let home = try await browser.get("/")
                #expect(home.status == .ok)
                #expect(home.html.contains("<html lang=\"fr\">"))
                #expect(home.links(matching: "/procedures/").count == 6)
                #expect(home.html.contains("gratuits"))
                // act: the visible switch, then a page without it
                let english = try await browser.get("/?lang=en")
                #expect(english.html.contains("<html lang=\"en\">"))
                #expect(browser.cookies[Language.cookie] == "en")
                let next = try await browser.get("/procedures/renewal")
                #expect(next.html.contains("<html lang=\"en\">"))
                // and Accept-Language alone
                var other = PageClient(app, language: "en-GB,en;q=0.8")
                #expect(try await other.get("/verify").html.contains("<html lang=\"en\">"))
            }
        }

        @Test func walkInProcedureShowsItsRuleInsteadOfABooking() async throws {
            try await withGuichetApp { app in
                var browser = PageClient(app)
                let page = try await browser.get("/procedures/ten-year-renewal")
                #expect(page.html.contains("walk-in-rule"))
                #expect(page.html.contains("pas le mercredi"))
                #expect(page.links(matching: "/days/").isEmpty)
                #expect(page.html.contains("class=\"documents\""))
                let student = try await browser.get("/procedures/student")
                #expect(student.html.contains("Guichet étudiants") || student.html.contains("étudiant"))
            }
        }

        @Test func bookingGoesFromADayToAVerifiableConvocation() async throws {
            try await withGuichetApp { app in
                // setup
                let slot = try await Fixture.slot(app, counter: "mtp-1", daysAhead: 3)
                var browser = PageClient(app)
                // act: procedure → day → time → form
                let procedure = try await browser.get("/procedures/first-application")
                let day = try #require(procedure.links(matching: "/days/2026-12-04").first)
                let times = try await browser.get(day)
                let time = try #require(times.links(matching: "book?slot=\(slot.id!)").first)
                let form = try await browser.get(time)
                #expect(form.status == .ok)
                #expect(form.html.contains("name=\"csrf\""))
                let held = try await browser.post(
                    "/procedures/first-application/book",
                    Self.identity + [("slot", "\(slot.id!)")])
                #expect(held.status == .seeOther)
                let codePage = try #require(held.location)
                let code = try await Fixture.lastCode(app, to: "lan.nguyen@example.org")
                let confirmed = try await browser.post(codePage, [("code", code)])
                #expect(confirmed.status == .seeOther)
                let manageURL = try #require(confirmed.location)
                let manage = try await browser.get(manageURL)
                // check: the appointment, then its convocation
                #expect(manage.attribute("data-status", ofID: "status") == "confirmed")
                #expect(manage.text(ofID: "full-name") == "Thị Lan Nguyễn")
                let convocationURL = try #require(manage.links(matching: "/convocation?token=").first)
                let convocation = try await browser.get(convocationURL)
                #expect(convocation.html.contains("<svg class=\"qr\""))
                let verifyURL = try #require(convocation.text(ofID: "verify-url"))
                let shortCode = try #require(convocation.text(ofID: "short-code"))
                #expect(verifyURL.hasPrefix(app.guichet.config.baseURL + "/verify/\(shortCode)?s="))
                let path = String(verifyURL.dropFirst(app.guichet.config.baseURL.count))
                let valid = try await browser.get(path)
                #expect(valid.attribute("data-verdict", ofID: "verdict") == "valid")
                #expect(valid.html.contains("T•• L•• N•••••"))
                #expect(!valid.html.contains("Nguyễn"))
                // a changed signature, a typed code, an unknown code
                var altered = Array(path)
                altered[altered.count - 5] = altered[altered.count - 5] == "A" ? "B" : "A"
                #expect(try await browser.get(String(altered)).attribute("data-verdict", ofID: "verdict") == "forged")
                let typed = try await browser.get(
                    "/verify?code=\(shortCode.lowercased().replacingOccurrences(of: "-", with: ""))")
                #expect(typed.location == "/verify/\(shortCode)")
                // the same check as JSON
                try await app.testing().test(.GET, "/api/v1/convocations/\(shortCode.lowercased())") { res in
                    #expect(res.status == .ok)
                    #expect(res.json["verdict"] as? String == "valid")
                    #expect(res.json["document"] as? String == "convocation")
                    #expect(res.json["maskedName"] as? String == "T•• L•• N•••••")
                    #expect(res.json["counter"] as? String == "mtp-1")
                }
                try await app.testing().test(.GET, "/api/v1/convocations/AAAAA-AAAAA") { res in
                    #expect(res.status == .notFound)
                    #expect(res.errorCode == "not_found")
                }
                let unknown = try await browser.get("/verify/AAAAA-AAAAA")
                #expect(unknown.status == .notFound)
                #expect(unknown.attribute("data-verdict", ofID: "verdict") == "unknown")
            }
        }

        @Test func formErrorsAreSummarisedNextToFieldsAndKeepWhatWasTyped() async throws {
            try await withGuichetApp { app in
                let slot = try await Fixture.slot(app, counter: "mtp-1", daysAhead: 3)
                var browser = PageClient(app)
                _ = try await browser.get("/procedures/first-application/book?slot=\(slot.id!)")
                let refused = try await browser.post(
                    "/procedures/first-application/book",
                    [
                        ("slot", "\(slot.id!)"), ("family_name", "Test"), ("given_names", "Amina"),
                        ("birth_date", "2999-01-01"), ("nationality", "ZZZ"), ("email", "amina@"),
                    ])
                #expect(refused.status == .unprocessableEntity)
                #expect(refused.html.contains("class=\"error-summary\""))
                for field in ["family_name", "birth_date", "nationality", "email"] {
                    #expect(refused.html.contains("href=\"#\(field)\""), "summary links to \(field)")
                    #expect(refused.html.contains("id=\"\(field)-error\""), "error next to \(field)")
                }
                #expect(refused.html.contains("value=\"Amina\""))
                #expect(refused.html.contains("value=\"amina@\""))
                #expect(try await Appointment.query(on: app.db).count() == 0)
                // a huge value is refused as too long, not stored, not a 500
                let long = try await browser.post(
                    "/procedures/first-application/book",
                    Self.identity.map {
                        $0.0 == "family_name" ? ($0.0, String(repeating: "a", count: 5000)) : $0
                    } + [("slot", "\(slot.id!)")])
                #expect(long.status == .unprocessableEntity)
            }
        }

        @Test func aThrowawayAddressIsRefusedOnThePageAndInTheAPI() async throws {
            try await withGuichetApp { app in
                let slot = try await Fixture.slot(app, counter: "mtp-1", daysAhead: 3)
                var browser = PageClient(app)
                _ = try await browser.get("/procedures/first-application/book?slot=\(slot.id!)")
                let page = try await browser.post(
                    "/procedures/first-application/book",
                    Self.identity.map {
                        $0.0 == "email" ? ($0.0, "lan.nguyen@yopmail.com") : $0
                    } + [("slot", "\(slot.id!)")])
                #expect(page.status == .unprocessableEntity)
                #expect(page.html.contains("href=\"#email\"") && page.html.contains("id=\"email-error\""))
                #expect(page.html.contains("jetables"))
                try await app.testing().test(
                    .POST, "/api/v1/appointments",
                    beforeRequest: { req in
                        req.json(
                            Fixture.holdBody(
                                slotID: slot.id!, applicant: Fixture.applicant(email: "karima@trashmail.com")))
                    },
                    afterResponse: { res in
                        #expect(res.status == .unprocessableEntity)
                        #expect((res.json["error"] as? [String: Any])?["code"] as? String == "disposable_email")
                    })
                #expect(try await Appointment.query(on: app.db).count() == 0)
            }
        }

        @Test func aFormWithoutItsTokenIsRefused() async throws {
            try await withGuichetApp { app in
                let slot = try await Fixture.slot(app, counter: "mtp-1", daysAhead: 3)
                var browser = PageClient(app)
                let refused = try await browser.post(
                    "/procedures/first-application/book",
                    Self.identity + [("slot", "\(slot.id!)")], csrf: "")
                #expect(refused.status == .forbidden)
                _ = try await browser.get("/")
                let forged = try await browser.post(
                    "/procedures/first-application/book",
                    Self.identity + [("slot", "\(slot.id!)")],
                    csrf: "forged-token-of-the-right-length-000")
                #expect(forged.status == .forbidden)
                #expect(try await Appointment.query(on: app.db).count() == 0)
            }
        }

        @Test func cancellingAsksFirstThenTheConvocationShowsCancelled() async throws {
            try await withGuichetApp { app in
                let slot = try await Fixture.slot(app, counter: "mtp-1", daysAhead: 3)
                var browser = PageClient(app)
                _ = try await browser.get("/")
                let held = try await browser.post(
                    "/procedures/first-application/book", Self.identity + [("slot", "\(slot.id!)")])
                let code = try await Fixture.lastCode(app, to: "lan.nguyen@example.org")
                let codeURL = try #require(held.location)
                let manageURL = try #require(try await browser.post(codeURL, [("code", code)]).location)
                let manage = try await browser.get(manageURL)
                let convocation = try await browser.get(try #require(manage.links(matching: "/convocation?").first))
                let shortCode = try #require(convocation.text(ofID: "short-code"))
                // act: the confirmation step, then the form it holds
                let ask = try await browser.get(try #require(manage.links(matching: "/cancel?token=").first))
                #expect(ask.html.contains("id=\"confirm-cancel\""))
                #expect(try await Appointment.query(on: app.db).first()?.status == .confirmed)
                let token = String(manageURL.split(separator: "=").last!)
                let done = try await browser.post(
                    manageURL.components(separatedBy: "?")[0] + "/cancel", [("token", token)])
                #expect(done.status == .seeOther)
                // check
                let after = try await browser.get(manageURL)
                #expect(after.attribute("data-status", ofID: "status") == "cancelled")
                #expect(after.links(matching: "/cancel?").isEmpty)
                let verdict = try await browser.get("/verify/\(shortCode)")
                #expect(verdict.attribute("data-verdict", ofID: "verdict") == "cancelled")
                // a wrong token sees nothing
                let stranger = try await browser.get(manageURL.components(separatedBy: "?")[0] + "?token=nope")
                #expect(stranger.status == .unauthorized)
            }
        }

        @Test func aDrawRequestShowsItsNumberDrawDateAndCommitment() async throws {
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock) { app in
                try await DrawService(db: app.db, services: app.guichet, logger: app.logger).ensureWindows()
                var browser = PageClient(app)
                let procedure = try await browser.get("/procedures/renewal")
                let formURL = try #require(procedure.links(matching: "/procedures/renewal/request").first)
                _ = try await browser.get(formURL)
                // the expiry date is required in draw mode: it decides the tier
                let missing = try await browser.post(formURL, Self.identity)
                #expect(missing.status == .unprocessableEntity)
                #expect(missing.html.contains("id=\"permit_expiry-error\""))
                let sent = try await browser.post(
                    formURL,
                    Self.identity + [
                        ("permit_expiry", "2026-12-20"), ("unavailable", "wednesday"), ("unavailable", "friday"),
                    ])
                #expect(sent.status == .seeOther)
                let codeURL = try #require(sent.location)
                let code = try await Fixture.lastCode(app, to: "lan.nguyen@example.org")
                let confirmed = try await browser.post(codeURL, [("code", code)])
                let status = try await browser.get(try #require(confirmed.location))
                let window = try #require(
                    try await DrawService.openWindow(procedureID: "renewal", now: clock.now(), on: app.db))
                #expect(status.text(ofID: "request-number")?.hasPrefix("R-") == true)
                #expect(status.text(ofID: "commitment") == window.commitment)
                #expect(status.text(ofID: "draw-date")?.contains("2026") == true)
                #expect(status.attribute("data-status", ofID: "status") == "waiting")
                let request = try #require(try await ApplicantRequest.query(on: app.db).first())
                #expect(request.unavailableWeekdays == [.wednesday, .friday])
                // the attestation of the request verifies, until the request is withdrawn
                let attestation = try await browser.get(
                    try #require(status.links(matching: "/attestation?token=").first))
                let shortCode = try #require(attestation.text(ofID: "short-code"))
                #expect(
                    try await browser.get("/verify/\(shortCode)").attribute("data-verdict", ofID: "verdict") == "valid")
                let manageURL = try #require(confirmed.location)
                let token = String(manageURL.split(separator: "=").last!)
                let withdrawn = try await browser.post("/requests/\(request.number)/withdraw", [("token", token)])
                #expect(withdrawn.status == .seeOther)
                #expect(
                    try await browser.get("/verify/\(shortCode)").attribute("data-verdict", ofID: "verdict")
                        == "cancelled")
            }
        }

        @Test func badAddressesAndBodiesGetAPageNeverAServerError() async throws {
            try await withGuichetApp { app in
                var browser = PageClient(app)
                _ = try await browser.get("/")
                let gets = [
                    "/procedures/nope", "/procedures/first-application/days/2026-02-30",
                    "/procedures/renewal/days/2026-12-04",
                    "/procedures/first-application/book?slot=abc", "/procedures/first-application/book?slot=999999",
                    "/appointments/not-a-uuid", "/appointments/\(UUID())?token=x", "/appointments/\(UUID())/code",
                    "/appointments/\(UUID())/convocation", "/requests/R-NOPE?token=x", "/requests/R-NOPE/code",
                    "/urgent/U-NOPE?token=x", "/verify/%00%ff", "/verify/" + String(repeating: "A", count: 500),
                    "/verify?code=" + String(repeating: "z", count: 300),
                    "/requests?number=R-1&token=" + String(repeating: "x", count: 400),
                ]
                for path in gets {
                    let response = try await browser.get(path)
                    #expect(response.status.code < 500, "\(path) → \(response.status)")
                    #expect(
                        response.status == .seeOther || response.headers.contentType == .html, "\(path) answers a page")
                }
                let posts: [(String, [(String, String)])] = [
                    ("/procedures/first-application/book", [("slot", "x")]),
                    ("/procedures/renewal/request", [("unavailable", "sunday")]),
                    ("/appointments/\(UUID())/code", [("code", "12")]),
                    ("/appointments/\(UUID())/cancel", [("token", "x")]),
                    ("/requests/R-NOPE/withdraw", [("token", "x")]),
                    ("/urgent", [("reason", "x")]),
                ]
                for (path, fields) in posts {
                    let response = try await browser.post(path, fields)
                    #expect(response.status.code < 500, "\(path) → \(response.status)")
                }
            }
        }

        static let pdf: [UInt8] = Array(
            "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n".utf8)

        @Test func anUrgentRequestKeepsItsCheckedAttachments() async throws {
            try await withGuichetApp { app in
                var browser = PageClient(app)
                _ = try await browser.get("/urgent")
                let fields =
                    Self.identity + [
                        ("permit_expiry", "2026-12-10"), ("procedure", "renewal"),
                        ("reason", "Mon titre expire le 10 décembre et mon employeur suspend mon contrat."),
                    ]
                let sent = try await browser.postMultipart(
                    "/urgent", fields, files: [("attachment1", "employeur.pdf", Self.pdf)])
                #expect(sent.status == .seeOther)
                let page = try await browser.get(try #require(sent.location))
                #expect(page.text(ofID: "urgent-number")?.hasPrefix("U-") == true)
                #expect(page.html.contains("employeur.pdf"))
                let stored = try #require(try await UrgentAttachment.query(on: app.db).first())
                #expect(stored.mediaType == "application/pdf")
                #expect(!stored.storedName.contains("employeur"))
                let file = app.guichet.config.dataDirectory.appendingPathComponent("attachments/\(stored.storedName)")
                #expect(try Data(contentsOf: file) == Data(Self.pdf))
                #expect(
                    try await OutboxMessage.query(on: app.db).filter(\.$recipient == "lan.nguyen@example.org").count()
                        == 1)
                let attestation = try await browser.get(try #require(page.links(matching: "/attestation?token=").first))
                let shortCode = try #require(attestation.text(ofID: "short-code"))
                #expect(
                    try await browser.get("/verify/\(shortCode)").attribute("data-verdict", ofID: "verdict") == "valid")
            }
        }

        @Test func anUrgentRequestRefusesFilesThatAreNotWhatTheySay() async throws {
            try await withGuichetApp { app in
                var browser = PageClient(app)
                _ = try await browser.get("/urgent")
                let fields =
                    Self.identity + [
                        ("permit_expiry", "2026-12-10"), ("procedure", "renewal"),
                        ("reason", "Mon titre expire bientôt, je n'ai trouvé aucun rendez-vous."),
                    ]
                let fake = try await browser.postMultipart(
                    "/urgent", fields,
                    files: [
                        ("attachment1", "lettre.pdf", Array("just some text, not a PDF".utf8)),
                        (
                            "attachment2", "photo.png",
                            [0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 0, count: UploadedFileKind.maxBytes)
                        ),
                    ])
                #expect(fake.status == .unprocessableEntity)
                #expect(fake.html.contains("id=\"attachment1-error\""))
                #expect(fake.html.contains("id=\"attachment2-error\""))
                #expect(try await UrgentRequest.query(on: app.db).count() == 0)
                let folder = app.guichet.config.dataDirectory.appendingPathComponent("attachments")
                #expect(((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).isEmpty)
            }
        }
    }
}

/// Every `#(t.key)` a template uses exists in the catalogue (both languages come from one entry).
@Suite struct CatalogueTests {
    @Test func everyTemplateKeyIsInTheCatalogue() throws {
        let views = Resources.directory().viewsDirectory
        let files = FileManager.default.enumerator(atPath: views)!.compactMap { $0 as? String }.filter {
            $0.hasSuffix(".leaf")
        }
        #expect(files.count > 10)
        var missing: [String] = []
        for file in files {
            let text = try String(contentsOfFile: views + file, encoding: .utf8)
            for match in text.matches(of: /#\(t\.(\w+)\)/) where Catalogue.entries[String(match.1)] == nil {
                missing.append("\(file): \(match.1)")
            }
        }
        #expect(missing.isEmpty, "\(missing)")
    }
}
