import Fluent
import GuichetCore
import Vapor

/// `/agent/races` (supervisors): for every release, lottery and draw of the last weeks, how fast its seats went,
/// how many askers came in the first seconds and how many seats went to bookings later flagged; procedures whose
/// releases run out in under a minute are named, with the advice to move them to a daily draw.
enum SpeedRacePages {
    static let path = SiteURL.agentRaces.path()
    static let days = 28

    struct Row: Encodable {
        let when: String
        let procedure: String
        let kind: String
        let seats: Int
        let asks: Int
        let secondsToLastSeat: String
        let earlyShare: String
        let flaggedShare: String
        let race: Bool
    }

    struct RacingProcedure: Encodable {
        let id: String
        let name: String
        let median: String
    }

    struct Content: Encodable {
        let rows: [Row]
        let racing: [RacingProcedure]
        let days: Int
    }

    /// Answers `GET /agent/races`.
    @Sendable
    static func page(req: Request) async throws -> Response {
        let language = Language.of(req)
        let reference = try await req.guichet.reference.get(on: req.db)
        let measured = try await SpeedRaces.measure(since: since(req), on: req.db)
        let rows = measured.map { item in
            Row(
                when: DateText.moment(item.instant, language),
                procedure: reference.procedures[item.procedureID]?.name(language) ?? item.procedureID,
                kind: kindName(item.kind, language), seats: item.race.seats, asks: item.race.asks,
                secondsToLastSeat: item.race.secondsToLastSeat.map { seconds($0, language) } ?? "—",
                earlyShare: item.race.earlyShare.map { StatsPages.percent($0, language) } ?? "—",
                flaggedShare: item.race.flaggedShare.map { StatsPages.percent($0, language) } ?? "—",
                race: item.race.isRace)
        }
        return try await Page.render(
            req, "agent/races",
            Content(
                rows: rows, racing: try await racing(req, measured),
                days: days))
    }

    /// Procedures whose first-come releases of the last weeks ran out, at the median, in under a minute.
    static func racing(_ req: Request, _ measured: [SpeedRaces.Measured]? = nil) async throws -> [RacingProcedure] {
        let language = Language.of(req)
        let reference = try await req.guichet.reference.get(on: req.db)
        let all: [SpeedRaces.Measured]
        if let measured { all = measured } else { all = try await SpeedRaces.measure(since: since(req), on: req.db) }
        let byProcedure = Dictionary(grouping: all.filter { $0.kind == "release" }, by: \.procedureID)
        return byProcedure.sorted { $0.key < $1.key }.compactMap { id, items in
            let races = items.map(\.race)
            guard SpeedRace.racing(races), let median = SpeedRace.medianSecondsToLastSeat(races) else { return nil }
            return RacingProcedure(
                id: id, name: reference.procedures[id]?.name(language) ?? id,
                median: seconds(median, language))
        }
    }

    private static func since(_ req: Request) -> Date {
        req.guichet.clock.now().addingTimeInterval(-Double(days) * 86_400)
    }

    static func kindName(_ kind: String, _ language: Language) -> String {
        switch kind {
        case "release": Localized(fr: "Publication, premier arrivé", en: "Release, first come")(language)
        case DrawKind.releaseLottery.rawValue:
            Localized(fr: "Publication et tirage au sort", en: "Release and lottery")(language)
        default: Localized(fr: "Tirage", en: "Draw")(language)
        }
    }

    /// "4 s", "12 min", "3 h 05".
    static func seconds(_ value: Double, _ language: Language) -> String {
        let total = Int(value.rounded())
        if total < 120 { return "\(total) s" }
        if total < 7200 { return "\(total / 60) min" }
        return String(format: "%d h %02d", total / 3600, (total / 60) % 60)
    }
}
