import Fluent
import GuichetCore
import Vapor

/// The procedure chooser's pages: what a procedure needs and how to get a seat for it, then (release mode) the
/// days with free seats and their times.
enum ProcedurePages {
    struct Place: Encodable {
        let site: String
        let address: String
        let counter: String
    }

    struct DrawInfo: Encodable {
        let closes: String
        let commitment: String
        /// "every working day at 14:00"
        let cadence: String?
    }

    /// A release's lottery taking tickets now.
    struct LotteryInfo: Encodable {
        let released: String
        let closes: String
        let commitment: String
        let seats: Int
        let documentHref: String
    }

    struct ProcedureContent: Encodable {
        let id: String
        let name: String
        let mode: String
        let documents: [String]
        let walkInRule: String?
        let places: [Place]
        let days: [DayLink]
        let draw: DrawInfo?
        let lottery: LotteryInfo?
        let requestHref: String
    }

    struct DayContent: Encodable {
        let procedureID: String
        let procedureName: String
        let procedureHref: String
        let day: String
        let times: [TimeLink]
    }

    /// Answers `GET /procedures/{procedure}`.
    @Sendable
    static func procedure(req: Request) async throws -> Response {
        let language = Language.of(req)
        let (procedure, counters) = try await req.procedureInPath()
        let now = req.guichet.clock.now()
        var days: [DayLink] = []
        var draw: DrawInfo?
        var lottery: LotteryInfo?
        switch procedure.allocationMode {
        case .release:
            if let window = try await DrawService.openLottery(procedureID: procedure.id!, now: now, on: req.db) {
                let seats = try await SeatLedger.lotterySeats(window: window.id!, on: req.db).count
                lottery = LotteryInfo(
                    released: DateText.moment(window.opensAt, language),
                    closes: DateText.moment(window.closesAt, language), commitment: window.commitment,
                    seats: seats, documentHref: SitePath.draw(window.id!))
            }
            let today = ParisTime.civilDate(of: now)
            days = try await Availability.days(
                procedureID: procedure.id!, from: today,
                through: today.adding(days: Availability.defaultDays - 1), now: now, on: req.db
            )
            .compactMap { day in
                guard let date = CivilDate(iso: day.date) else { return nil }
                return DayLink(
                    href: SitePath.day(procedure.id!, day.date), label: DateText.day(date, language),
                    seats: day.slots.reduce(0) { $0 + $1.remaining })
            }
        case .draw:
            if let window = try await DrawService.openWindow(procedureID: procedure.id!, now: now, on: req.db) {
                let policy = try await DrawPolicyRecord.policy(for: procedure.id!, on: req.db)
                draw = DrawInfo(
                    closes: DateText.moment(window.closesAt, language), commitment: window.commitment,
                    cadence: DateText.cadence(policy, language))
            }
        case .walkIn:
            break
        }
        return try await Page.render(
            req, "public/procedure",
            ProcedureContent(
                id: procedure.id!, name: procedure.name(language), mode: procedure.mode,
                documents: procedure.documents(language),
                walkInRule: language == .fr ? procedure.walkInRuleFR : procedure.walkInRuleEN,
                places: counters.map { Place(site: $0.site.name, address: $0.site.address, counter: $0.name) },
                days: days, draw: draw, lottery: lottery, requestHref: SitePath.requestForm(procedure.id!)))
    }

    /// Answers `GET /procedures/{procedure}/days/{date}`: the free times of one day.
    @Sendable
    static func day(req: Request) async throws -> Response {
        let language = Language.of(req)
        let (procedure, counters) = try await req.procedureInPath()
        guard procedure.allocationMode == .release,
            let raw = req.parameters.get("date"), let date = CivilDate(iso: raw)
        else { throw RequestError.notFound }
        let names = Dictionary(uniqueKeysWithValues: counters.map { ($0.id!, "\($0.site.name) — \($0.name)") })
        let now = req.guichet.clock.now()
        let slots = try await Availability.days(
            procedureID: procedure.id!, from: date, through: date, now: now, on: req.db
        )
        .flatMap(\.slots)
        let times = slots.compactMap { slot -> TimeLink? in
            guard let start = ParisTime.parseISO8601(slot.start) else { return nil }
            return TimeLink(
                href: SitePath.book(procedure.id!, slot: slot.id), time: DateText.time(start),
                place: names[slot.counter] ?? slot.counter, seats: slot.remaining)
        }
        return try await Page.render(
            req, "public/day",
            DayContent(
                procedureID: procedure.id!, procedureName: procedure.name(language),
                procedureHref: SitePath.procedure(procedure.id!), day: DateText.day(date, language), times: times))
    }
}
