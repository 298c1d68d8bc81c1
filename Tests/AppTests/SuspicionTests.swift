import Fluent
import Foundation
import GuichetCore
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    /// Suspicion signals kept with each booking, clusters over them, and a cluster cancelled in one action.
    @Suite struct SuspicionTests {
        @Test func aHoldKeepsItsClientsNetworkUserAgentPatternAndTimeSinceRelease() async throws {
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock) { app in
                // setup: a slot put on offer 3 seconds ago
                let slot = try await Fixture.slot(app)
                try await app.db.sql
                    .raw(
                        "UPDATE slots SET released_at = \(bind: clock.now().addingTimeInterval(-3)) WHERE id = \(bind: slot.id!)"
                    ).run()
                // act: a hold over a real socket, so the peer address is known
                var id = ""
                try await app.testing(method: .running(hostname: "127.0.0.1", port: 0)).test(
                    .POST, "/api/v1/appointments",
                    beforeRequest: { req in
                        req.headers.replaceOrAdd(name: .userAgent, value: "python-requests/2.31")
                        req.headers.replaceOrAdd(name: "X-Forwarded-For", value: "198.51.100.7")
                        req.json(
                            Fixture.holdBody(
                                slotID: slot.id!, applicant: Fixture.applicant(email: "karim.b12@example.org")))
                    },
                    afterResponse: { res in
                        #expect(res.status == .accepted, "\(res.body.string)")
                        id = res.json["id"] as? String ?? ""
                    })
                // check: no trusted proxy, so the header is ignored and the peer is the client
                let signal = try #require(try await BookingSignal.query(on: app.db).first())
                #expect(signal.subjectType == "appointment" && signal.subjectID == UUID(uuidString: id)?.uuidString)
                #expect(signal.network == "127.0.0.0/24")
                #expect(signal.userAgent == UserAgentDigest.of("python-requests/2.31"))
                #expect(signal.emailPattern == "karim.b#@example.org")
                #expect(signal.secondsSinceRelease == 3)
                #expect(signal.channel == "online")
            }
        }

        @Test func forwardedForIsBelievedOnlyFromATrustedProxy() {
            let trusted: Set<String> = ["10.0.0.2", "10.0.0.3"]
            #expect(
                ClientSignals.clientAddress(peer: "203.0.113.5", forwardedFor: ["198.51.100.7"], trusted: trusted)
                    == "203.0.113.5")
            #expect(
                ClientSignals.clientAddress(peer: "10.0.0.2", forwardedFor: ["1.1.1.1, 198.51.100.7"], trusted: trusted)
                    == "198.51.100.7")
            #expect(
                ClientSignals.clientAddress(
                    peer: "10.0.0.2", forwardedFor: ["198.51.100.7", "10.0.0.3"],
                    trusted: trusted) == "198.51.100.7")
            #expect(ClientSignals.clientAddress(peer: "10.0.0.2", forwardedFor: [], trusted: trusted) == "10.0.0.2")
            #expect(ClientSignals.clientAddress(peer: nil, forwardedFor: ["198.51.100.7"], trusted: trusted) == nil)
            let config = try? GuichetConfig.fromEnvironment(["GUICHET_TRUSTED_PROXY": " 10.0.0.2, ::1 ,"])
            #expect(config?.trustedProxies == ["10.0.0.2", "::1"])
        }

        @Test func aClusterIsCancelledInOneActionAndASecondRunChangesNothing() async throws {
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock) { app in
                // setup: four people booking from one cybercafé, one of them confirmed; one person elsewhere
                let cafe = ClientSignals(network: "203.0.113.0/24", userAgent: "ua-cafe")
                let first = try await hold(app, "Benali", "Karima", "karima@example.org", client: cafe)
                let second = try await hold(app, "Haddad", "Omar", "omar.h@example.org", client: cafe, daysAhead: 4)
                let third = try await hold(app, "Ivanova", "Olga", "olga@example.org", client: cafe, daysAhead: 5)
                let fourth = try await hold(app, "Diallo", "Awa", "awa.d@example.org", client: cafe, daysAhead: 7)
                let elsewhere = try await hold(
                    app, "Sato", "Yuki", "yuki@example.org",
                    client: ClientSignals(network: "198.51.100.0/24", userAgent: "ua-home"),
                    daysAhead: 6)
                let booking = BookingService(db: app.db, services: app.guichet, logger: app.logger)
                _ = try await booking.confirm(
                    id: second, code: try await Fixture.lastCode(app, to: "omar.h@example.org"))
                let suspicion = Suspicion(db: app.db, services: app.guichet, logger: app.logger)
                let range = (from: testStart.addingTimeInterval(-3600), to: clock.now().addingTimeInterval(3600))
                // act: the clusters
                let clusters = try await suspicion.clusters(from: range.from, to: range.to)
                // check: one cluster, the four of the cybercafé, linked by the network burst; the User-Agent burst is
                // a weak signal shown on each
                let members = [first, second, third, fourth]
                #expect(clusters.count == 1)
                let cluster = try #require(clusters.first)
                #expect(cluster.core.subjects == members.map { SuspicionSubject(.appointment, $0.uuidString) })
                #expect(Set(cluster.core.features.map(\.kind)) == [.network, .userAgent])
                #expect(cluster.members.map(\.name) == ["Karima Benali", "Omar Haddad", "Olga Ivanova", "Awa Diallo"])
                #expect(cluster.members.map(\.status) == ["pending", "confirmed", "pending", "pending"])
                #expect(cluster.members.allSatisfy { $0.slotStart != nil && $0.network == "203.0.113.0/24" })
                #expect(
                    cluster.members.allSatisfy {
                        $0.links.map(\.core) == [MemberReason(kind: .network, value: "203.0.113.0/24")]
                            && $0.signals.map(\.core.kind) == [.userAgent]
                    })
                // act: cancel it
                let mailsBefore = try await OutboxMessage.query(on: app.db).count()
                let outcome = try await suspicion.cancelCluster(
                    cluster.core.subjects, reason: "Cybercafé, three names in two minutes",
                    actor: "supervisor-1", remote: "10.0.0.9",
                    clusterKey: cluster.core.key)
                // check: every member ended, its seat back to planned, its claims free, its person emailed, audited
                #expect(Set(outcome.cancelled) == Set(cluster.core.subjects) && outcome.untouched.isEmpty)
                for id in members {
                    let row = try #require(try await Appointment.find(id, on: app.db))
                    #expect(row.status == .cancelled && row.closeReason == Suspicion.cancelReason)
                    let slot = try #require(try await Slot.find(row.$slot.id, on: app.db))
                    #expect(slot.taken == 0 && slot.released == 0)
                    #expect(try await ActiveClaim.query(on: app.db).filter(\.$holderID == id.uuidString).count() == 0)
                }
                #expect(try await Appointment.find(elsewhere, on: app.db)?.status == .pending)
                let mails = try await OutboxMessage.query(on: app.db).sort(\.$id).all().dropFirst(mailsBefore)
                #expect(
                    Set(mails.map(\.recipient)) == [
                        "karima@example.org", "omar.h@example.org", "olga@example.org",
                        "awa.d@example.org",
                    ])
                #expect(mails.allSatisfy { $0.template == "review-cancelled" })
                let rendered = try await Fixture.lastMail(app, to: "olga@example.org")
                #expect(rendered.text.contains("annulé après vérification"))
                let audits = try await AuditEntry.query(on: app.db).filter(\.$action == Suspicion.AuditAction.cancelled)
                    .all()
                #expect(Set(audits.map(\.recordID)) == Set(members.map { $0.uuidString.lowercased() }))
                #expect(
                    audits.allSatisfy {
                        $0.actor == "supervisor-1" && $0.remote == "10.0.0.9" && $0.recordType == "appointment"
                            && $0.detail == "cluster \(cluster.core.key): Cybercafé, three names in two minutes"
                    })
                // a second run changes nothing and sends nothing
                let again = try await suspicion.cancelCluster(
                    cluster.core.subjects, reason: "again", actor: "supervisor-2")
                #expect(again.cancelled.isEmpty && again.untouched.count == 4)
                #expect(try await OutboxMessage.query(on: app.db).count() == mailsBefore + 4)
                // the seats were freed once
                let freed = try await Slot.query(on: app.db).filter(\.$taken == 0).filter(\.$released == 0).count()
                #expect(freed >= 4)
                // the cancelled bookings still form the cluster, now with nothing active
                let after = try await suspicion.clusters(from: range.from, to: range.to)
                #expect(after.first?.core.activeCount == 0)
            }
        }

        @Test func aFlaggedAppointmentsClusterComesFirstUntilReviewed() async throws {
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock) { app in
                // setup: a cybercafé of four, and two bookings from one home network (below the threshold)
                let cafe = ClientSignals(network: "203.0.113.0/24")
                for (index, name) in ["Benali", "Haddad", "Ivanova", "Diallo"].enumerated() {
                    _ = try await hold(
                        app, name, "Camille", "\(name.lowercased())@example.org", client: cafe,
                        daysAhead: 3 + index)
                }
                let home = ClientSignals(network: "2001:db8:7::/48")
                let rejected = try await hold(app, "Sato", "Yuki", "yuki@example.org", client: home, daysAhead: 7)
                let sibling = try await hold(app, "Sato", "Kenji", "kenji@example.org", client: home, daysAhead: 8)
                let suspicion = Suspicion(db: app.db, services: app.guichet, logger: app.logger)
                let range = (from: testStart, to: clock.now().addingTimeInterval(60))
                #expect(try await suspicion.clusters(from: range.from, to: range.to).count == 1)
                // act: the counter finds the ID does not match
                try await suspicion.flag(appointmentID: rejected, reason: "ID does not match", actor: "agent-3")
                // check: the home pair now shows, first
                let clusters = try await suspicion.clusters(from: range.from, to: range.to)
                #expect(clusters.count == 2)
                #expect(clusters[0].core.isFlagged)
                #expect(
                    clusters[0].core.subjects
                        == [rejected, sibling].map { SuspicionSubject(.appointment, $0.uuidString) })
                #expect(clusters[0].members[0].marks == [.flagged])
                #expect(
                    try await AuditEntry.query(on: app.db).filter(\.$action == Suspicion.AuditAction.flagged).count()
                        == 1)
                // a flag outside the range still shows, with what was made around it
                clock.advance(by: 3 * 24 * 3600)
                let later = try await suspicion.clusters(from: clock.now().addingTimeInterval(-3600), to: clock.now())
                #expect(later.map(\.core.key) == [SuspicionSubject(.appointment, rejected.uuidString).description])
                // act: reviewed, found genuine
                #expect(
                    try await suspicion.dismiss(
                        [SuspicionSubject(.appointment, rejected.uuidString)],
                        note: "Siblings, checked by phone", actor: "supervisor-1") == 1)
                #expect(try await suspicion.clusters(from: range.from, to: range.to).count == 1)
                await #expect(throws: RequestError.self) {
                    try await suspicion.flag(appointmentID: rejected, reason: "  ", actor: "agent-3")
                }
            }
        }

        @Test func requestsInAClusterAreCancelledAndTheirPeopleEmailed() async throws {
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock) { app in
                // setup: four draw requests from one network a minute apart, whose addresses share one pattern
                _ = try await DrawService(db: app.db, services: app.guichet, logger: app.logger).ensureWindows()
                let requests = RequestService(db: app.db, services: app.guichet, logger: app.logger)
                var numbers: [String] = []
                for (index, name) in ["Benali", "Haddad", "Ivanova", "Diallo"].enumerated() {
                    clock.advance(by: 60)
                    let applicant = try Applicant.validate(
                        ApplicantInput(
                            familyName: name, givenNames: "Camille", birthDate: "1990-01-0\(index + 1)",
                            nationality: "MAR", permitExpiry: DrawTests.distantExpiry,
                            email: "rdv.pref0\(index)@gmail.com"),
                        today: ParisTime.civilDate(of: testStart))
                    numbers.append(
                        try await requests.submit(
                            procedureID: "renewal", applicant: applicant,
                            unavailableWeekdays: [], language: .en,
                            client: ClientSignals(network: "192.0.2.0/24")
                        ).number)
                }
                let signals = try await BookingSignal.query(on: app.db).all()
                #expect(
                    signals.count == 4
                        && signals.allSatisfy {
                            $0.subjectType == "request" && $0.emailPattern == "rdvpref#@gmail.com"
                                && $0.secondsSinceRelease == nil
                        })
                let suspicion = Suspicion(db: app.db, services: app.guichet, logger: app.logger)
                // act
                let clusters = try await suspicion.clusters(from: testStart, to: clock.now().addingTimeInterval(1))
                let cluster = try #require(clusters.first)
                #expect(clusters.count == 1 && cluster.members.map(\.requestNumber) == numbers)
                #expect(Set(cluster.core.features.map(\.kind)) == [.emailPattern, .network])
                let outcome = try await suspicion.cancelCluster(
                    cluster.core.subjects, reason: "One hand, three addresses",
                    actor: "supervisor-1")
                // check
                #expect(outcome.cancelled.count == 4)
                for number in numbers {
                    let request = try #require(
                        try await ApplicantRequest.query(on: app.db).filter(\.$number == number).first())
                    #expect(request.status == ApplicantRequest.Status.cancelled)
                    #expect(
                        try await ActiveClaim.query(on: app.db).filter(\.$holderID == request.id!.uuidString).count()
                            == 0)
                }
                let mail = try await Fixture.lastMail(app, to: "rdv.pref02@gmail.com")
                #expect(mail.text.contains("cancelled after review") && mail.text.contains(numbers[2]))
                #expect(
                    try await AuditEntry.query(on: app.db).filter(\.$recordType == "request")
                        .filter(\.$action == Suspicion.AuditAction.cancelled).count() == 4)
            }
        }

        @Test func supervisorsConfirmWhoIsCancelledAndRowsLinkedOnlyWeaklyAreLeftOut() async throws {
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock) { app in
                // setup: four holds from one cybercafé with one address pattern; someone at home whose address has
                // the same pattern (a weak signal, as namesakes' addresses have)
                let cafe = ClientSignals(network: "203.0.113.0/24", userAgent: "ua-cafe")
                let members = [
                    try await hold(app, "Benali", "Karima", "rdv.pref01@gmail.com", client: cafe),
                    try await hold(app, "Haddad", "Omar", "rdv.pref02@gmail.com", client: cafe, daysAhead: 4),
                    try await hold(app, "Ivanova", "Olga", "rdv.pref03@gmail.com", client: cafe, daysAhead: 5),
                    try await hold(app, "Diallo", "Awa", "awa.d@example.org", client: cafe, daysAhead: 7),
                ]
                clock.advance(by: 3600)
                let honest = try await hold(
                    app, "Sato", "Yuki", "rdv.pref77@gmail.com",
                    client: ClientSignals(network: "198.51.100.0/24", userAgent: "ua-home"),
                    daysAhead: 6)
                try await AgentAccessTests.agent(app, "supervisor@herault.example", .supervisor)
                try await AgentAccessTests.agent(app, "agent@herault.example", .agent)
                var supervisor = try await AgentAccessTests.signedIn(app, "supervisor@herault.example")
                var agent = try await AgentAccessTests.signedIn(app, "agent@herault.example")
                let subject = { (id: UUID) in "appointment:\(id.uuidString)" }
                #expect(try await agent.get("/agent/suspicion").status == .forbidden)

                // act: the review
                let page = try await supervisor.get("/agent/suspicion")
                // check: the members with why they are in, the one at home apart, and the way to the confirmation
                #expect(page.status == .ok)
                #expect(page.html.contains("Même réseau, en rafale (203.0.113.0/24)"))
                #expect(
                    page.html.contains("Même modèle d&#39;adresse (rdvpref#@gmail.com)")
                        || page.html.contains("Même modèle d'adresse (rdvpref#@gmail.com)"))
                #expect(page.html.contains("Liés seulement par des signaux faibles") && page.html.contains("Yuki Sato"))
                let review = try #require(page.html.firstMatch(of: /href="(\/agent\/suspicion\/confirm\?[^"]+)"/)?.1)
                    .replacingOccurrences(of: "&amp;", with: "&")
                #expect(try await agent.get(review).status == .forbidden)

                // act: the confirmation step
                let confirm = try await supervisor.get(review)
                // check: exactly the four are ticked; the one at home is listed as untouched, with no box
                #expect(confirm.status == .ok)
                let boxes = confirm.html.matches(of: /name="subject" value="([^"]+)" checked/).map { String($0.1) }
                #expect(boxes == members.map(subject))
                #expect(confirm.html.contains("data-subject=\"\(subject(honest))\""))
                #expect(!confirm.html.contains("value=\"\(subject(honest))\""))
                let hidden = [
                    ("cluster", try #require(confirm.html.firstMatch(of: /name="cluster" value="([^"]+)"/)?.1)),
                    ("from", try #require(confirm.html.firstMatch(of: /name="from" value="([^"]+)"/)?.1)),
                    ("to", try #require(confirm.html.firstMatch(of: /name="to" value="([^"]+)"/)?.1)),
                ]
                .map { ($0.0, String($0.1)) }

                // act: no reason, then nothing ticked
                let ticked = members.dropLast().map { ("subject", subject($0)) }
                let refused = try await supervisor.post("/agent/suspicion/cancel", hidden + ticked + [("reason", " ")])
                #expect(refused.status == .unprocessableEntity)
                #expect(
                    refused.html.contains("class=\"error-summary\"") && refused.html.contains("id=\"reason-error\""))
                // the boxes come back as they were sent: the fourth unticked
                #expect(
                    refused.html.matches(of: /name="subject" value="([^"]+)" checked/).map { String($0.1) }
                        == members.dropLast().map(subject))
                let empty = try await supervisor.post("/agent/suspicion/cancel", hidden + [("reason", "Cybercafé")])
                #expect(empty.status == .unprocessableEntity)

                // act: three ticked, and the one at home slipped into the form
                let done = try await supervisor.post(
                    "/agent/suspicion/cancel",
                    hidden + ticked + [
                        ("subject", subject(honest)),
                        ("reason", "Même cybercafé, mêmes horaires"),
                    ])
                // check: the three are cancelled; the unticked member and the weakly related one are untouched
                let (from, to) = (hidden[1].1, hidden[2].1)
                #expect(done.location == "/agent/suspicion?from=\(from)&to=\(to)&cancelled=3&untouched=1")
                for id in members.dropLast() {
                    #expect(try await Appointment.find(id, on: app.db)?.status == .cancelled)
                }
                #expect(try await Appointment.find(members[3], on: app.db)?.status == .pending)
                #expect(try await Appointment.find(honest, on: app.db)?.status == .pending)
                let entries = try await AuditEntry.query(on: app.db).filter(\.$action == "cluster_cancelled").all()
                #expect(entries.count == 3)
                #expect(
                    entries.allSatisfy {
                        $0.actor == "agent:supervisor@herault.example" && $0.detail.contains("cybercafé")
                    })
                let after = try await supervisor.get(done.location ?? "")
                #expect(after.html.contains("id=\"cancel-outcome\""))
            }
        }

        @Test func anActiveBookingWithANearDuplicateTwinIsReviewedWithTheReason() async throws {
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock) { app in
                // setup: one person holding two appointments, names swapped, from two networks weeks apart; another
                // who mistyped their birth date, cancelled and booked again (a correction, not a twin)
                let first = try await hold(
                    app, "Benali", "Karim", "karim.benali@example.org",
                    client: ClientSignals(network: "192.0.2.0/24"), daysAhead: 30)
                clock.advance(by: 20 * 86_400)
                let second = try await hold(
                    app, "Karim", "Benali", "k.benali@example.net",
                    client: ClientSignals(network: "198.51.100.0/24"), daysAhead: 26)
                let typo = try await hold(
                    app, "Haddad", "Nadia", "nadia@example.org", client: .none, daysAhead: 24,
                    birth: "1988-04-21")
                let mistyped = try #require(try await Appointment.find(typo, on: app.db))
                let now = clock.now()
                #expect(
                    try await app.db.write(through: app.guichet.writeGate) { tx in
                        try await BookingService.close(
                            mistyped, as: .cancelled, reason: BookingService.CloseReason.byApplicant,
                            now: now, on: tx)
                    })
                _ = try await hold(app, "Haddad", "Nadia", "nadia@example.org", client: .none, daysAhead: 25)
                let suspicion = Suspicion(db: app.db, services: app.guichet, logger: app.logger)
                // act: the last week (the default of the page), which holds the second booking only
                let clusters = try await suspicion.clusters(
                    from: clock.now().addingTimeInterval(-7 * 86_400),
                    to: clock.now().addingTimeInterval(60))
                // check: the twins, and only them, with the reason on each
                #expect(clusters.count == 1)
                let cluster = try #require(clusters.first)
                #expect(cluster.core.subjects == [first, second].map { SuspicionSubject(.appointment, $0.uuidString) })
                #expect(
                    cluster.members[0].links.map(\.core) == [
                        MemberReason(
                            kind: .nearDuplicate, value: "appointment:\(second.uuidString)",
                            nearDuplicate: .swappedNames)
                    ])
                #expect(cluster.members[0].links.first?.twinName == "Benali Karim")
                // the page, in English, says why
                try await AgentAccessTests.agent(app, "supervisor@herault.example", .supervisor)
                var supervisor = try await AgentAccessTests.signedIn(app, "supervisor@herault.example")
                supervisor.language = "en"
                let page = try await supervisor.get("/agent/suspicion?lang=en")
                #expect(
                    page.html.contains("Near-duplicate identity of Benali Karim (names swapped or split differently)"))
                #expect(
                    page.html.contains("Near-duplicate identity of Karim Benali (names swapped or split differently)"))
                // a confirmation for a group that is gone says so
                let gone = try await supervisor.get("/agent/suspicion/confirm?cluster=appointment%3Anope")
                #expect(gone.status == .notFound && gone.html.contains("id=\"cluster-gone\""))
            }
        }

        // MARK: helpers

        /// A pending hold made through the booking service with the given client signals.
        /// The clock moves 30 seconds first, so members arrive in the order they are made.
        func hold(
            _ app: Application, _ family: String, _ given: String, _ email: String, client: ClientSignals,
            daysAhead: Int = 3, birth: String = "1988-04-12"
        ) async throws -> UUID {
            (app.guichet.clock as! TestClock).advance(by: 30)
            let slot = try await Fixture.slot(app, daysAhead: daysAhead)
            let applicant = try Applicant.validate(
                ApplicantInput(
                    familyName: family, givenNames: given, birthDate: birth, nationality: "DZA", email: email),
                today: ParisTime.civilDate(of: testStart))
            let booking = BookingService(db: app.db, services: app.guichet, logger: app.logger)
            return try await booking.hold(
                procedureID: "first-application", slotID: slot.id!, applicant: applicant,
                language: .fr, client: client
            ).id
        }
    }
}
