import Foundation

/// A release whose seats wait for the lottery at the end of its entry window.
struct OpenLottery {
    let seats: [Int]
    let closes: Double
    /// Genuine applicants with a ticket of their own, in entry order.
    var entrants: [Int] = []
    /// Waiting people, without a scalper, who could have had a ticket: how often people are in a lottery is what
    /// separates the two variants, so it is counted.
    var eligible = 0
}

/// Release lotteries: releases at `ReleasePlanner` instants as under `fcfs-random`, but a release's seats wait
/// `lotteryMinutes` and then go to `Draw.allocate` (one tier). What a lottery leaves is first come, first served until
/// the next release.
///
/// Under `release-lottery`, as in production, a ticket is asked once, at the person's first look at the site, and
/// one that does not win stays for every later lottery; under `release-lottery-window` a person is in a lottery only
/// if they look at the site during its window, and must catch the next window to be in the next one.
extension SimulationEngine {
    func openLottery(offering seats: [Int]) {
        lotteryCount += 1
        var lottery = OpenLottery(seats: seats, closes: now + p.lotteryMinutes * 60)
        if !policy.requestsStand {
            // Nobody knew the instant: a person enters only if their next look at the site comes early enough to
            // finish the form before the window closes. Clients of a scalper are entered by its bots when it is drawn.
            let date = today(now)
            let offset = Double(ParisTime.offsetSeconds(at: Date(timeIntervalSince1970: now)))
            for person in waiting.sorted() where people[person].operation < 0 {
                lottery.eligible += 1
                if nextLook(person, on: date, offset: offset) + bookingDelay() <= lottery.closes {
                    lottery.entrants.append(person)
                }
            }
        }
        lotteries[lotteryCount] = lottery
        clock.schedule(.lottery(lotteryCount), at: lottery.closes)
    }

    /// `release-lottery-window`: someone who starts looking while windows are open finds them at once.
    func enterOpenLotteries(_ person: Int) {
        for id in lotteries.keys.sorted() {
            lotteries[id]!.eligible += 1
            if now + bookingDelay() <= lotteries[id]!.closes { lotteries[id]!.entrants.append(person) }
        }
    }

    /// `release-lottery`: every waiting person without a scalper whose ticket was asked before the close, whether in
    /// this window or weeks ago.
    private func standingTickets(in lottery: inout OpenLottery) {
        for person in waiting.sorted() where people[person].operation < 0 {
            lottery.eligible += 1
            if people[person].ticketAskedAt <= now { lottery.entrants.append(person) }
        }
    }

    func drawLottery(_ id: Int) {
        guard var lottery = lotteries.removeValue(forKey: id) else { return }
        settle(until: now)
        if policy.requestsStand {
            standingTickets(in: &lottery)
            // An operation new to the market tries tickets under its own identities, as in a draw.
            for operation in activeOperations { enterTickets(operation) }
        }
        // One ticket per identity: a person entered on their own, or a scalper's bot entered them, not both. Someone
        // served meanwhile (by an overlapping lottery) is out.
        var requests: [DrawRequest] = []
        var owners: [String: Ticket] = [:]
        var entered = Set<Int>()
        func enter(_ person: Int, _ ticket: Ticket) {
            guard people[person].seat < 0, entered.insert(person).inserted else { return }
            let number = "L\(person)"
            requests.append(
                DrawRequest(
                    number: number, tier: .other,
                    unavailableWeekdays: world.applicants[person].unavailable))
            owners[number] = ticket
        }
        for person in lottery.entrants { enter(person, .applicant(person)) }
        let genuine = requests.count
        for operation in activeOperations {
            for person in operations[operation].orders where people[person].operation == operation {
                enter(person, .buyer(person, operation: operation))
            }
        }
        let clientTickets = requests.count - genuine
        for operation in activeOperations {
            for serial in operations[operation].tickets {
                requests.append(DrawRequest(number: "S\(serial)", tier: .other, unavailableWeekdays: []))
                owners["S\(serial)"] = .speculative(operation: operation, serial: serial)
            }
        }
        let scalperTickets = requests.count - genuine

        var generator = random.generator
        let seed = Draw.newSeed(using: &generator)
        random.generator = generator
        let offered = lottery.seats.map { seat in
            DrawSeat(
                slotID: seat, seat: 0, counterID: world.seats[seat].counterID,
                start: Date(timeIntervalSince1970: world.seats[seat].start))
        }

        var genuineWins = 0
        var clientWins = 0
        var speculativeWins = 0
        for allocation in Draw.allocate(requests: requests, seats: offered, seed: seed) {
            switch owners[allocation.requestNumber] {
            case .applicant(let person):
                take(allocation.slotID, for: .applicant(person))
                genuineWins += 1
            case .buyer(let person, let operation):
                deliver(allocation.slotID, to: person, by: operation)
                clientWins += 1
            case .speculative(let operation, let serial):
                // Bound to an identity nobody will bring to the counter: the seat is wasted.
                operations[operation].tickets.removeAll { $0 == serial }
                take(allocation.slotID, for: .scalper(operation))
                speculativeWins += 1
            case nil:
                break
            }
        }
        let left = lottery.seats.filter { holders[$0] == .nobody }
        if isMeasured(now) {
            details.lotteries += 1
            details.lotteryEligible += lottery.eligible
            details.lotteryEntrants += genuine
            details.lotterySeatsLeft += left.count
            details.genuineAttempts += genuine
            details.genuineWins += genuineWins
            details.scalperAttempts += scalperTickets
            details.scalperWins += clientWins + speculativeWins
            if genuine > 0 {
                details.scalperWinsAtGenuineOdds += Double(scalperTickets * genuineWins) / Double(genuine)
            }
            details.lotteryClientWins += clientWins
            if lottery.eligible > 0 {
                let waitingOdds = Double(genuineWins) / Double(lottery.eligible)
                details.lotteryClientWinsAtWaitingOdds += Double(clientTickets) * waitingOdds
            }
        }
        if !left.isEmpty { offerFirstComeFirstServed(left) }
    }
}
