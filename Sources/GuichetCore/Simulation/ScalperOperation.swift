/// One scalper operation (a cybercafé with bots, a group on a messaging app): its stock, its customers, its books.
struct ScalperOperation {
    var active = true
    /// Buyers per week it expects, from the customers it saw (served or turned away): how much stock to hold.
    var expectedWeeklyDemand: Double
    var weekDemand = 0
    /// Seats held under its own identities, for resale (first come first served).
    var stock: [Int] = []
    /// Buyers waiting for delivery: paid handoffs not yet rebooked (`fcfs-random`), clients entered in every
    /// release lottery, or requests lined up in the buyer's name for the next draw.
    var orders: [Int] = []
    /// Draw requests or standing lottery tickets under its own identities still waiting (each bought at
    /// `identityCost`), by serial.
    var tickets: [Int] = []
    /// Seats held under its own identities: stock, and draw or lottery wins that cannot be sold.
    var ownSeats = 0
    /// Seats delivered to buyers but booked with its mailboxes (the confirmation code had to reach the scalper),
    /// until the appointment has passed.
    var deliveredSeats = 0
    /// Identities bought so far; one is free again once its booking or request is gone.
    var identities = 0
    var periodRevenue = 0.0
    var periodCosts = 0.0
    /// Four-week periods since it (re-)entered the market: 0 while it is still finding out what sells.
    var periodsInMarket = 0

    init(expectedWeeklyDemand: Double) {
        self.expectedWeeklyDemand = expectedWeeklyDemand
    }

    /// Stock for a week of expected demand and a quarter more, as a shop would keep.
    var targetStock: Int {
        Int((1.25 * expectedWeeklyDemand).rounded(.up))
    }

    var identitiesInUse: Int {
        ownSeats + deliveredSeats + orders.count + tickets.count
    }

    /// What its bots and staff are working on at once, bounded by `seatsPerOperation`: seats and tickets it holds,
    /// buyers it still owes a seat. Delivered seats are the buyer's problem.
    var workload: Int {
        ownSeats + orders.count + tickets.count
    }

    /// Smoothed over about three weeks, so one quiet week does not empty the shelves.
    mutating func reviewWeek() {
        expectedWeeklyDemand = 0.6 * expectedWeeklyDemand + 0.4 * Double(weekDemand)
        weekDemand = 0
    }
}

extension SimulationEngine {
    var activeOperations: [Int] {
        operations.indices.filter { operations[$0].active }
    }

    /// Seats an operation's bots go after at a release: up to its target stock (counting buyers it must still
    /// rebook for), within what it can handle at once.
    func wanted(by operation: Int) -> Int {
        let op = operations[operation]
        guard op.active, policy.scalpersKeepStock else { return 0 }
        let room = p.seatsPerOperation - op.workload
        return max(0, min(op.targetStock - op.stock.count - op.orders.count, room))
    }

    func spend(_ operation: Int, _ amount: Double) {
        operations[operation].periodCosts += amount
        if isMeasured(now) { details.costs += amount }
    }

    func earn(_ operation: Int, _ amount: Double) {
        operations[operation].periodRevenue += amount
        if isMeasured(now) {
            details.revenue += amount
            details.sales += 1
        }
    }

    /// Buys identities when the rules make each booking or request need its own; under the old rules one mailbox
    /// with "+tag" addresses and placeholder names does for everything.
    func ensureIdentities(_ operation: Int) {
        let inUse = operations[operation].identitiesInUse
        let needed = distinctIdentities ? inUse : min(1, inUse)
        let missing = needed - operations[operation].identities
        guard missing > 0 else { return }
        operations[operation].identities += missing
        spend(operation, Double(missing) * p.identityCost)
    }

    /// The buyer hands over the money and gets the seat in their own name.
    func deliver(_ seat: Int, to person: Int, by operation: Int) {
        if people[person].operation >= 0 { dropOrder(of: person) }
        take(seat, for: .buyer(person, operation: operation))
        earn(operation, p.resalePrice)
        ensureIdentities(operation)
    }

    func dropOrder(of person: Int) {
        let operation = people[person].operation
        guard operation >= 0 else { return }
        operations[operation].orders.removeAll { $0 == person }
        people[person].operation = -1
    }

    /// Every four weeks each operation looks at its books. One that lost money (or made none) leaves; one outside
    /// comes in when those inside made money on average, or now and then to test the water. Everyone starts inside:
    /// they were all in business under the old system.
    func reviewOperations(week: Int) {
        if week > 0 {
            let profits = operations.map { $0.periodRevenue - $0.periodCosts }
            let inside = activeOperations.map { profits[$0] }
            let market = inside.isEmpty ? 0 : inside.reduce(0, +) / Double(inside.count)
            for index in operations.indices {
                if operations[index].active {
                    operations[index].periodsInMarket += 1
                    if profits[index] <= 0 { shutDown(index) }
                } else if market > 0 || random.chance(p.probeProbability) {
                    operations[index].active = true
                    operations[index].periodsInMarket = 0
                    operations[index].expectedWeeklyDemand = p.initialWeeklySales
                }
            }
        }
        for index in operations.indices {
            operations[index].periodRevenue = 0
            operations[index].periodCosts = 0
            if operations[index].active { spend(index, p.operationMonthlyCost) }
        }
        if isMeasured(now) {
            measuredPeriods += 1
            activeOperationPeriods += activeOperations.count
        }
    }

    /// Leaving drops the customers and the pending requests; seats already held are abandoned (nobody comes).
    func shutDown(_ operation: Int) {
        operations[operation].active = false
        for person in operations[operation].orders { people[person].operation = -1 }
        operations[operation].orders = []
        operations[operation].tickets = []
        operations[operation].weekDemand = 0
    }
}
