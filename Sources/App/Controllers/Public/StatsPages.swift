import Fluent
import GuichetCore
import Vapor

/// `/stats`: the public weekly statistics, as a table and as charts (inline SVG), with their definitions.
enum StatsPages {
    static let defaultWeeks = 12
    static let maxWeeks = 26

    struct Row: Encodable {
        let weekStart: String
        let weekLabel: String
        let seatsReleased: Int
        let requests: Int
        let allocated: Int
        let confirmed: Int
        let attended: Int
        let noShows: Int
        let duplicatesRemoved: Int
        let rejected: Int
        let medianWait: String
        let beforeExpiry: String
    }

    struct Chart: Encodable {
        let svg: String
    }

    /// A procedure's releases, lotteries and draws of the last four weeks, summarised (`SpeedRace`).
    struct RaceSummary: Codable, Sendable {
        let procedureID: String
        let kind: String
        let count: Int
        let medianSecondsToLastSeat: Double?
        let earlyShare: Double?
    }

    struct RaceRow: Encodable {
        let procedure: String
        let kind: String
        let count: Int
        let lastSeat: String
        let earlyShare: String
    }

    struct Content: Encodable {
        let races: [RaceRow]
        let rows: [Row]
        let charts: [Chart]
        let weeks: Int
        let weekOptions: [Int]
        let from: String
        let through: String
        let retentionMonths: Int
    }

    /// Answers `GET /stats?weeks=N&until=YYYY-MM-DD`.
    @Sendable
    static func page(req: Request) async throws -> Response {
        let language = Language.of(req)
        let period = Self.period(req)
        let figures = try await Self.figures(for: period, req)
        let rows = figures.map { week in
            Row(
                weekStart: week.monday.iso, weekLabel: DateText.date(week.monday, language),
                seatsReleased: week.seatsReleased, requests: week.requests, allocated: week.allocated,
                confirmed: week.confirmed, attended: week.attended, noShows: week.noShows,
                duplicatesRemoved: week.duplicatesRemoved, rejected: week.rejected,
                medianWait: week.medianWaitDays.map { number($0, language) } ?? "—",
                beforeExpiry: week.seenBeforeExpiryShare.map { percent($0, language) } ?? "—")
        }
        let reference = try await req.guichet.reference.get(on: req.db)
        let races = try await raceSummaries(req).map { summary in
            RaceRow(
                procedure: reference.procedures[summary.procedureID]?.name(language) ?? summary.procedureID,
                kind: SpeedRacePages.kindName(summary.kind, language), count: summary.count,
                lastSeat: summary.medianSecondsToLastSeat.map { SpeedRacePages.seconds($0, language) } ?? "—",
                earlyShare: summary.earlyShare.map { percent($0, language) } ?? "—")
        }
        let content = Content(
            races: races, rows: rows, charts: charts(figures, language).map { Chart(svg: $0.svg()) },
            weeks: period.weeks.count,
            weekOptions: [4, 8, 12, 26], from: DateText.date(period.weeks.first!.monday, language),
            through: DateText.date(period.weeks.last!.sunday, language),
            retentionMonths: req.guichet.config.retentionMonths)
        return try await Page.render(req, "public/stats", content)
    }

    /// The period's figures, from the minute-long cache: a crowd on `/stats` costs the database one computation a
    /// minute per period asked.
    static func figures(for period: StatsPeriod, _ req: Request) async throws -> [WeeklyFigures] {
        let db = req.db
        let key = "\(period.weeks.first!.monday.iso)|\(period.weeks.count)"
        let body = try await req.guichet.statistics.body(for: key) {
            try JSONEncoder().encode(try await WeeklyStatistics.figures(for: period, on: db))
        }
        return try JSONDecoder().decode([WeeklyFigures].self, from: body)
    }

    /// Per procedure and mode, over the last four weeks: how many releases or draws, the median time to the last
    /// seat, and the share of asks in the first ten seconds. From the minute-long cache, as the weekly figures.
    static func raceSummaries(_ req: Request) async throws -> [RaceSummary] {
        let db = req.db
        let since = req.guichet.clock.now().addingTimeInterval(-Double(SpeedRacePages.days) * 86_400)
        let body = try await req.guichet.statistics.body(for: "races") {
            let measured = try await SpeedRaces.measure(since: since, on: db)
            let groups = Dictionary(grouping: measured, by: { "\($0.procedureID)|\($0.kind)" })
            let summaries = groups.values.map { items in
                let asks = items.map(\.race.asks).reduce(0, +)
                let early = items.compactMap { item in item.race.earlyShare.map { $0 * Double(item.race.asks) } }
                    .reduce(0, +)
                return RaceSummary(
                    procedureID: items[0].procedureID, kind: items[0].kind, count: items.count,
                    medianSecondsToLastSeat: SpeedRace.medianSecondsToLastSeat(items.map(\.race)),
                    earlyShare: asks > 0 ? early / Double(asks) : nil)
            }.sorted { ($0.procedureID, $0.kind) < ($1.procedureID, $1.kind) }
            return try JSONEncoder().encode(summaries)
        }
        return try JSONDecoder().decode([RaceSummary].self, from: body)
    }

    /// `?weeks=` (1 to 26, default 12) weeks ending with the week of `?until=` (default: this week). Anything
    /// unreadable falls back to the default rather than failing: the page is for everyone.
    static func period(_ req: Request) -> StatsPeriod {
        let count = req.query[Int.self, at: "weeks"].map { min(maxWeeks, max(1, $0)) } ?? defaultWeeks
        let today = ParisTime.civilDate(of: req.guichet.clock.now())
        let until = req.query[String.self, at: "until"].flatMap(CivilDate.init(iso:)).map { min($0, today) } ?? today
        return StatsPeriod(count: count, endingWith: StatsWeek(containing: until))
    }

    static func charts(_ figures: [WeeklyFigures], _ language: Language) -> [WeeklyBarChart] {
        let t = Catalogue.strings(language)
        func chart(
            _ id: String, _ key: String, scaleMax: Double? = nil,
            _ value: (WeeklyFigures) -> Double?, _ text: (Double) -> String
        ) -> WeeklyBarChart {
            let bars = figures.map { week in
                let v = value(week)
                return WeeklyBarChart.Bar(label: shortDate(week.monday, language), value: v, text: v.map(text) ?? "—")
            }
            let summary = bars.map { "\(t["statsWeekOf"]!) \($0.label) : \($0.text)" }.joined(separator: " ; ")
            return WeeklyBarChart(id: id, title: t[key]!, summary: summary, bars: bars, scaleMax: scaleMax)
        }
        return [
            chart("chart-seats", "statsChartSeats", { Double($0.seatsReleased) }, { String(Int($0)) }),
            chart("chart-attended", "statsChartAttended", { Double($0.attended) }, { String(Int($0)) }),
            chart("chart-wait", "statsChartWait", { $0.medianWaitDays }, { number($0, language) }),
            chart(
                "chart-expiry", "statsChartExpiry", scaleMax: 1, { $0.seenBeforeExpiryShare }, { percent($0, language) }
            ),
        ]
    }

    /// "30 nov." / "30 Nov".
    static func shortDate(_ date: CivilDate, _ language: Language) -> String {
        "\(date.day) \((language == .fr ? frenchMonths : englishMonths)[date.month - 1])"
    }

    private static let frenchMonths = [
        "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.",
        "oct.", "nov.", "déc.",
    ]
    private static let englishMonths = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]

    /// One decimal, in the page's notation: "4,5" / "4.5".
    static func number(_ value: Double, _ language: Language) -> String {
        let text = String(format: "%.1f", value)
        return language == .fr ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    /// "83 %" / "83%".
    static func percent(_ share: Double, _ language: Language) -> String {
        let whole = Int((share * 100).rounded())
        return language == .fr ? "\(whole)\u{202F}%" : "\(whole)%"
    }
}
