import Fluent
import Foundation
import GuichetCore
import Logging
import SQLKit

/// Extra seats opened by a supervisor in one action: more capacity on a counter's existing slots, or new slots in
/// extra hours. They are planned seats: the next release or draw offers them, unless `releaseNow` puts them on offer
/// at once. Put on offer at once, they go the way a release's seats go: into the lottery of a procedure the counter
/// serves (its open one, or a new one committed to now), first come only where the policy has no lottery, or where
/// the supervisor says so (`firstCome`: seats that are not scarce, e.g. an afternoon opened for a backlog already
/// served; audited as such). A counter whose seats are given by a draw or at a walk-in desk has no "at once": the next
/// draw offers them.
struct ExtraSeats: Sendable {
    let db: any Database
    let services: GuichetServices

    enum Kind: Sendable {
        /// `seats` more on every open future slot of the counter in the date range.
        case capacity(seats: Int)
        /// New one-seat slots of the counter's appointment length in these hours, each day of the range.
        case hours(TimeRange)
    }

    struct Outcome: Sendable, Equatable {
        let seatsAdded: Int
        let seatsReleased: Int
        /// The lotteries that took released seats, with their seats and when each is drawn.
        var lotteries: [Lottery] = []
    }

    struct Lottery: Sendable, Equatable {
        let id: String
        let seats: Int
        let drawnAt: Date
    }

    func open(
        counterID: String, from: CivilDate, through: CivilDate, kind: Kind, releaseNow: Bool,
        firstCome: Bool = false, actor: String
    ) async throws -> Outcome {
        let now = services.clock.now()
        guard from <= through, through - from < 62 else {
            throw RequestError.invalid(
                "through", fr: "Période invalide (62 jours au plus).", en: "Invalid period (62 days at most).")
        }
        guard let counter = try await Counter.find(counterID, on: db) else { throw RequestError.notFound }
        let offers = releaseNow ? try await offers(counterID: counterID).map { firstCome ? $0.firstCome : $0 } : []
        let length = try await SlotPlanner.slotLength(counterID: counterID, on: db)
        let draws = DrawService(db: db, services: services, logger: Logger(label: "guichet.extra-seats"))
        let outcome: Outcome = try await db.write(through: services.writeGate) { tx in
            let start = max(now, ParisTime.instant(date: from, minuteOfDay: 0))
            let end = ParisTime.instant(date: through.adding(days: 1), minuteOfDay: 0)
            var touched: [(id: Int, seats: Int)] = []
            switch kind {
            case .capacity(let seats):
                guard seats > 0, seats <= 10 else {
                    throw RequestError.invalid("seats", fr: "Entre 1 et 10 places.", en: "Between 1 and 10 seats.")
                }
                touched = try await SeatLedger.addSeats(seats, counterID: counterID, after: start, end: end, on: tx)
                    .map { ($0, seats) }
            case .hours(let range):
                let hours = WeeklyHours(Dictionary(uniqueKeysWithValues: Weekday.allCases.map { ($0, [range]) }))
                let templates = SlotGenerator.slots(
                    hours: hours, closures: try counter.closures(), lengthMinutes: length,
                    from: from, through: through
                ).filter { $0.start > now }
                for template in templates {
                    let slot = Slot(counterID: counterID, startsAt: template.start, endsAt: template.end, capacity: 1)
                    do {
                        try await slot.create(on: tx)
                    } catch  where UniqueViolation.column(in: error) != nil {
                        throw RequestError.invalid(
                            "hours", fr: "Ces heures recouvrent des créneaux existants.",
                            en: "These hours overlap existing slots.")
                    }
                    touched.append((slot.id!, 1))
                }
            }
            let (released, lotteries) = try await Self.putOnOffer(
                touched, offers: offers, now: now, draws: draws, on: tx)
            let added = touched.reduce(0) { $0 + $1.seats }
            let unlotteried = released - lotteries.map(\.seats).reduce(0, +)
            let into =
                lotteries.map { "\($0.seats) in lottery \($0.id)" }
                + (unlotteried > 0 ? ["\(unlotteried) first come"] : [])
            try await AuditEntry(
                at: now, actor: actor, action: "extra_seats_opened", recordType: "counter",
                recordID: counterID,
                detail: "\(added) seats \(from.iso)…\(through.iso), released now: \(released)"
                    + (into.isEmpty ? "" : " (\(into.joined(separator: ", ")))")
                    + (releaseNow && firstCome ? ", first come as asked" : "")
            ).create(on: tx)
            return Outcome(seatsAdded: added, seatsReleased: released, lotteries: lotteries)
        }
        if outcome.seatsReleased > 0 { services.availability.seatsChanged() }
        return outcome
    }

    /// A procedure the counter serves, and the policy its share of the seats is released under.
    struct Offer: Sendable {
        let procedureID: String
        let policy: ReleasePolicy

        /// The same, without the lottery.
        var firstCome: Offer { Offer(procedureID: procedureID, policy: policy.withoutLottery) }
    }

    /// The release-mode procedures the counter serves, with their policies: whose lotteries the seats go to. Refused
    /// for a counter serving a draw or walk-in procedure, whose seats are never first come.
    private func offers(counterID: String) async throws -> [Offer] {
        let served = try await services.reference.get(on: db).procedures.values
            .filter { !$0.retired && $0.counterIDs.contains(counterID) }.sorted { $0.id < $1.id }
        guard !served.isEmpty, served.allSatisfy({ $0.mode == .release }) else {
            throw RequestError.invalid(
                "release-now",
                fr:
                    "Les places de ce guichet sont attribuées par tirage au sort (ou sans rendez-vous) : le prochain tirage les proposera. Ouvrez-les sans « mettre en ligne maintenant ».",
                en:
                    "This counter's seats are given by a draw (or at a walk-in desk): the next draw offers them. Open them without \"release now\"."
            )
        }
        var offers: [Offer] = []
        for procedure in served {
            guard let record = try await ReleasePolicyRecord.find(procedure.id, on: db) else { continue }
            offers.append(Offer(procedureID: procedure.id, policy: try record.policy()))
        }
        guard !offers.isEmpty else {
            throw RequestError.invalid(
                "release-now", fr: "Aucune politique de mise en ligne pour ce guichet.",
                en: "No release policy for this counter.")
        }
        return offers
    }

    /// Releases the touched slots' seats, the slots shared in turn among the procedures on offer (each procedure's
    /// release takes a shared counter's seats the same way). Returns the seats released and the lotteries given seats.
    private static func putOnOffer(
        _ touched: [(id: Int, seats: Int)],
        offers: [Offer], now: Date,
        draws: DrawService, on tx: any Database
    ) async throws -> (Int, [Lottery]) {
        guard !offers.isEmpty else { return (0, []) }
        var windows: [String: DrawWindow] = [:]
        var seatsByWindow: [String: Int] = [:]
        var released = 0
        for (index, slot) in touched.enumerated() {
            let offer = offers[index % offers.count]
            var lottery = windows[offer.procedureID]
            if lottery == nil, offer.policy.hasLottery {
                lottery = try await ReleaseService.lottery(
                    procedureID: offer.procedureID, policy: offer.policy,
                    now: now, draws: draws, on: tx)
                windows[offer.procedureID] = lottery
            }
            let count = try await SeatLedger.release(
                slotID: slot.id, seats: slot.seats, now: now, lottery: lottery?.id,
                on: tx)
            released += count
            if let id = lottery?.id { seatsByWindow[id, default: 0] += count }
        }
        var lotteries: [Lottery] = []
        for window in windows.values.sorted(by: { $0.id! < $1.id! }) where seatsByWindow[window.id!, default: 0] > 0 {
            try await ReleaseService.settle(window, on: tx)
            lotteries.append(Lottery(id: window.id!, seats: seatsByWindow[window.id!]!, drawnAt: window.closesAt))
        }
        return (released, lotteries)
    }
}
