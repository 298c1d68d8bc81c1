import Foundation
import GuichetCore
import Testing

@Suite struct ReleasePolicyTests {
    @Test func weekdaysDaytimeIsTheDocumentedDefault() throws {
        let policy = ReleasePolicy.weekdaysDaytime
        #expect(
            policy.windows == [
                ReleaseWindow(
                    weekdays: [.monday, .tuesday, .wednesday, .thursday, .friday],
                    hours: try #require(TimeRange("08:00-18:00")))
            ])
        #expect(policy.releasesPerWeek == 5)
        #expect(policy.seatsPerRelease == 40)
        #expect(policy.minimumLeadHours == 24)
    }

    @Test func policiesReadAsOperatorsWriteThem() throws {
        let json = """
            {"windows": [{"weekdays": ["tuesday", "thursday"], "hours": "09:30-12:00"}],
             "releasesPerWeek": 3, "seatsPerRelease": 25, "minimumLeadHours": 48}
            """
        let expected = ReleasePolicy(
            windows: [ReleaseWindow(weekdays: [.tuesday, .thursday], hours: try #require(TimeRange("09:30-12:00")))],
            releasesPerWeek: 3, seatsPerRelease: 25, minimumLeadHours: 48)
        let policy = try JSONDecoder().decode(ReleasePolicy.self, from: Data(json.utf8))
        #expect(policy == expected)
        let again = try JSONDecoder().decode(ReleasePolicy.self, from: JSONEncoder().encode(policy))
        #expect(again == policy)
    }

    @Test func aMistypedWeekdayIsRefused() {
        let json =
            #"{"windows": [{"weekdays": ["wendesday"], "hours": "09:00-12:00"}], "releasesPerWeek": 1, "seatsPerRelease": 1, "minimumLeadHours": 24}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ReleasePolicy.self, from: Data(json.utf8)) }
    }

    /// The limits an admin's form is held to live here, as `DrawPolicy.problems` for draws.
    @Test func aPolicyOutsideItsLimitsSaysEachProblem() throws {
        let hours = try #require(TimeRange("09:00-12:00"))
        let good = ReleasePolicy(
            windows: [ReleaseWindow(weekdays: [.monday], hours: hours)], releasesPerWeek: 3, seatsPerRelease: 20,
            minimumLeadHours: 48, lotteryMinutes: 30)
        #expect(good.problems.isEmpty)
        let bad = ReleasePolicy(
            windows: [ReleaseWindow(weekdays: [], hours: hours)], releasesPerWeek: 51, seatsPerRelease: 0,
            minimumLeadHours: 337, lotteryMinutes: -1)
        #expect(bad.problems == [.weekdays, .releasesPerWeek, .seatsPerRelease, .minimumLeadHours, .lotteryMinutes])
        let none = ReleasePolicy(
            windows: [], releasesPerWeek: 1, seatsPerRelease: 1, minimumLeadHours: 0, lotteryMinutes: 0)
        #expect(none.problems == [.windows])
        let edges = ReleasePolicy(
            windows: [ReleaseWindow(weekdays: [.friday], hours: hours)], releasesPerWeek: 50, seatsPerRelease: 1000,
            minimumLeadHours: 336, lotteryMinutes: 240)
        #expect(edges.problems.isEmpty)
    }
}
