import Foundation
import GuichetCore
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    /// `/stats`: the public page, its table, its charts and its choice of weeks.
    @Suite struct StatsPageTests {
        @Test func showsTwelveWeeksAsATableAndAccessibleCharts() async throws {
            try await withGuichetApp { app in
                // setup: a seat released in the current week
                try await StatsFixture.slot(app, StatsFixture.paris("2026-12-03", 10, 7), capacity: 3, released: 3)
                var browser = PageClient(app)
                // act
                let page = try await browser.get("/stats")
                // check
                #expect(page.status == .ok)
                #expect(page.html.contains("<caption id=\"stats-caption\">"))
                #expect(page.html.components(separatedBy: "<th scope=\"col\">").count == 12)
                #expect(page.html.components(separatedBy: "<th scope=\"row\">").count == 13)
                #expect(page.html.contains("<tr id=\"week-2026-11-30\">"))
                #expect(page.html.contains("<tr id=\"week-2026-09-14\">"))
                #expect(!page.html.contains("<tr id=\"week-2026-09-07\">"))
                let svgs = page.html.components(separatedBy: "<svg ").count - 1
                #expect(svgs == 4)
                #expect(page.html.components(separatedBy: "role=\"img\"").count - 1 == 4)
                #expect(page.html.contains("aria-labelledby=\"chart-seats-title chart-seats-desc\""))
                #expect(page.html.contains("Places publiées par semaine"))
                #expect(page.html.contains("Définitions"))
                // the current week's seats: in the table (demo seats included) and above a bar
                let seats = try #require(
                    page.html.firstMatch(
                        of:
                            /<tr id="week-2026-11-30">\s*<th[^>]*>.*?<\/th>\s*<td data-figure="seats-released">(\d+)<\/td>/
                    ))
                #expect(Int(seats.1)! >= 3)
                #expect(page.links(matching: "/stats").count >= 1)
            }
        }

        @Test func aCrowdOnTheStatisticsPageCostsOneComputationAMinute() async throws {
            try await withGuichetApp { app in
                // setup
                var browser = PageClient(app)
                func seatsThisWeek() async throws -> Int {
                    let page = try await browser.get("/stats")
                    let cell = try #require(
                        page.html.firstMatch(
                            of:
                                /<tr id="week-2026-11-30">\s*<th[^>]*>.*?<\/th>\s*<td data-figure="seats-released">(\d+)<\/td>/
                        ))
                    return Int(cell.1)!
                }
                let first = try await seatsThisWeek()
                // act: seats released after the first view
                try await StatsFixture.slot(app, StatsFixture.paris("2026-12-03", 10, 7), capacity: 3, released: 3)
                // check: the minute-old figures are served until the cache is cleared (as the retention purge does)
                #expect(try await seatsThisWeek() == first)
                app.guichet.statistics.removeAll()
                #expect(try await seatsThisWeek() == first + 3)
            }
        }

        @Test func weeksCanBeChosenAndBadValuesFallBack() async throws {
            try await withGuichetApp { app in
                var browser = PageClient(app, language: "en")
                let four = try await browser.get("/stats?weeks=4")
                #expect(four.html.components(separatedBy: "<th scope=\"row\">").count == 5)
                #expect(four.html.contains("Appointment statistics"))
                #expect(four.html.contains("<option value=\"4\" selected>"))
                let many = try await browser.get("/stats?weeks=400")
                #expect(many.html.components(separatedBy: "<th scope=\"row\">").count == 27)
                let junk = try await browser.get("/stats?weeks=abc&until=yesterday")
                #expect(junk.status == .ok)
                #expect(junk.html.components(separatedBy: "<th scope=\"row\">").count == 13)
                let future = try await browser.get("/stats?weeks=1&until=2030-01-01")
                #expect(future.html.contains("<tr id=\"week-2026-11-30\">"))
            }
        }
    }
}
