import Fluent
import Foundation
import GuichetCore
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    /// Speed races made visible: seconds to the last seat, early asks, seats to flagged bookings; a procedure whose
    /// releases run out in under a minute is named to supervisors with the advice to move it to a daily draw.
    @Suite struct SpeedRacePageTests {
        @Test func aFirstComeReleaseSoldOutInSecondsIsARaceAndALotteryIsNot() async throws {
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock) { app in
                // a first-come release of three seats, taken 1, 2 and 4 seconds after the instant
                let plain = ReleasePolicy(
                    windows: LotteryTests.policy.windows, releasesPerWeek: 3, seatsPerRelease: 3,
                    minimumLeadHours: 24, lotteryMinutes: 0)
                try await LotteryTests.prepare(app, clock: clock, policy: plain)
                try await ReleaseService(db: app.db, services: app.guichet, logger: app.logger).runDue()
                let offered = try await Slot.query(on: app.db).filter(\.$released > 0).filter(\.$taken == 0).all()
                #expect(offered.count == 3)
                for (index, slot) in offered.enumerated() {
                    clock.advance(by: index == 2 ? 2 : 1)
                    let applicant = Fixture.applicant(
                        family: ["Amrani", "Barry", "Costa"][index],
                        email: "racer\(index)@example.org")
                    try await app.testing().test(
                        .POST, "/api/v1/appointments",
                        beforeRequest: { req in
                            req.json(Fixture.holdBody(slotID: slot.id!, applicant: applicant))
                        }, afterResponse: { res in #expect(res.status == .accepted, "\(res.body.string)") })
                }
                // then a lottery of the same procedure, drawn after its thirty minutes
                try await ReleasePolicyRecord.query(on: app.db).delete()
                try await ReleasePolicyRecord(procedureID: "first-application", policy: LotteryTests.policy).create(
                    on: app.db)
                clock.advance(by: 3600)
                try await Release(procedureID: "first-application", weekStart: "test-2", dueAt: clock.now()).create(
                    on: app.db)
                try await ReleaseService(db: app.db, services: app.guichet, logger: app.logger).runDue()
                let lottery = try #require(
                    try await DrawService.openLottery(procedureID: "first-application", now: clock.now(), on: app.db))
                for name in ["Demir", "Erdogan", "Fofana"] { _ = try await LotteryTests.ask(app, family: name) }
                clock.set(lottery.closesAt)
                try await DrawService(db: app.db, services: app.guichet, logger: app.logger).runDue()

                let measured = try await SpeedRaces.measure(since: testStart.addingTimeInterval(-60), on: app.db)
                let release = try #require(measured.first { $0.kind == "release" })
                #expect(release.race.secondsToLastSeat == 4 && release.race.isRace)
                #expect(release.race.earlyShare == 1)
                let drawn = try #require(measured.first { $0.kind == DrawKind.releaseLottery.rawValue })
                #expect(drawn.race.secondsToLastSeat == 1800 && !drawn.race.isRace)

                // supervisors are told, on their home page and the races page; /stats sums it up
                var supervisor = try await TwinAndPriorityTests.supervisor(app)
                let home = try await supervisor.get("/agent")
                #expect(home.html.contains("id=\"racing-procedures\"") && home.html.contains("Première demande"))
                let page = try await supervisor.get("/agent/races")
                #expect(page.status == .ok && page.html.contains("class=\"race\""))
                var visitor = PageClient(app)
                let stats = try await visitor.get("/stats")
                #expect(stats.html.contains("id=\"races\"") && stats.html.contains("4 s"))
            }
        }
    }
}
