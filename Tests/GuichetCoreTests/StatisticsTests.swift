import Foundation
import GuichetCore
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite struct StatsWeekTests {
    private func paris(_ iso: String, _ hour: Int, _ minute: Int = 0) -> Date {
        ParisTime.instant(date: CivilDate(iso: iso)!, minuteOfDay: hour * 60 + minute)
    }

    @Test func aWeekRunsFromMondayMidnightParisToTheNext() {
        // Sunday 23:30 in Paris is already Monday in no zone that matters here: it belongs to its own week.
        let sundayLate = StatsWeek(containing: paris("2026-11-08", 23, 30))
        #expect(sundayLate.monday.iso == "2026-11-02")
        let mondayMidnight = StatsWeek(containing: paris("2026-11-09", 0))
        #expect(mondayMidnight.monday.iso == "2026-11-09")
        #expect(sundayLate.next == mondayMidnight && mondayMidnight.previous == sundayLate)
        #expect(sundayLate.end == mondayMidnight.start)
        #expect(sundayLate.start == paris("2026-11-02", 0))
        #expect(sundayLate.sunday.iso == "2026-11-08")
    }

    @Test func theSummerTimeWeekIsAnHourShorter() {
        // 29 March 2026 is the last Sunday of March.
        let week = StatsWeek(containing: CivilDate(iso: "2026-03-25")!)
        #expect(week.end.timeIntervalSince(week.start) == 7 * 86_400 - 3600)
    }

    @Test func aPeriodEndsWithTheGivenWeekAndPlacesInstants() {
        let last = StatsWeek(containing: CivilDate(iso: "2026-12-01")!)
        let period = StatsPeriod(count: 3, endingWith: last)
        #expect(period.weeks.map(\.monday.iso) == ["2026-11-16", "2026-11-23", "2026-11-30"])
        #expect(period.week(of: paris("2026-11-16", 0)) == period.weeks[0])
        #expect(period.week(of: paris("2026-12-06", 23, 59)) == last)
        #expect(period.week(of: paris("2026-12-07", 0)) == nil)
        #expect(period.week(of: paris("2026-11-15", 23, 59)) == nil)
        #expect(StatsPeriod(count: 0, endingWith: last).weeks == [last])
    }
}

@Suite struct MedianTests {
    @Test func oddEvenAndEmpty() {
        #expect(Median.of([]) == nil)
        #expect(Median.of([7]) == 7)
        #expect(Median.of([9, 1, 4]) == 4)
        #expect(Median.of([10, 1, 4, 2]) == 3)
    }

    @Test func shareBeforeExpiryNeedsAKnownExpiry() {
        var week = WeeklyFigures(monday: CivilDate(iso: "2026-11-30")!)
        #expect(week.seenBeforeExpiryShare == nil)
        week.attendedWithExpiry = 4
        week.seenBeforeExpiry = 3
        #expect(week.seenBeforeExpiryShare == 0.75)
    }
}

@Suite struct CSVTests {
    @Test func fieldsAreQuotedAndLinesEndWithCRLF() {
        #expect(CSV.line(["a", "b c", ""]) == "\"a\",\"b c\",\"\"\r\n")
        #expect(CSV.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSV.field("line\nbreak, comma") == "\"line\nbreak, comma\"")
        #expect(CSV.document(header: ["h"], rows: [["1"], ["2"]]) == "\"h\"\r\n\"1\"\r\n\"2\"\r\n")
    }

    @Test func formulasAreDefused() {
        for dangerous in ["=HYPERLINK(\"x\")", "+33612345678", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            #expect(CSV.field(dangerous).hasPrefix("\"'"), "\(dangerous)")
        }
        #expect(CSV.field("Benali") == "\"Benali\"")
        #expect(CSV.field("12") == "\"12\"")
        #expect(CSV.field("Ben-Salah") == "\"Ben-Salah\"")
    }

    @Test func weeklyExportHasOneLinePerWeekWithStableColumns() {
        var week = WeeklyFigures(monday: CivilDate(iso: "2026-11-02")!)
        week.seatsReleased = 40
        week.attended = 3
        week.medianWaitDays = 14
        week.seenBeforeExpiry = 1
        week.attendedWithExpiry = 2
        let empty = WeeklyFigures(monday: CivilDate(iso: "2026-11-09")!)
        let lines = StatsCSV.weekly([week, empty]).components(separatedBy: "\r\n")
        #expect(lines.count == 4 && lines[3].isEmpty)
        #expect(lines[0].hasPrefix("\"week_start\",\"week_end\",\"seats_released\""))
        #expect(
            lines[1]
                == "\"2026-11-02\",\"2026-11-08\",\"40\",\"0\",\"0\",\"0\",\"3\",\"0\",\"0\",\"0\",\"14.0\",\"1\",\"2\",\"0.500\""
        )
        #expect(lines[2].hasSuffix(",\"\",\"0\",\"0\",\"\""))
    }

    @Test func counterDaySheetDefusesNames() {
        let text = StatsCSV.counterDay([
            StatsCSV.CounterDayRow(
                time: "09:00", name: "=cmd|' /C calc'!A0", procedure: "Première demande",
                status: "confirmed", channel: "web")
        ])
        #expect(
            text == "\"time\",\"name\",\"procedure\",\"status\",\"channel\"\r\n"
                + "\"09:00\",\"'=cmd|' /C calc'!A0\",\"Première demande\",\"confirmed\",\"web\"\r\n")
    }
}

@Suite struct WeeklyBarChartTests {
    private func chart() -> WeeklyBarChart {
        WeeklyBarChart(
            id: "chart-x", title: "People seen <per week>", summary: "week of 2 Nov: 3",
            bars: [
                .init(label: "2 Nov", value: 3, text: "3"), .init(label: "9 Nov", value: nil, text: "—"),
                .init(label: "16 Nov", value: 6, text: "6"), .init(label: "23 Nov", value: 0, text: "0"),
            ])
    }

    @Test func isAnAccessibleWellFormedImage() throws {
        let svg = chart().svg()
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("role=\"img\" aria-labelledby=\"chart-x-title chart-x-desc\""))
        #expect(svg.contains("<title id=\"chart-x-title\">People seen &lt;per week&gt;</title>"))
        #expect(svg.contains("<desc id=\"chart-x-desc\">week of 2 Nov: 3</desc>"))
        #expect(svg.components(separatedBy: "http").count == 2)
        let parser = XMLParser(data: Data(svg.utf8))
        #expect(parser.parse(), "\(String(describing: parser.parserError))")
    }

    @Test func barsAreScaledAndEveryValueIsWritten() {
        let svg = chart().svg()
        // Two bars drawn (nil and zero have none); the tallest fills the plot.
        #expect(svg.components(separatedBy: "<rect").count == 3)
        #expect(svg.contains("height=\"124.0\""))
        #expect(svg.contains("height=\"62.0\""))
        for text in [">3<", ">—<", ">6<", ">0<", ">2 Nov<", ">23 Nov<"] { #expect(svg.contains(text), "\(text)") }
    }

    @Test func aFixedScaleCapsBars() {
        let svg = WeeklyBarChart(
            id: "p", title: "t", summary: "s", bars: [.init(label: "a", value: 0.5, text: "50%")],
            scaleMax: 1
        ).svg()
        #expect(svg.contains("height=\"62.0\""))
    }
}

@Suite struct RetentionTests {
    private func paris(_ iso: String, _ hour: Int) -> Date {
        ParisTime.instant(date: CivilDate(iso: iso)!, minuteOfDay: hour * 60)
    }

    @Test func cutoffIsCalendarMonthsBackAtTheSameParisTime() {
        #expect(Retention.cutoff(now: paris("2026-12-01", 8), months: 24) == paris("2024-12-01", 8))
        #expect(Retention.cutoff(now: paris("2026-01-15", 8), months: 1) == paris("2025-12-15", 8))
        #expect(Retention.cutoff(now: paris("2026-03-31", 8), months: 1) == paris("2026-02-28", 8))
        #expect(Retention.cutoff(now: paris("2028-03-31", 8), months: 1) == paris("2028-02-29", 8))
        #expect(Retention.cutoff(now: paris("2026-07-10", 14), months: 30) == paris("2024-01-10", 14))
    }
}
