import Foundation

/// Buyers meeting scalpers, once a day. What a scalper can sell depends on the rules: a held seat that can be handed
/// over at once (old system), a held seat that must go back to `planned` and be won again in a later release
/// (`fcfs-random`), entry in every release lottery in the buyer's own name (`release-lottery-window`), or only a
/// ticket in the buyer's own name that the buyer could have asked for free (draws, `release-lottery`).
extension SimulationEngine {
    func market() {
        expireOrders()
        let open = activeOperations
        guard !open.isEmpty else { return }
        let date = today(now)
        var buyers = waiting.filter { people[$0].operation < 0 && wantsToBuy($0, on: date) }
        buyers.sort()
        random.shuffle(&buyers)
        for person in buyers {
            // A buyer asks around, up to two operations a day; each counts a new customer once a week.
            let isNewThisWeek = people[person].askedInWeek != week
            people[person].askedInWeek = week
            for _ in 0..<2 {
                let operation = open[random.index(open.count)]
                if isNewThisWeek { operations[operation].weekDemand += 1 }
                if sell(to: person, by: operation) { break }
            }
        }
    }

    /// Whether the person would pay the price today: pressed enough (failed for a while, or the permit close to
    /// lapsing), the appointment worth at least the price to them, and the offer better than what they can do for
    /// free. In a draw, or a release lottery whose tickets stand, the only offer is a ticket in their own name, the
    /// same ticket as the one they already have; only the misinformed take it. Under `release-lottery-window` the
    /// offer is a ticket in every lottery, where on their own people have one only in the lotteries whose window they
    /// catch: the service adds the lotteries they would miss, and is worth that share of the appointment to them.
    func wantsToBuy(_ person: Int, on date: CivilDate) -> Bool {
        let profile = world.applicants[person]
        let urgency = urgency(of: person, on: date)
        guard date - profile.arrivalDate >= p.patienceDays || urgency > 0 else { return false }
        let worth = profile.baseWillingness * (1 + (p.desperationMultiplier - 1) * urgency)
        guard worth >= p.resalePrice else { return false }
        if policy.requestsStand { return profile.naive }
        if policy == .releaseLotteryWindow {
            return profile.naive || worth * (1 - windowCatchChance(person, on: date)) >= p.resalePrice
        }
        return true
    }

    /// The chance that a person on their own enters a given release lottery: a look at the site in its window early
    /// enough to finish the form (looks at their usual rate over 16 waking hours; releases fall in the daytime).
    func windowCatchChance(_ person: Int, on date: CivilDate) -> Double {
        let perDay = isUrgent(person, on: date) ? p.urgentChecksPerDay : p.checksPerDay
        let usableSeconds = max(0, p.lotteryMinutes - p.bookingMinutes) * 60
        return 1 - exp(-perDay / (16 * 3600) * usableSeconds)
    }

    /// True when the operation took the buyer on (even if the handoff then failed); false when it had nothing.
    func sell(to person: Int, by operation: Int) -> Bool {
        switch policy {
        case .fcfsWeekly:
            let sellable = operations[operation].stock
                .filter { world.seats[$0].start >= now + Double(p.minimumLeadHours) * 3600 }
            guard let seat = sellable.min() else { return false }
            handOver(seat, to: person, by: operation)
            return true
        case .fcfsRandom:
            // Exact names: the seat must be cancelled and won again in the buyer's name. Cancelled, it goes back to
            // `planned` and only a later release offers it, to everyone.
            guard let seat = operations[operation].stock.min() else { return false }
            cancelStock(seat, of: operation)
            planned[seat] = true
            operations[operation].orders.append(person)
            people[person].operation = operation
            people[person].orderedAt = now
            ensureIdentities(operation)
            return true
        case .releaseLottery, .releaseLotteryWindow:
            // "We book in your own name": the operation's bots enter every lottery in the client's name (one ticket
            // per identity, so it replaces the client's own) and race for leftover seats, paid on delivery. A client
            // takes the place of one of the operation's speculative tickets, as in a draw.
            guard operations[operation].orders.count < p.seatsPerOperation else { return false }
            if let seat = firstAcceptableSeat(for: person, after: now) {
                deliver(seat, to: person, by: operation)
                return true
            }
            if !operations[operation].tickets.isEmpty { operations[operation].tickets.removeLast() }
            operations[operation].orders.append(person)
            people[person].operation = operation
            people[person].orderedAt = now
            ensureIdentities(operation)
            return true
        case .draw, .drawPriority, .dailyDraw:
            // The buyer's own request is withdrawn (one per identity) and the scalper's, in the buyer's name, takes
            // its place; it replaces one of the scalper's speculative tickets.
            guard operations[operation].orders.count < p.seatsPerOperation else { return false }
            if !operations[operation].tickets.isEmpty { operations[operation].tickets.removeLast() }
            operations[operation].orders.append(person)
            people[person].operation = operation
            people[person].orderedAt = now
            ensureIdentities(operation)
            return true
        }
    }

    func cancelStock(_ seat: Int, of operation: Int) {
        operations[operation].stock.removeAll { $0 == seat }
        operations[operation].ownSeats -= 1
        holders[seat] = .nobody
    }

    /// The old trick: cancel the placeholder booking and rebook at once in the buyer's name. The cancelled seat is
    /// back on sale that instant, so it is a race the scalper usually wins (it knows when), unless another bot or a
    /// person books the seat in the gap.
    func handOver(_ seat: Int, to person: Int, by operation: Int) {
        cancelStock(seat, of: operation)
        var winner: SeatHolder?
        var best = now + p.handoffSeconds
        for other in activeOperations where other != operation && wanted(by: other) > 0 {
            let time = now + random.uniform(0, p.pollSeconds) + p.botBookingSeconds
            if time < best {
                best = time
                winner = .scalper(other)
            }
        }
        if !waiting.isEmpty {
            // The first of the waiting people to look, awake at noon, then the time to book.
            let look = random.exponential(mean: 16 * 3600 / (Double(waiting.count) * p.checksPerDay))
            let time = now + look + bookingDelay()
            if time < best {
                let someone = waiting[random.index(waiting.count)]
                if someone != person { winner = .applicant(someone) }
            }
        }
        guard let winner else {
            deliver(seat, to: person, by: operation)
            return
        }
        take(seat, for: winner)
        if case .scalper(let other) = winner {
            operations[other].stock.append(seat)
            ensureIdentities(other)
        }
        if isMeasured(now) { details.failedHandoffs += 1 }
    }

    /// A buyer who has waited `patienceDays` for a rebooking that never came walks away (and pays nothing).
    func expireOrders() {
        guard policy == .fcfsRandom else { return }
        let limit = now - Double(p.patienceDays) * SimulationWorld.day
        for index in operations.indices {
            for person in operations[index].orders where people[person].orderedAt < limit {
                dropOrder(of: person)
            }
        }
    }

    /// Bots see seats left on offer within seconds and take what they still want.
    func topUpFromPool() {
        guard policy.isFirstComeFirstServed else { return }
        var open = activeOperations
        random.shuffle(&open)
        for operation in open {
            for _ in 0..<wanted(by: operation) {
                guard let seat = seatForBot(after: now) else { return }
                takeStock(seat, for: operation)
            }
        }
    }

    /// The latest seat on offer that can still be sold: the longest time to find a buyer.
    func seatForBot(after time: Double) -> Int? {
        pool.last { world.seats[$0].start >= time + Double(p.minimumLeadHours) * 3600 }
    }

    func takeStock(_ seat: Int, for operation: Int) {
        take(seat, for: .scalper(operation))
        operations[operation].stock.append(seat)
        ensureIdentities(operation)
    }

    func bookingDelay() -> Double {
        p.bookingMinutes * 60 * random.uniform(0.5, 1.5)
    }
}
