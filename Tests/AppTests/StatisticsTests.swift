import Fluent
import Foundation
import GuichetCore
import Testing
import Vapor

@testable import App

extension AppTests {
    /// The weekly figures, counted from records placed around a past week's edges (no HTTP).
    @Suite struct StatisticsTests {
        typealias F = StatsFixture
        /// A week before the demo data starts: only the records written here count.
        static let week = StatsWeek(containing: CivilDate(iso: "2026-11-02")!)

        @Test func eachFigureCountsItsOwnRecordsInTheWeek() async throws {
            try await withGuichetApp { app in
                // setup: slots (one planned, one late on Sunday, one on the next Monday at midnight)
                let tuesday = try await F.slot(app, F.paris("2026-11-03", 10), capacity: 2, released: 2, taken: 2)
                let wednesday = try await F.slot(app, F.paris("2026-11-04", 10), released: 1, taken: 1)
                let thursday = try await F.slot(app, F.paris("2026-11-05", 10), released: 0)
                try await F.slot(app, F.paris("2026-11-08", 23, 40), released: 1)
                try await F.slot(app, F.paris("2026-11-09", 0), released: 1)
                // appointments: two seen (one with an expired permit), one seen after a draw, a no-show, a
                // rejection, a cancellation
                try await F.appointment(
                    app, slot: tuesday, status: .served, createdAt: F.paris("2026-10-27", 10),
                    confirmedAt: F.paris("2026-10-27", 10, 5), permitExpiry: "2026-12-31")
                try await F.appointment(
                    app, slot: tuesday, status: .checkedIn, createdAt: F.paris("2026-10-30", 10),
                    confirmedAt: F.paris("2026-11-02", 9), permitExpiry: "2026-11-01")
                let drawn = try await F.appointment(
                    app, slot: wednesday, status: .served,
                    createdAt: F.paris("2026-11-02", 0, 30),
                    confirmedAt: F.paris("2026-11-02", 0, 30))
                try await F.appointment(
                    app, slot: wednesday, status: .noShow, createdAt: F.paris("2026-10-01", 9),
                    confirmedAt: F.paris("2026-10-01", 9))
                try await F.appointment(
                    app, slot: thursday, status: .rejected, createdAt: F.paris("2026-10-01", 9),
                    confirmedAt: F.paris("2026-10-01", 9), permitExpiry: "2027-01-01")
                try await F.appointment(
                    app, slot: thursday, status: .cancelled, createdAt: F.paris("2026-11-08", 23),
                    confirmedAt: F.paris("2026-11-08", 23, 50), closedAt: F.paris("2026-11-10", 9))
                // draw requests: one allocated (asked on 5 October), registered ones in and out of the week
                try await F.request(
                    app, status: ApplicantRequest.Status.allocated, createdAt: F.paris("2026-10-05", 10),
                    confirmedAt: F.paris("2026-10-05", 10), closedAt: F.paris("2026-11-02", 0, 30),
                    appointment: drawn.id)
                try await F.request(
                    app, status: ApplicantRequest.Status.waiting, createdAt: F.paris("2026-11-04", 10),
                    confirmedAt: F.paris("2026-11-04", 10, 3))
                try await F.request(
                    app, status: ApplicantRequest.Status.withdrawn, createdAt: F.paris("2026-11-06", 10),
                    confirmedAt: F.paris("2026-11-06", 10, 3), closedAt: F.paris("2026-11-07", 10))
                try await F.request(app, status: ApplicantRequest.Status.pending, createdAt: F.paris("2026-11-06", 11))
                try await F.request(
                    app, status: ApplicantRequest.Status.waiting, createdAt: F.paris("2026-11-09", 10),
                    confirmedAt: F.paris("2026-11-09", 10, 3))
                // the sweep's audit entries, and another action
                try await F.audit(app, action: DuplicateSweep.auditAction, at: F.paris("2026-11-02", 0, 10))
                try await F.audit(app, action: DuplicateSweep.auditAction, at: F.paris("2026-11-08", 23, 59))
                try await F.audit(app, action: DuplicateSweep.auditAction, at: F.paris("2026-11-09", 0))
                try await F.audit(app, action: "extra_seats", at: F.paris("2026-11-03", 0))
                // act
                let period = StatsPeriod(weeks: [Self.week])
                let figures = try #require(try await WeeklyStatistics.figures(for: period, on: app.db).first)
                // check
                #expect(figures.monday.iso == "2026-11-02")
                #expect(figures.seatsReleased == 4)
                #expect(figures.requests == 2)
                #expect(figures.allocated == 1)
                #expect(figures.confirmed == 3)
                #expect(figures.attended == 3)
                #expect(figures.noShows == 1)
                #expect(figures.duplicatesRemoved == 2)
                #expect(figures.rejected == 1)
                // waits: 7 days, 4 days, and 30 days and an hour from the draw request (summer time then)
                #expect(figures.medianWaitDays == 7)
                #expect(figures.seenBeforeExpiry == 1 && figures.attendedWithExpiry == 2)
                // the next week sees only its own records
                let next = try await WeeklyStatistics.compute(for: StatsPeriod(weeks: [Self.week.next]), on: app.db)[0]
                #expect(next.seatsReleased == 1 && next.requests == 1 && next.duplicatesRemoved == 1)
                #expect(next.attended == 0 && next.medianWaitDays == nil && next.seenBeforeExpiryShare == nil)
            }
        }

        @Test func aFrozenWeekIsReadFromItsAggregate() async throws {
            try await withGuichetApp { app in
                // setup: a live record, and an aggregate saying otherwise
                try await F.slot(app, F.paris("2026-11-03", 10), released: 1)
                var frozen = WeeklyFigures(monday: Self.week.monday)
                frozen.seatsReleased = 40
                frozen.attended = 31
                frozen.medianWaitDays = 12.5
                try await WeeklyAggregate(frozen, frozenAt: testStart).create(on: app.db)
                // act
                let period = StatsPeriod(count: 2, endingWith: Self.week.next)
                let figures = try await WeeklyStatistics.figures(for: period, on: app.db)
                // check
                #expect(figures.map(\.monday) == [Self.week.monday, Self.week.next.monday])
                #expect(figures[0] == frozen)
                #expect(figures[1].seatsReleased == 0)
            }
        }

        @Test func counterDaySheetListsTheExpectedPeopleInTimeOrder() async throws {
            try await withGuichetApp { app in
                // setup
                let early = try await F.slot(app, F.paris("2026-11-03", 9), released: 1, taken: 1)
                let late = try await F.slot(app, F.paris("2026-11-03", 11), capacity: 2, released: 2, taken: 1)
                let elsewhere = try await F.slot(app, F.paris("2026-11-03", 9), counter: "mtp-2", released: 1, taken: 1)
                try await F.appointment(app, slot: late, status: .confirmed, createdAt: testStart, family: "=Zeta")
                try await F.appointment(
                    app, slot: early, status: .served, createdAt: testStart, family: "Alpha",
                    channel: "agent")
                try await F.appointment(app, slot: late, status: .cancelled, createdAt: testStart, family: "Gone")
                try await F.appointment(app, slot: elsewhere, status: .confirmed, createdAt: testStart, family: "Other")
                // act
                let rows = try await CounterDaySheet.rows(
                    counterID: "mtp-1", date: CivilDate(iso: "2026-11-03")!,
                    language: .fr, on: app.db)
                // check
                #expect(rows.map(\.name) == ["Alpha, Karima", "=Zeta, Karima"])
                #expect(rows.map(\.time) == ["09:00", "11:00"])
                #expect(rows[0].status == "served" && rows[0].channel == "agent")
                #expect(StatsCSV.counterDay(rows).contains("\"'=Zeta, Karima\""))
            }
        }

        @Test func csvExportsAnswerSignedInAgentsOfTheRightRole() async throws {
            try await withGuichetApp { app in
                // setup
                try await AgentAccessTests.agent(app, "supervisor@herault.example", .supervisor)
                try await AgentAccessTests.agent(app, "agent@herault.example", .agent)
                var supervisor = try await AgentAccessTests.signedIn(app, "supervisor@herault.example")
                var agent = try await AgentAccessTests.signedIn(app, "agent@herault.example")
                let slot = try await F.slot(app, F.paris("2026-11-03", 9), released: 1, taken: 1)
                try await F.appointment(app, slot: slot, status: .confirmed, createdAt: testStart)
                // act
                let stats = try await supervisor.get("/agent/stats.csv?weeks=3&until=2026-11-04")
                let day = try await agent.get("/agent/counters/mtp-1/day.csv?date=2026-11-03")
                let badDate = try await agent.get("/agent/counters/mtp-1/day.csv?date=03/11")
                let noCounter = try await agent.get("/agent/counters/nope/day.csv?date=2026-11-03")
                #expect(try await agent.get("/agent/stats.csv").status == .forbidden)
                var anonymous = PageClient(app)
                #expect(try await anonymous.get("/agent/counters/mtp-1/day.csv?date=2026-11-03").status == .seeOther)
                // check
                #expect(stats.status == .ok && stats.headers.contentType?.subType == "csv")
                let lines = String(buffer: stats.body).components(separatedBy: "\r\n")
                #expect(lines.count == 5)
                #expect(lines[3].hasPrefix("\"2026-11-02\",\"2026-11-08\",\"1\""))
                #expect(day.status == .ok)
                #expect(String(buffer: day.body).contains("\"09:00\",\"Benali, Karima\""))
                #expect(day.headers.first(name: .contentDisposition)?.contains("guichet-mtp-1-2026-11-03.csv") == true)
                #expect(badDate.status == .badRequest && noCounter.status == .notFound)
            }
        }
    }
}
