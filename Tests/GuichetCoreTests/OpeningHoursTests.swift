import Foundation
import GuichetCore
import Testing

@Suite struct OpeningHoursTests {
    @Test(arguments: [
        ("09:00-12:00", 540, 720), ("13:30-16:00", 810, 960), ("00:00-24:00", 0, 1440), ("23:59-24:00", 1439, 1440),
    ])
    func parsesRanges(text: String, start: Int, end: Int) throws {
        let range = try #require(TimeRange(text))
        #expect(range.startMinute == start)
        #expect(range.endMinute == end)
        #expect(range.text == text)
        #expect(TimeRange(startMinute: start, endMinute: end) == range)
    }

    @Test(arguments: [
        "12:00-09:00", "09:00-09:00", "9:00-12:00", "09:00 - 12:00", "09:00-12:60", "24:00-24:00", "09:00-24:01",
        "25:00-26:00", "09h00-12h00", "09:00-12:00-13:00", "09:00", "", "-1:00-02:00", "09:00-12:0０",
    ])
    func refusesMalformedOrEmptyRanges(text: String) {
        #expect(TimeRange(text) == nil)
    }

    @Test func refusesOutOfDayMinutes() {
        #expect(TimeRange(startMinute: -1, endMinute: 60) == nil)
        #expect(TimeRange(startMinute: 0, endMinute: 1441) == nil)
        #expect(TimeRange(startMinute: 1440, endMinute: 1440) == nil)
    }

    @Test func weeklyHoursDecodeFromTheConfigurationShape() throws {
        let json = #"{"monday": ["13:30-16:00", "09:00-12:00"], "wednesday": ["09:00-12:00"], "sunday": []}"#
        let hours = try JSONDecoder().decode(WeeklyHours.self, from: Data(json.utf8))
        #expect(hours.ranges(on: .monday).map(\.text) == ["09:00-12:00", "13:30-16:00"])
        #expect(hours.ranges(on: .wednesday).map(\.text) == ["09:00-12:00"])
        #expect(hours.ranges(on: .tuesday).isEmpty)
        #expect(hours.ranges(on: .sunday).isEmpty)
    }

    @Test func weeklyHoursEncodeAsDayNamesAndRoundTrip() throws {
        let hours = WeeklyHours([
            .friday: [try #require(TimeRange("09:00-12:00"))],
            .monday: [try #require(TimeRange("13:30-16:00")), try #require(TimeRange("09:00-12:00"))],
        ])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(hours), as: UTF8.self)
        #expect(json == #"{"friday":["09:00-12:00"],"monday":["09:00-12:00","13:30-16:00"]}"#)
        #expect(try JSONDecoder().decode(WeeklyHours.self, from: Data(json.utf8)) == hours)
    }

    @Test(arguments: [
        #"{"wendesday": ["09:00-12:00"]}"#,
        #"{"Monday": ["09:00-12:00"]}"#,
        #"{"monday": ["09:00-12:00", "11:00-13:00"]}"#,
        #"{"monday": ["9-12"]}"#,
        #"{"monday": "09:00-12:00"}"#,
    ])
    func weeklyHoursRefuseTyposOverlapsAndBadRanges(json: String) {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(WeeklyHours.self, from: Data(json.utf8)) }
    }

    @Test func adjacentSessionsDoNotOverlap() throws {
        let hours = WeeklyHours([
            .monday: [try #require(TimeRange("09:00-12:00")), try #require(TimeRange("12:00-13:00"))]
        ])
        #expect(hours.overlappingDays.isEmpty)
    }

    @Test func equalWeeksCompareEqualWhateverTheInputOrder() throws {
        let morning = try #require(TimeRange("09:00-12:00"))
        let afternoon = try #require(TimeRange("13:30-16:00"))
        #expect(
            WeeklyHours([.monday: [morning, afternoon], .tuesday: []]) == WeeklyHours([.monday: [afternoon, morning]]))
    }

    @Test func closureContainsItsBoundsInclusive() throws {
        let closure = Closure(
            from: try #require(CivilDate(iso: "2026-08-10")), through: try #require(CivilDate(iso: "2026-08-14")),
            reason: "Travaux")
        #expect(!closure.contains(try #require(CivilDate(iso: "2026-08-09"))))
        #expect(closure.contains(try #require(CivilDate(iso: "2026-08-10"))))
        #expect(closure.contains(try #require(CivilDate(iso: "2026-08-12"))))
        #expect(closure.contains(try #require(CivilDate(iso: "2026-08-14"))))
        #expect(!closure.contains(try #require(CivilDate(iso: "2026-08-15"))))
    }

    @Test func reversedClosureContainsNothing() throws {
        let closure = Closure(
            from: try #require(CivilDate(iso: "2026-08-14")), through: try #require(CivilDate(iso: "2026-08-10")),
            reason: "Typo")
        #expect(!closure.contains(try #require(CivilDate(iso: "2026-08-12"))))
    }

    @Test func closureCodesWithISODates() throws {
        let closure = Closure(
            from: try #require(CivilDate(iso: "2026-08-10")), through: try #require(CivilDate(iso: "2026-08-14")),
            reason: "Formation")
        let data = try JSONEncoder().encode(closure)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: String])
        #expect(object == ["from": "2026-08-10", "through": "2026-08-14", "reason": "Formation"])
        #expect(try JSONDecoder().decode(Closure.self, from: data) == closure)
    }
}
