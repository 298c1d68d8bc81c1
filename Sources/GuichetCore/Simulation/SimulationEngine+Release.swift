import Foundation

/// First come first served: seats go on offer and whoever books first gets them.
extension SimulationEngine {
    enum Racer {
        case applicant(Int)
        /// A bot booking stock under one of the operation's identities.
        case stock(Int)
        /// A bot rebooking a seat in the name of a buyer the operation owes one (`fcfs-random`), or booking one
        /// left over after a lottery for a client (release lotteries).
        case order(Int, person: Int)
    }

    func release() {
        settle(until: now)
        let offered: [Int]
        switch policy {
        case .fcfsWeekly:
            // Everything in the horizon at once, at an hour everyone knows.
            offered = plannedSeats(
                from: now + Double(p.minimumLeadHours) * 3600,
                through: now + Double(p.horizonDays) * SimulationWorld.day)
        case .fcfsRandom, .releaseLottery, .releaseLotteryWindow:
            // The production choice: earliest planned seats past the minimum lead, at most `seatsPerRelease`.
            let candidates = plannedSeats(from: now, through: now + Double(p.horizonDays) * SimulationWorld.day)
                .map { PlannedSeats(slotID: $0, start: Date(timeIntervalSince1970: world.seats[$0].start), planned: 1) }
            let chosen = ReleasePlanner.choose(
                candidates: candidates, policy: releasePolicy,
                now: Date(timeIntervalSince1970: now))
            offered = chosen.keys.sorted()
        case .draw, .drawPriority, .dailyDraw:
            return
        }
        guard !offered.isEmpty else { return }
        for seat in offered { planned[seat] = false }
        if policy.isReleaseLottery {
            openLottery(offering: offered)
            return
        }
        offerFirstComeFirstServed(offered)
    }

    /// Seats join those on offer, and everyone who wants one races for them.
    func offerFirstComeFirstServed(_ seats: [Int]) {
        pool = (pool + seats).sorted()
        race()
    }

    /// Planned seats starting in [from, through], in start order.
    func plannedSeats(from: Double, through: Double) -> [Int] {
        var low = settled
        var high = world.seats.count
        while low < high {
            let middle = (low + high) / 2
            if world.seats[middle].start < from { low = middle + 1 } else { high = middle }
        }
        var result: [Int] = []
        var seat = low
        while seat < world.seats.count, world.seats[seat].start <= through {
            if planned[seat] && holders[seat] == .nobody { result.append(seat) }
            seat += 1
        }
        return result
    }

    /// Everyone who wants a seat finds out at their own pace: a bot within seconds, a person at their next look
    /// (or within minutes if they camp on the known hour), and each then needs time to book. Seats go in order of
    /// finished bookings. Resolved at once because nothing else happens in those minutes that would change it.
    func race() {
        let date = today(now)
        let offset = Double(ParisTime.offsetSeconds(at: Date(timeIntervalSince1970: now)))
        var entries: [(time: Double, order: Int, racer: Racer)] = []
        entries.reserveCapacity(waiting.count + 64)
        for person in waiting {
            entries.append(
                (nextLook(person, on: date, offset: offset) + bookingDelay(), entries.count, .applicant(person)))
        }
        let genuine = entries.count
        for operation in activeOperations {
            if policy.releasesAtRandomInstants {
                for person in operations[operation].orders {
                    entries.append((botFinish(), entries.count, .order(operation, person: person)))
                }
            }
            for _ in 0..<wanted(by: operation) {
                entries.append((botFinish(), entries.count, .stock(operation)))
            }
        }
        let bots = entries.count - genuine
        entries.sort { ($0.time, $0.order) < ($1.time, $1.order) }

        var genuineWins = 0
        var botWins = 0
        for entry in entries {
            guard !pool.isEmpty else { break }
            switch entry.racer {
            case .applicant(let person):
                guard people[person].seat < 0, let seat = firstAcceptableSeat(for: person, after: now) else { continue }
                take(seat, for: .applicant(person))
                genuineWins += 1
            case .stock(let operation):
                guard let seat = seatForBot(after: now) else { continue }
                takeStock(seat, for: operation)
                botWins += 1
            case .order(let operation, let person):
                guard people[person].seat < 0, people[person].operation == operation,
                    let seat = firstAcceptableSeat(for: person, after: now)
                else { continue }
                deliver(seat, to: person, by: operation)
                botWins += 1
            }
        }
        if isMeasured(now) {
            details.genuineAttempts += genuine
            details.genuineWins += genuineWins
            details.scalperAttempts += bots
            details.scalperWins += botWins
            if genuine > 0 { details.scalperWinsAtGenuineOdds += Double(bots * genuineWins) / Double(genuine) }
        }
    }

    func botFinish() -> Double {
        now + random.uniform(0, p.pollSeconds) + p.botBookingSeconds
    }

    /// A person's next look at the site: at a random moment while awake (07:00–23:00 Paris), more often once the
    /// permit is about to lapse; campers under the weekly system are already there when the seats appear.
    func nextLook(_ person: Int, on date: CivilDate, offset: Double) -> Double {
        if policy == .fcfsWeekly && world.applicants[person].camper {
            return now + random.uniform(0, p.campingMinutes * 60)
        }
        let perDay = isUrgent(person, on: date) ? p.urgentChecksPerDay : p.checksPerDay
        var awake = random.exponential(mean: 16 * 3600 / perDay)
        // Walk through local days, spending the awake time only between 07:00 and 23:00.
        var local = now + offset
        while true {
            let midnight = (local / SimulationWorld.day).rounded(.down) * SimulationWorld.day
            let second = local - midnight
            if second < 7 * 3600 {
                local = midnight + 7 * 3600
            } else if second >= 23 * 3600 {
                local = midnight + SimulationWorld.day + 7 * 3600
            } else {
                let left = midnight + 23 * 3600 - local
                if awake <= left { return local + awake - offset }
                awake -= left
                local = midnight + SimulationWorld.day + 7 * 3600
            }
        }
    }
}
