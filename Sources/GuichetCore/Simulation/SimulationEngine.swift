import Foundation

/// Who holds a seat.
enum SeatHolder: Equatable {
    case nobody
    /// A genuine applicant who booked or was drawn on their own.
    case applicant(Int)
    /// A genuine applicant who paid scalper operation `operation` for it.
    case buyer(Int, operation: Int)
    /// A scalper operation, under one of its own identities: stock waiting for a buyer, or a draw ticket's win.
    case scalper(Int)
}

/// A genuine applicant's state during a run.
struct ApplicantState {
    /// The seat booked or drawn, once served.
    var seat = -1
    /// The scalper operation this person has paid or lined up with, waiting for delivery.
    var operation = -1
    var orderedAt = 0.0
    /// The week in which this person last asked a scalper, so that a scalper counts customers, not daily visits.
    var askedInWeek = -1
    var waitingIndex = -1
    /// `release-lottery`: when this person's ticket was registered; it stands from then until they are served.
    var ticketAskedAt = Double.infinity
}

/// One run of one policy: the state that the events change. A class because the handlers in the other
/// `SimulationEngine+…` files share it; it never leaves `ScalperSimulation.run`.
final class SimulationEngine {
    let policy: SimulationPolicy
    let world: SimulationWorld
    let p: SimulationParameters
    var random: SimulationRandom
    var clock: SimulationClock
    let progress: (@Sendable (Double) -> Void)?

    /// Seat state: `planned` (not on offer), on offer and free, or held.
    var planned: [Bool]
    var holders: [SeatHolder]
    /// Seats on offer and free, ascending (= by start), first come first served only.
    var pool: [Int] = []
    /// Seats before this index have been settled (their time has passed).
    var settled = 0

    var people: [ApplicantState]
    /// Arrived and not yet served, in no particular order (swap-remove).
    var waiting: [Int] = []

    /// Release lotteries whose entry window is still open, by id (windows may overlap when two instants fall close).
    var lotteries: [Int: OpenLottery] = [:]
    var lotteryCount = 0

    var operations: [ScalperOperation]
    let releasePolicy: ReleasePolicy
    /// Whether the rules force one identity per booking or request (email key, identity key, exact names); derived
    /// from the production validators in `ScalperSimulation`.
    let distinctIdentities: Bool

    var details = PolicyOutcome.Details()
    var activeOperationPeriods = 0
    var measuredPeriods = 0
    var fakeSerial = 0
    var week = 0

    init(
        policy: SimulationPolicy, world: SimulationWorld, seed: UInt64, distinctIdentities: Bool,
        progress: (@Sendable (Double) -> Void)?
    ) {
        self.policy = policy
        self.world = world
        self.p = world.parameters
        self.progress = progress
        self.distinctIdentities = distinctIdentities
        random = SimulationRandom(seed: seed, stream: 2 + UInt64(SimulationPolicy.allCases.firstIndex(of: policy)!))
        clock = SimulationClock(start: world.start)
        planned = Array(repeating: true, count: world.seats.count)
        holders = Array(repeating: .nobody, count: world.seats.count)
        people = Array(repeating: ApplicantState(), count: world.applicants.count)
        operations = Array(
            repeating: ScalperOperation(expectedWeeklyDemand: p.initialWeeklySales),
            count: p.scalperOperations)
        let seatsPerWeek = Double(p.appointmentsPerYear) / 52
        releasePolicy = ReleasePolicy(
            windows: ReleasePolicy.weekdaysDaytime.windows, releasesPerWeek: p.releasesPerWeek,
            seatsPerRelease: p.seatsPerRelease ?? Int(seatsPerWeek.rounded(.up)),
            minimumLeadHours: p.minimumLeadHours)
    }

    var now: Double { clock.now }

    func isMeasured(_ time: Double) -> Bool {
        time >= world.measuredStart && time < world.measuredEnd
    }

    func run() {
        for (index, applicant) in world.applicants.enumerated() {
            // The backlog is there when the run starts; it keeps its real arrival for the waits.
            clock.schedule(.arrival(index), at: max(applicant.arrival, world.start))
        }
        let weeks = Int(((world.end - world.start) / SimulationWorld.week).rounded())
        let firstDay = ParisTime.civilDate(of: Date(timeIntervalSince1970: world.start))
        for week in 0..<weeks {
            let monday = firstDay.adding(days: 7 * week)
            clock.schedule(.weekly(week), at: SimulationWorld.instant(monday, minute: 0))
            for day in 0..<7 {
                clock.schedule(.daily, at: SimulationWorld.instant(monday.adding(days: day), minute: 12 * 60))
            }
            let sundayEvening = SimulationWorld.instant(monday.adding(days: 6), minute: 20 * 60)
            switch policy {
            case .fcfsWeekly: clock.schedule(.release, at: sundayEvening)
            case .draw, .drawPriority: clock.schedule(.draw, at: sundayEvening)
            case .dailyDraw:
                for date in (0..<7).map({ monday.adding(days: $0) }) where SimulationWorld.isOpen(date) {
                    clock.schedule(.draw, at: SimulationWorld.instant(date, minute: p.dailyDrawMinute))
                }
            case .fcfsRandom, .releaseLottery, .releaseLotteryWindow:
                break  // drawn at the start of each week, as production does
            }
        }
        while let event = clock.next() {
            guard now < world.end else { break }
            switch event {
            case .arrival(let index): arrive(index)
            case .release: release()
            case .draw: runDraw()
            case .lottery(let id): drawLottery(id)
            case .daily: daily()
            case .weekly(let week): weekly(week, of: weeks)
            }
        }
        settle(until: world.end)
    }

    // MARK: Applicants

    func arrive(_ index: Int) {
        people[index].waitingIndex = waiting.count
        waiting.append(index)
        // Someone who starts looking finds what is left on offer right away.
        if policy.isFirstComeFirstServed, let seat = firstAcceptableSeat(for: index, after: now) {
            take(seat, for: .applicant(index))
        }
        guard people[index].seat < 0 else { return }
        if policy == .releaseLottery {
            // This first look is when they ask for a lottery ticket, which then stands until they win.
            people[index].ticketAskedAt = now + bookingDelay()
        } else if !lotteries.isEmpty {
            // Or they can still enter a release lottery whose window is open.
            enterOpenLotteries(index)
        }
    }

    /// Gives a free seat to its holder. A person who gets one on their own no longer needs the scalper they were
    /// waiting on: that sale is lost.
    func take(_ seat: Int, for holder: SeatHolder) {
        if let position = pool.firstIndex(of: seat) { pool.remove(at: position) }
        planned[seat] = false
        holders[seat] = holder
        switch holder {
        case .applicant(let person):
            if people[person].operation >= 0 { dropOrder(of: person) }
            people[person].seat = seat
            removeFromWaiting(person)
        case .buyer(let person, let operation):
            operations[operation].deliveredSeats += 1
            people[person].seat = seat
            removeFromWaiting(person)
        case .scalper(let operation):
            operations[operation].ownSeats += 1
        case .nobody:
            break
        }
    }

    func removeFromWaiting(_ person: Int) {
        let index = people[person].waitingIndex
        guard index >= 0 else { return }
        let last = waiting.removeLast()
        if last != person {
            waiting[index] = last
            people[last].waitingIndex = index
        }
        people[person].waitingIndex = -1
    }

    /// The earliest free seat on offer that this person can attend, starting at least two hours later (time to get
    /// there).
    func firstAcceptableSeat(for person: Int, after time: Double) -> Int? {
        let unavailable = world.applicants[person].unavailable
        return pool.first { seat in
            world.seats[seat].start > time + 2 * 3600
                && (unavailable.isEmpty || !unavailable.contains(world.seats[seat].date.weekday))
        }
    }

    func today(_ time: Double) -> CivilDate {
        ParisTime.civilDate(of: Date(timeIntervalSince1970: time))
    }

    /// 0 while the permit is far from lapsing (or, for first applications, early in the wait), rising to 1.
    func urgency(of person: Int, on date: CivilDate) -> Double {
        let profile = world.applicants[person]
        if let expiry = profile.expiry {
            let daysLeft = Double(expiry - date)
            return min(1, max(0, (Double(p.desperationDays) - daysLeft) / Double(p.desperationDays)))
        }
        let waited = Double(date - profile.arrivalDate - p.patienceDays)
        return min(1, max(0, waited / Double(p.desperationDays)))
    }

    func isUrgent(_ person: Int, on date: CivilDate) -> Bool {
        guard let expiry = world.applicants[person].expiry else { return false }
        return expiry - date <= 30
    }

    // MARK: Settlement

    /// Seats whose start has passed: count what became of them, free the identities that held them.
    func settle(until time: Double) {
        while settled < world.seats.count, world.seats[settled].start < time {
            let seat = settled
            settled += 1
            let measured = isMeasured(world.seats[seat].start)
            if measured { details.seats += 1 }
            switch holders[seat] {
            case .applicant:
                if measured { details.attendedDirect += 1 }
            case .buyer(_, let operation):
                if measured { details.attendedBought += 1 }
                operations[operation].deliveredSeats -= 1
            case .scalper(let operation):
                if measured { details.scalperNoShows += 1 }
                operations[operation].ownSeats -= 1
                operations[operation].stock.removeAll { $0 == seat }
            case .nobody:
                if measured { details.unused += 1 }
            }
        }
        while let first = pool.first, world.seats[first].start < time { pool.removeFirst() }
    }

    func daily() {
        settle(until: now)
        market()
        topUpFromPool()
    }

    func weekly(_ week: Int, of weeks: Int) {
        self.week = week
        progress?(Double(week) / Double(weeks))
        if week % 4 == 0 { reviewOperations(week: week) }
        for index in operations.indices {
            operations[index].reviewWeek()
        }
        if policy.releasesAtRandomInstants {
            var generator = random.generator
            let instants = ReleasePlanner.instants(policy: releasePolicy, weekStart: today(now), using: &generator)
            random.generator = generator
            for instant in instants {
                clock.schedule(.release, at: instant.timeIntervalSince1970)
            }
        }
    }
}
