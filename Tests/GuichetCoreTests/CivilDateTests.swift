import Foundation
import GuichetCore
import Testing

@Suite struct CivilDateTests {
    @Test(arguments: [
        ("1970-01-01", 0, Weekday.thursday),
        ("1969-12-31", -1, .wednesday),
        ("2000-02-29", 11016, .tuesday),
        ("1900-01-01", -25567, .monday),
        ("2200-12-31", 84370, .wednesday),
        ("2026-03-05", 20517, .thursday),
    ])
    func knownDaysSinceEpochAndWeekday(iso: String, days: Int, weekday: Weekday) throws {
        let date = try #require(CivilDate(iso: iso))
        #expect(date.daysSinceEpoch == days)
        #expect(date.weekday == weekday)
        #expect(CivilDate(daysSinceEpoch: days) == date)
        #expect(date.iso == iso)
    }

    @Test func daysSinceEpochRoundTripsEveryDayOfTheAcceptedRange() throws {
        let first = try #require(CivilDate(year: 1900, month: 1, day: 1))
        let last = try #require(CivilDate(year: 2200, month: 12, day: 31))
        var expected = first
        for days in first.daysSinceEpoch...last.daysSinceEpoch {
            let date = CivilDate(daysSinceEpoch: days)
            #expect(date == expected)
            #expect(date.daysSinceEpoch == days)
            // Walk the calendar independently: next day, else first of next month, else first of next year.
            expected =
                CivilDate(year: date.year, month: date.month, day: date.day + 1)
                ?? CivilDate(year: date.year, month: date.month + 1, day: 1)
                ?? CivilDate(year: date.year + 1, month: 1, day: 1)
                ?? date
        }
    }

    @Test(arguments: [
        (2026, 2, 30), (2026, 2, 29), (2100, 2, 29), (2026, 13, 1), (2026, 0, 10), (2026, 4, 31), (2026, 1, 0),
        (1899, 12, 31), (2201, 1, 1),
    ])
    func impossibleDatesAreRefused(year: Int, month: Int, day: Int) {
        #expect(CivilDate(year: year, month: month, day: day) == nil)
    }

    @Test func leapDaysFollowTheGregorianRule() {
        #expect(CivilDate(year: 2000, month: 2, day: 29) != nil)
        #expect(CivilDate(year: 2024, month: 2, day: 29) != nil)
        #expect(CivilDate(year: 1900, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2100, month: 2, day: 29) == nil)
    }

    @Test(arguments: [
        "2026-3-05", "2026-03-5", "26-03-05", "2026/03/05", "2026-03-05T00:00", " 2026-03-05", "2026-03-05 ",
        "２０２６-03-05", "2026-02-30", "+026-03-05", "2026-0a-05", "",
    ])
    func looseOrInvalidISOStringsAreRefused(text: String) {
        #expect(CivilDate(iso: text) == nil)
    }

    @Test func addingDaysCrossesMonthsYearsAndLeapDays() throws {
        let date = try #require(CivilDate(iso: "2024-02-28"))
        #expect(date.adding(days: 1).iso == "2024-02-29")
        #expect(date.adding(days: 2).iso == "2024-03-01")
        #expect(date.adding(days: 366).iso == "2025-02-28")
        #expect(date.adding(days: -59).iso == "2023-12-31")
    }

    @Test func subtractionCountsDaysBetween() throws {
        let a = try #require(CivilDate(iso: "2026-01-01"))
        let b = try #require(CivilDate(iso: "2027-01-01"))
        #expect(b - a == 365)
        #expect(a - b == -365)
        #expect(a - a == 0)
    }

    @Test func ordersChronologically() throws {
        let dates = try ["2026-12-01", "2025-12-31", "2026-01-15", "2026-01-02"].map {
            try #require(CivilDate(iso: $0))
        }
        #expect(dates.sorted().map(\.iso) == ["2025-12-31", "2026-01-02", "2026-01-15", "2026-12-01"])
    }

    @Test func codesAsISOString() throws {
        let date = try #require(CivilDate(iso: "2026-03-05"))
        let data = try JSONEncoder().encode([date])
        #expect(String(decoding: data, as: UTF8.self) == #"["2026-03-05"]"#)
        #expect(try JSONDecoder().decode([CivilDate].self, from: data) == [date])
    }

    @Test func decodingAnInvalidDateThrowsDataCorrupted() {
        #expect {
            try JSONDecoder().decode([CivilDate].self, from: Data(#"["2026-02-30"]"#.utf8))
        } throws: { error in
            guard case DecodingError.dataCorrupted = error else { return false }
            return true
        }
    }

    @Test func weekdayCodesAsLowercaseEnglishName() throws {
        let data = try JSONEncoder().encode(Weekday.allCases)
        #expect(
            String(decoding: data, as: UTF8.self)
                == #"["monday","tuesday","wednesday","thursday","friday","saturday","sunday"]"#)
        #expect(try JSONDecoder().decode([Weekday].self, from: data) == Weekday.allCases)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([Weekday].self, from: Data(#"["Monday"]"#.utf8))
        }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Weekday].self, from: Data("[1]".utf8)) }
    }

    @Test func weekdaysOrderFromMondayToSunday() {
        #expect(Weekday.monday < .tuesday)
        #expect(Weekday.saturday < .sunday)
        #expect(Weekday.allCases.sorted() == Weekday.allCases)
    }
}
