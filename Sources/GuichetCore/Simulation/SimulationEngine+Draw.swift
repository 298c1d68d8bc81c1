import Foundation

/// Draw mode: requests collected all week (or standing from one working day's draw to the next under `daily-draw`),
/// then the production `Draw.allocate` when the window closes.
extension SimulationEngine {
    enum Ticket {
        case applicant(Int)
        /// A scalper's request in a buyer's name (the buyer's own request withdrawn: one per identity).
        case buyer(Int, operation: Int)
        /// A request under one of the scalper's own identities. A seat won this way is bound to that identity (the
        /// counter checks the ID document) and cannot be resold: the only resale is a request made in the buyer's
        /// name beforehand.
        case speculative(operation: Int, serial: Int)

        var isGenuine: Bool {
            if case .applicant = self { return true }
            return false
        }
    }

    /// Requests and wins per tier, to compare a scalper's request with the genuine ones it actually competed with:
    /// inside one tier only the HMAC order counts.
    struct TierTally {
        private var genuine = [Int](repeating: 0, count: DrawTier.allCases.count)
        private var genuineWins = [Int](repeating: 0, count: DrawTier.allCases.count)
        private var scalper = [Int](repeating: 0, count: DrawTier.allCases.count)
        private var scalperWins = [Int](repeating: 0, count: DrawTier.allCases.count)

        mutating func enter(_ tier: DrawTier, genuine isGenuine: Bool) {
            if isGenuine { genuine[tier.rawValue] += 1 } else { scalper[tier.rawValue] += 1 }
        }

        mutating func win(_ tier: DrawTier, genuine isGenuine: Bool) {
            if isGenuine { genuineWins[tier.rawValue] += 1 } else { scalperWins[tier.rawValue] += 1 }
        }

        /// The scalpers' wins in tiers that genuine requests were also in, and what their requests would have won
        /// there at those genuine requests' odds.
        func scalperWinsAtSameTierOdds() -> (wins: Int, atGenuineOdds: Double) {
            var wins = 0
            var atGenuineOdds = 0.0
            for tier in DrawTier.allCases where genuine[tier.rawValue] > 0 {
                let index = tier.rawValue
                wins += scalperWins[index]
                atGenuineOdds += Double(scalper[index] * genuineWins[index]) / Double(genuine[index])
            }
            return (wins, atGenuineOdds)
        }
    }

    func runDraw() {
        settle(until: now)
        if isMeasured(now) { details.draws += 1 }
        let seats = plannedSeats(
            from: now + Double(p.minimumLeadHours) * 3600,
            through: now + Double(p.horizonDays) * SimulationWorld.day)
        guard let firstSeat = seats.first.map({ world.seats[$0].date }) else { return }
        for operation in activeOperations { enterTickets(operation) }

        var requests: [DrawRequest] = []
        var owners: [String: (ticket: Ticket, tier: DrawTier)] = [:]
        var tally = TierTally()
        func enter(_ number: String, _ tier: DrawTier, _ unavailable: [Weekday], _ ticket: Ticket) {
            requests.append(DrawRequest(number: number, tier: tier, unavailableWeekdays: unavailable))
            owners[number] = (ticket, tier)
            tally.enter(tier, genuine: ticket.isGenuine)
        }
        for person in waiting.sorted() where people[person].operation < 0 {
            let profile = world.applicants[person]
            enter(
                "A\(person)", tier(declaring: profile.expiry, firstSeat: firstSeat), profile.unavailable,
                .applicant(person))
        }
        let genuine = requests.count
        for operation in activeOperations {
            for person in operations[operation].orders {
                let profile = world.applicants[person]
                enter(
                    "B\(person)", tier(declaring: profile.expiry, firstSeat: firstSeat), profile.unavailable,
                    .buyer(person, operation: operation))
            }
            // A speculative identity declares an expiry on the day of the first seat, to claim the top tier. Under
            // `draw-priority` the date is only checked at the counter, where that identity never shows up; under
            // `daily-draw` the agent checking the permit's scan before the draw finds no such permit.
            for serial in operations[operation].tickets {
                enter(
                    "S\(serial)", tier(declaring: firstSeat, firstSeat: firstSeat, truthful: false), [],
                    .speculative(operation: operation, serial: serial))
            }
        }
        let scalperTickets = requests.count - genuine

        var generator = random.generator
        let seed = Draw.newSeed(using: &generator)
        random.generator = generator
        let offered = seats.map { seat in
            DrawSeat(
                slotID: seat, seat: 0, counterID: world.seats[seat].counterID,
                start: Date(timeIntervalSince1970: world.seats[seat].start))
        }

        var genuineWins = 0
        var scalperWins = 0
        for allocation in Draw.allocate(requests: requests, seats: offered, seed: seed) {
            guard let (ticket, tier) = owners[allocation.requestNumber] else { continue }
            tally.win(tier, genuine: ticket.isGenuine)
            switch ticket {
            case .applicant(let person):
                take(allocation.slotID, for: .applicant(person))
                genuineWins += 1
            case .buyer(let person, let operation):
                deliver(allocation.slotID, to: person, by: operation)
                scalperWins += 1
            case .speculative(let operation, let serial):
                operations[operation].tickets.removeAll { $0 == serial }
                take(allocation.slotID, for: .scalper(operation))
                scalperWins += 1
            }
        }
        if isMeasured(now) {
            details.genuineAttempts += genuine
            details.genuineWins += genuineWins
            details.scalperAttempts += scalperTickets
            details.scalperWins += scalperWins
            if genuine > 0 {
                details.scalperWinsAtGenuineOdds += Double(scalperTickets * genuineWins) / Double(genuine)
            }
            let sameTier = tally.scalperWinsAtSameTierOdds()
            details.scalperWinsComparedInTier += sameTier.wins
            details.scalperWinsAtSameTierOdds += sameTier.atGenuineOdds
        }
    }

    /// The tier a request ends up in: `DrawTier.of` the declared expiry where the policy has tiers, except that a
    /// claim checked before the draw and found false (`truthful: false`) keeps the normal tier.
    func tier(declaring expiry: CivilDate?, firstSeat: CivilDate, truthful: Bool = true) -> DrawTier {
        guard policy.hasPriorityTiers else { return .other }
        let claimed = DrawTier.of(permitExpiry: expiry, firstSeat: firstSeat)
        return policy.verifiesClaimedTier && !truthful ? .other : claimed
    }

    /// In its first four weeks in the market an operation tries the old playbook: it fills its capacity with requests
    /// (draws) or tickets (`release-lottery`) under its own identities (each bought: the email key and identity key
    /// allow one per identity), hoping to sell what they win. After that it has seen that such seats cannot be sold
    /// and only enters requests for buyers lined up beforehand.
    func enterTickets(_ operation: Int) {
        guard operations[operation].periodsInMarket == 0 else {
            operations[operation].tickets = []
            return
        }
        let room = p.seatsPerOperation - operations[operation].workload
        guard room > 0 else { return }
        for _ in 0..<room {
            fakeSerial += 1
            operations[operation].tickets.append(fakeSerial)
        }
        ensureIdentities(operation)
    }
}
