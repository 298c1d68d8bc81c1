import Fluent
import GuichetCore
import Vapor

/// The CSV exports of the back office: `GET /agent/stats.csv` for supervisors (the weekly statistics, same
/// `?weeks=&until=` as `/stats`) and `GET /agent/counters/{counter}/day.csv?date=YYYY-MM-DD` for agents (the
/// appointments of a counter's day, with names: personal data, so behind the login).
func statsCSVRoutes(supervisors: any RoutesBuilder, agents: any RoutesBuilder) {
    supervisors.get(SiteURL.agentStatsCSV.pathComponents, use: StatsCSVController.weekly)
    agents.get(SiteURL.agentCounterDayCSV.pathComponents, use: StatsCSVController.counterDay)
}

enum StatsCSVController {
    /// Answers `GET /agent/stats.csv`.
    @Sendable
    static func weekly(req: Request) async throws -> Response {
        let period = StatsPages.period(req)
        let figures = try await WeeklyStatistics.figures(for: period, on: req.db)
        let name = "guichet-stats-\(period.weeks.first!.monday.iso)-\(period.weeks.last!.sunday.iso).csv"
        return csv(StatsCSV.weekly(figures), filename: name)
    }

    /// Answers `GET /agent/counters/{counter}/day.csv?date=YYYY-MM-DD`.
    @Sendable
    static func counterDay(req: Request) async throws -> Response {
        let counterID = req.parameters.get("counter") ?? ""
        guard let date = req.query[String.self, at: "date"].flatMap(CivilDate.init(iso:)) else {
            throw RequestError.invalid(
                "date", fr: "Donnez la date au format AAAA-MM-JJ.", en: "Give the date as YYYY-MM-DD.")
        }
        guard try await Counter.find(counterID, on: req.db) != nil else { throw RequestError.notFound }
        let rows = try await CounterDaySheet.rows(
            counterID: counterID, date: date, language: Language.of(req), on: req.db)
        return csv(StatsCSV.counterDay(rows), filename: "guichet-\(counterID)-\(date.iso).csv")
    }

    static func csv(_ text: String, filename: String) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(
            type: "text", subType: "csv", parameters: ["charset": "utf-8", "header": "present"])
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename)\"")
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: .ok, headers: headers, body: .init(string: text))
    }
}

/// The appointments of one counter's day, in time order: the people expected and what became of them.
enum CounterDaySheet {
    /// Pending holds, expired holds and cancellations are not on the sheet: nobody is expected for them.
    static let statuses: [AppointmentStatus] = [.confirmed, .checkedIn, .served, .noShow, .rejected]

    static func rows(
        counterID: String, date: CivilDate, language: Language,
        on db: any Database
    ) async throws -> [StatsCSV.CounterDayRow] {
        let start = ParisTime.instant(date: date, minuteOfDay: 0)
        let end = ParisTime.instant(date: date.adding(days: 1), minuteOfDay: 0)
        let appointments = try await Appointment.query(on: db)
            .join(Slot.self, on: \Appointment.$slot.$id == \Slot.$id)
            .filter(Slot.self, \.$counter.$id == counterID)
            .filter(Slot.self, \.$startsAt >= start).filter(Slot.self, \.$startsAt < end)
            .filter(\.$status ~~ statuses)
            .sort(Slot.self, \.$startsAt).sort(\.$familyName)
            .all()
        let procedures = try await Procedure.query(on: db).all()
        let names = Dictionary(uniqueKeysWithValues: procedures.map { ($0.id!, $0.name(language)) })
        return try appointments.map { appointment in
            let startsAt = try appointment.joined(Slot.self).startsAt
            let name =
                appointment.givenNames.isEmpty
                ? appointment.familyName : "\(appointment.familyName), \(appointment.givenNames)"
            return StatsCSV.CounterDayRow(
                time: DateText.time(startsAt), name: name,
                procedure: names[appointment.$procedure.id] ?? appointment.$procedure.id,
                status: appointment.status.rawValue, channel: appointment.channel)
        }
    }
}
