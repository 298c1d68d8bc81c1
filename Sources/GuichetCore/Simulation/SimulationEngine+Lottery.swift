import Foundation

/// A release whose seats wait for the lottery at the end of its entry window.
struct OpenLottery {
    let seats: [Int]
    let closes: Double
    /// Genuine applicants who entered on their own, in entry order.
    var entrants: [Int] = []
    /// Waiting people, without a scalper, who could have entered had they looked in time: how often people catch a
    /// window is the weakness of this policy, so it is counted.
    var eligible = 0
}

/// `release-lottery`: releases at `ReleasePlanner` instants as under `fcfs-random`, but a release's seats go to
/// `Draw.allocate` (one tier) among everyone who asked within `lotteryMinutes` of the instant. What the lottery leaves
/// is first come, first served until the next release.
extension SimulationEngine {
    func openLottery(offering seats: [Int]) {
        lotteryCount += 1
        var lottery = OpenLottery(seats: seats, closes: now + p.lotteryMinutes * 60)
        // Nobody knew the instant: a person enters only if their next look at the site comes early enough to finish
        // the form before the window closes. Clients of a scalper are entered by its bots when it is drawn.
        let date = today(now)
        let offset = Double(ParisTime.offsetSeconds(at: Date(timeIntervalSince1970: now)))
        for person in waiting.sorted() where people[person].operation < 0 {
            lottery.eligible += 1
            if nextLook(person, on: date, offset: offset) + bookingDelay() <= lottery.closes {
                lottery.entrants.append(person)
            }
        }
        lotteries[lotteryCount] = lottery
        clock.schedule(.lottery(lotteryCount), at: lottery.closes)
    }

    /// Someone who starts looking while windows are open finds them at once.
    func enterOpenLotteries(_ person: Int) {
        for id in lotteries.keys.sorted() {
            lotteries[id]!.eligible += 1
            if now + bookingDelay() <= lotteries[id]!.closes { lotteries[id]!.entrants.append(person) }
        }
    }

    func drawLottery(_ id: Int) {
        guard let lottery = lotteries.removeValue(forKey: id) else { return }
        settle(until: now)
        // One ticket per identity: a person entered on their own, or a scalper's bot entered them, not both. Someone
        // served meanwhile (by an overlapping lottery) is out.
        var requests: [DrawRequest] = []
        var owners: [String: Ticket] = [:]
        var entered = Set<Int>()
        func enter(_ person: Int, _ ticket: Ticket) {
            guard people[person].seat < 0, entered.insert(person).inserted else { return }
            let number = "L\(person)"
            requests.append(DrawRequest(number: number, tier: .other,
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
        let scalperTickets = requests.count - genuine

        var generator = random.generator
        let seed = Draw.newSeed(using: &generator)
        random.generator = generator
        let offered = lottery.seats.map { seat in
            DrawSeat(slotID: seat, seat: 0, counterID: world.seats[seat].counterID,
                     start: Date(timeIntervalSince1970: world.seats[seat].start))
        }

        var genuineWins = 0
        var scalperWins = 0
        for allocation in Draw.allocate(requests: requests, seats: offered, seed: seed) {
            switch owners[allocation.requestNumber] {
            case .applicant(let person):
                take(allocation.slotID, for: .applicant(person))
                genuineWins += 1
            case .buyer(let person, let operation):
                deliver(allocation.slotID, to: person, by: operation)
                scalperWins += 1
            case .speculative, nil:
                break
            }
        }
        if isMeasured(now) {
            details.lotteries += 1
            details.lotteryEligible += lottery.eligible
            details.lotteryEntrants += genuine
            details.genuineAttempts += genuine
            details.genuineWins += genuineWins
            details.scalperAttempts += scalperTickets
            details.scalperWins += scalperWins
            if genuine > 0 {
                details.scalperWinsAtGenuineOdds += Double(scalperTickets * genuineWins) / Double(genuine)
            }
            details.lotteryClientWins += scalperWins
            if lottery.eligible > 0 {
                let waitingOdds = Double(genuineWins) / Double(lottery.eligible)
                details.lotteryClientWinsAtWaitingOdds += Double(scalperTickets) * waitingOdds
            }
        }
        let left = lottery.seats.filter { holders[$0] == .nobody }
        if !left.isEmpty { offerFirstComeFirstServed(left) }
    }
}
