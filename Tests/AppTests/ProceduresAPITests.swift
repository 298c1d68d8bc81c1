import Foundation
import GuichetCore
import Testing
import VaporTesting

@testable import App

extension AppTests {
    @Suite struct ProceduresAPITests {
        @Test func proceduresListModesCountersAndLocalisedNames() async throws {
            try await withGuichetApp { app in
                try await app.testing().test(.GET, "/api/v1/procedures") { res in
                    #expect(res.status == .ok)
                    let list = try #require(
                        try JSONSerialization.jsonObject(with: Data(buffer: res.body)) as? [[String: Any]])
                    #expect(list.count == 6)
                    let byID = Dictionary(uniqueKeysWithValues: list.map { ($0["id"] as! String, $0) })
                    #expect(byID["ten-year-renewal"]?["mode"] as? String == "walk-in")
                    #expect(byID["first-application"]?["mode"] as? String == "release")
                    #expect(byID["first-application"]?["name"] as? String == "Première demande de titre de séjour")
                    let studentCounters = byID["student"]?["counters"] as? [[String: Any]]
                    #expect(studentCounters?.map { $0["id"] as? String } == ["mtp-students"])
                }
                try await app.testing().test(
                    .GET, "/api/v1/procedures", headers: ["Accept-Language": "en-GB,en;q=0.9,fr;q=0.5"]
                ) { res in
                    let list = try #require(
                        try JSONSerialization.jsonObject(with: Data(buffer: res.body)) as? [[String: Any]])
                    #expect(list.first?["name"] as? String == "First residence permit application")
                }
            }
        }

        @Test func availabilityShowsOnlyReleasedSlotsWithFreeSeatsInParisTime() async throws {
            try await withGuichetApp(demo: false) { app in
                try await DemoData.load(
                    on: app.db, gate: app.guichet.writeGate, clock: TestClock(testStart),
                    random: RandomSource(SeededGenerator(seed: 1)))
                try await Slot.query(on: app.db).set(\.$released, to: 0).update()
                let released = try await Fixture.slot(app, daysAhead: 2, capacity: 3, released: 2)
                _ = try await Fixture.slot(app, daysAhead: 2, minute: 11 * 60, released: 0)
                let full = try await Fixture.slot(app, daysAhead: 2, minute: 14 * 60)
                full.taken = 1
                try await full.save(on: app.db)
                try await app.testing().test(
                    .GET, "/api/v1/procedures/first-application/availability?from=2026-12-01&to=2026-12-10"
                ) { res in
                    #expect(res.status == .ok)
                    let days = try #require(res.json["days"] as? [[String: Any]])
                    #expect(days.count == 1)
                    #expect(days.first?["date"] as? String == "2026-12-03")
                    let slots = try #require(days.first?["slots"] as? [[String: Any]])
                    #expect(slots.count == 1)
                    #expect(slots.first?["id"] as? Int == released.id)
                    #expect(slots.first?["remaining"] as? Int == 2)
                    #expect(slots.first?["counter"] as? String == "mtp-1")
                    #expect((slots.first?["start"] as? String)?.hasPrefix("2026-12-03T10:00:07+01:00") == true)
                }
            }
        }

        /// Issue 13, point 4: the answer comes with an entity tag; a client holding the current one gets 304 and no
        /// body, and a new tag once a seat changes.
        @Test func availabilityCarriesAnETagAndAnswers304ToTheCurrentOne() async throws {
            try await withGuichetApp(demo: false) { app in
                try await DemoData.load(
                    on: app.db, gate: app.guichet.writeGate, clock: TestClock(testStart),
                    random: RandomSource(SeededGenerator(seed: 1)))
                let slot = try await Fixture.slot(app, daysAhead: 2, capacity: 3, released: 2)
                let path = "/api/v1/procedures/first-application/availability?from=2026-12-01&to=2026-12-10"
                func get(_ tag: String?) async throws -> (HTTPStatus, String, Int, String?) {
                    var answer: (HTTPStatus, String, Int, String?) = (.ok, "", 0, nil)
                    try await app.testing().test(
                        .GET, path,
                        beforeRequest: { req in
                            if let tag { req.headers.replaceOrAdd(name: .ifNoneMatch, value: tag) }
                        },
                        afterResponse: { res in
                            answer = (
                                res.status, res.headers.first(name: .eTag) ?? "", res.body.readableBytes,
                                res.headers.first(name: .cacheControl)
                            )
                        })
                    return answer
                }
                let first = try await get(nil)
                #expect(first.0 == .ok && first.2 > 0 && first.3 == "no-cache")
                #expect(first.1.hasPrefix("\"") && first.1.hasSuffix("\"") && first.1.count == 34)
                let again = try await get(first.1)
                #expect(again.0 == .notModified && again.1 == first.1 && again.2 == 0)
                #expect(try await get("\"other\", " + first.1).0 == .notModified)
                #expect(try await get("\"other\"").0 == .ok)
                // a seat taken: a new answer under a new tag
                try await app.testing().test(
                    .POST, "/api/v1/appointments",
                    beforeRequest: { req in
                        req.json(Fixture.holdBody(slotID: slot.id!, applicant: Fixture.applicant()))
                    }, afterResponse: { res in #expect(res.status == .accepted) })
                app.guichet.availability.removeAll()
                let after = try await get(first.1)
                #expect(after.0 == .ok && after.1 != first.1 && after.2 > 0)
            }
        }

        @Test func availabilityRejectsBadRangesAndUnknownProcedures() async throws {
            try await withGuichetApp(demo: true) { app in
                for query in [
                    "from=2026-02-30", "from=2026-12-10&to=2026-12-01", "from=2026-12-01&to=2027-06-01", "to=yesterday",
                ] {
                    try await app.testing().test(.GET, "/api/v1/procedures/renewal/availability?\(query)") { res in
                        #expect(res.status == .badRequest, "\(query)")
                        #expect(res.errorCode == "validation_failed")
                    }
                }
                try await app.testing().test(.GET, "/api/v1/procedures/nope/availability") { res in
                    #expect(res.status == .notFound)
                }
            }
        }

        @Test func healthAnswersWhenTheDatabaseDoes() async throws {
            try await withGuichetApp(demo: false) { app in
                try await app.testing().test(.GET, "/healthz") { res in
                    #expect(res.status == .ok)
                    #expect(res.json["status"] as? String == "ok")
                }
            }
        }

        @Test func homePageRendersInBothLanguages() async throws {
            try await withGuichetApp { app in
                try await app.testing().test(.GET, "/") { res in
                    #expect(res.status == .ok)
                    #expect(res.body.string.contains("<html lang=\"fr\">"))
                    #expect(res.body.string.contains("Renouvellement de la carte de résident"))
                    #expect(res.body.string.contains("pas le mercredi"))
                }
                try await app.testing().test(.GET, "/?lang=en") { res in
                    #expect(res.body.string.contains("<html lang=\"en\">"))
                    #expect(res.body.string.contains("Appointments are free"))
                }
            }
        }
    }
}
