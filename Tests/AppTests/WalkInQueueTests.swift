import Fluent
import Foundation
import GuichetCore
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    /// The walk-in queue of the 10-year card renewal (mtp-4: Monday, Tuesday, Thursday, Friday, 09:00–12:00).
    @Suite struct WalkInQueueTests {
        static func at(_ month: Int, _ day: Int, _ hour: Int, _ minute: Int = 0) -> Date {
            ParisTime.instant(date: CivilDate(year: 2026, month: month, day: day)!, minuteOfDay: hour * 60 + minute)
        }

        static func tickets(_ app: Application) async throws -> [WalkInTicket] {
            try await WalkInTicket.query(on: app.db).sort(\.$day).sort(\.$number).all()
        }

        @Test func ticketsAreNumberedFromOneEachDayAndCalledInOrder() async throws {
            let clock = TestClock(Self.at(12, 1, 9, 30))  // Tuesday morning
            try await withGuichetApp(clock: clock) { app in
                // setup
                try await AgentAccessTests.agent(app, "desk@herault.example", .agent)
                var browser = try await AgentAccessTests.signedIn(app, "desk@herault.example")
                #expect(try await browser.get("/agent/walk-in").location == "/agent/walk-in/mtp-4")
                let page = try await browser.get("/agent/walk-in/mtp-4")
                #expect(page.status == .ok)
                #expect(page.html.contains("id=\"issue\""))
                // act
                var issued: [String?] = []
                for _ in 0..<3 { issued.append(try await browser.post("/agent/walk-in/mtp-4/tickets", []).location) }
                // check
                #expect(issued == (1...3).map { "/agent/walk-in/mtp-4?issued=\($0)" })
                #expect(
                    try await browser.post("/agent/walk-in/mtp-4/call", []).location == "/agent/walk-in/mtp-4?called=1")
                #expect(
                    try await browser.post("/agent/walk-in/mtp-4/call", []).location == "/agent/walk-in/mtp-4?called=2")
                var tickets = try await Self.tickets(app)
                #expect(tickets.map(\.status) == ["called", "called", "waiting"])
                #expect(tickets[0].calledBy == "agent:desk@herault.example")
                // served needs a called ticket; left works for a waiting one
                let one = tickets[0].id!.uuidString.lowercased()
                let three = tickets[2].id!.uuidString.lowercased()
                #expect(try await browser.post("/agent/walk-in/mtp-4/tickets/\(three)/served", []).status == .conflict)
                #expect(try await browser.post("/agent/walk-in/mtp-4/tickets/\(one)/served", []).status == .seeOther)
                #expect(try await browser.post("/agent/walk-in/mtp-4/tickets/\(three)/left", []).status == .seeOther)
                #expect(try await browser.post("/agent/walk-in/mtp-4/tickets/\(one)/served", []).status == .conflict)
                let nobody = try await browser.post("/agent/walk-in/mtp-4/call", [])
                #expect(nobody.status == .conflict)
                #expect(nobody.html.contains("class=\"error-summary\""))
                tickets = try await Self.tickets(app)
                #expect(tickets.map(\.status) == ["served", "called", "left"])
                let audited = try await AuditEntry.query(on: app.db).filter(\.$recordType == "walk_in_ticket").all()
                    .map(\.action)
                #expect(audited.filter { $0 == "walk_in_ticket_issued" }.count == 3)
                #expect(audited.filter { $0 == "walk_in_ticket_called" }.count == 2)
                #expect(audited.contains("walk_in_ticket_served") && audited.contains("walk_in_ticket_left"))
                // the next open day starts again at 1 (a new session: the last ended with the day)
                clock.set(Self.at(12, 3, 9, 5))
                browser = try await AgentAccessTests.signedIn(app, "desk@herault.example")
                #expect(
                    try await browser.post("/agent/walk-in/mtp-4/tickets", []).location
                        == "/agent/walk-in/mtp-4?issued=1")
                // a counter without a walk-in procedure has no queue
                #expect(try await browser.get("/agent/walk-in/mtp-1").status == .notFound)
            }
        }

        @Test(arguments: [
            (8, 59, 1, "mardi 1 décembre 2026 à 09:00"),  // Tuesday, before the hours
            (12, 0, 1, "jeudi 3 décembre 2026 à 09:00"),  // Tuesday, after them; Wednesday skipped
            (10, 0, 2, "jeudi 3 décembre 2026 à 09:00"),  // Wednesday
            (10, 0, 25, "lundi 28 décembre 2026 à 09:00"),  // Christmas, a Friday
        ])
        func closedOutsideTheHoursOnWednesdaysAndOnHolidays(hour: Int, minute: Int, day: Int, next: String) async throws
        {
            let clock = TestClock(Self.at(12, day, hour, minute))
            try await withGuichetApp(clock: clock) { app in
                try await AgentAccessTests.agent(app, "desk@herault.example", .agent)
                var browser = try await AgentAccessTests.signedIn(app, "desk@herault.example")
                let page = try await browser.get("/agent/walk-in/mtp-4")
                #expect(page.html.contains("id=\"closed\""))
                #expect(page.html.contains(next))
                #expect(!page.html.contains("id=\"issue\""))
                let refused = try await browser.post("/agent/walk-in/mtp-4/tickets", [])
                #expect(refused.status == .conflict)
                #expect(refused.html.contains(next))
                #expect(try await Self.tickets(app).isEmpty)
            }
        }

        @Test func concurrentIssuesGetDistinctNumbers() async throws {
            let clock = TestClock(Self.at(12, 1, 10))
            try await withGuichetApp(clock: clock) { app in
                let counter = try #require(try await Counter.find("mtp-4", on: app.db))
                let queue = WalkInQueue(db: app.db, services: app.guichet, counter: counter)
                let numbers = try await withThrowingTaskGroup(of: Int.self) { group in
                    for index in 0..<20 {
                        group.addTask { try await queue.issue(by: .init(name: "agent:\(index)", remote: nil)).number }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(numbers.sorted() == Array(1...20))
            }
        }
    }
}
