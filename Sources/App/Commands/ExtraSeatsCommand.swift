import GuichetCore
import Vapor

/// `guichet extra-seats`: a supervisor's "open extra seats" for operators, until the back-office has its page.
struct ExtraSeatsCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "counter", help: "Counter id (e.g. mtp-1).")
        var counter: String?
        @Option(name: "from", help: "First day, YYYY-MM-DD.")
        var from: String?
        @Option(name: "through", help: "Last day, YYYY-MM-DD.")
        var through: String?
        @Option(name: "seats", help: "Seats to add to each existing slot.")
        var seats: Int?
        @Option(name: "hours", help: "Extra opening hours, HH:MM-HH:MM: new one-seat slots each day.")
        var hours: String?
        @Flag(
            name: "release-now",
            help: "Put the seats on offer at once, into a lottery like a release's, instead of with the next release.")
        var releaseNow: Bool
        @Flag(
            name: "first-come",
            help: "With --release-now: first come, first served, no lottery (seats that are not scarce; audited).")
        var firstCome: Bool
        @Option(name: "by", help: "Who asks, for the audit log (default: operator).")
        var by: String?
    }

    var help: String { "Opens extra seats at a counter: more capacity on its slots, or new slots in extra hours." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let counter = signature.counter, let from = signature.from.flatMap(CivilDate.init(iso:)),
            let through = signature.through.flatMap(CivilDate.init(iso:))
        else {
            throw ConfigError("--counter, --from and --through (YYYY-MM-DD) are required")
        }
        let kind: ExtraSeats.Kind
        switch (signature.seats, signature.hours.flatMap(TimeRange.init)) {
        case (let seats?, nil): kind = .capacity(seats: seats)
        case (nil, let range?): kind = .hours(range)
        default: throw ConfigError("give either --seats N or --hours HH:MM-HH:MM")
        }
        guard !signature.firstCome || signature.releaseNow else {
            throw ConfigError("--first-come goes with --release-now")
        }
        let app = context.application
        let outcome = try await ExtraSeats(db: app.db, services: app.guichet)
            .open(
                counterID: counter, from: from, through: through, kind: kind, releaseNow: signature.releaseNow,
                firstCome: signature.firstCome, actor: signature.by ?? "operator")
        context.console.print("\(outcome.seatsAdded) extra seats at \(counter); \(outcome.seatsReleased) on offer now.")
        for lottery in outcome.lotteries {
            context.console.print(
                "  \(lottery.seats) in lottery \(lottery.id), drawn at \(ParisTime.iso8601(lottery.drawnAt)); "
                    + "every request made before then has the same chance.")
        }
    }
}
