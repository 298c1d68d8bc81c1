import Foundation

/// Draw mode: requests collected all week, then the production `Draw.allocate` when the window closes.
extension SimulationEngine {
    enum Ticket {
        case applicant(Int)
        /// A scalper's request in a buyer's name (the buyer's own request withdrawn: one per identity).
        case buyer(Int, operation: Int)
        /// A request under one of the scalper's own identities. A seat won this way is bound to that identity (the
        /// counter checks the ID document) and cannot be resold: the only resale is a request made in the buyer's
        /// name beforehand.
        case speculative(operation: Int, serial: Int)
    }

    func runDraw() {
        settle(until: now)
        let seats = plannedSeats(from: now + Double(p.minimumLeadHours) * 3600,
                                 through: now + Double(p.horizonDays) * SimulationWorld.day)
        guard let firstSeat = seats.first.map({ world.seats[$0].date }) else { return }
        for operation in activeOperations { enterTickets(operation) }

        var requests: [DrawRequest] = []
        var owners: [String: Ticket] = [:]
        func enter(_ number: String, _ tier: DrawTier, _ unavailable: [Weekday], _ ticket: Ticket) {
            requests.append(DrawRequest(number: number, tier: tier, unavailableWeekdays: unavailable))
            owners[number] = ticket
        }
        for person in waiting.sorted() where people[person].operation < 0 {
            let profile = world.applicants[person]
            enter("A\(person)", tier(of: profile.expiry, firstSeat: firstSeat), profile.unavailable, .applicant(person))
        }
        let genuine = requests.count
        for operation in activeOperations {
            for person in operations[operation].orders {
                let profile = world.applicants[person]
                enter("B\(person)", tier(of: profile.expiry, firstSeat: firstSeat), profile.unavailable,
                      .buyer(person, operation: operation))
            }
            // The declared expiry is only checked at the counter, where a speculative identity never shows up, so
            // it claims the top tier.
            for serial in operations[operation].tickets {
                enter("S\(serial)", policy == .drawPriority ? .urgent : .other, [],
                      .speculative(operation: operation, serial: serial))
            }
        }
        let scalperTickets = requests.count - genuine

        var generator = random.generator
        let seed = Draw.newSeed(using: &generator)
        random.generator = generator
        let offered = seats.map { seat in
            DrawSeat(slotID: seat, seat: 0, counterID: world.seats[seat].counterID,
                     start: Date(timeIntervalSince1970: world.seats[seat].start))
        }

        var genuineWins = 0
        var scalperWins = 0
        for allocation in Draw.allocate(requests: requests, seats: offered, seed: seed) {
            guard let ticket = owners[allocation.requestNumber] else { continue }
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
        }
    }

    func tier(of expiry: CivilDate?, firstSeat: CivilDate) -> DrawTier {
        policy == .drawPriority ? DrawTier.of(permitExpiry: expiry, firstSeat: firstSeat) : .other
    }

    /// In its first four weeks in the market an operation tries the old playbook: it fills its capacity with requests
    /// under its own identities (each bought: the email key and identity key allow one request per identity),
    /// hoping to sell what they win. After that it has seen that such seats cannot be sold and only enters requests
    /// for buyers lined up beforehand.
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
