import Foundation

/// One seat at a counter (every simulated slot has capacity 1), in start order: a seat's index is its slot id.
struct SimulatedSeat: Sendable {
    /// Seconds since 1970, as a Double: the engine compares millions of instants and only converts to `Date` at the
    /// boundary with the production code.
    let start: Double
    let date: CivilDate
    let counterID: String
}

/// A genuine applicant as drawn before the run: the same people face every policy (common random numbers).
struct ApplicantProfile: Sendable {
    let arrival: Double
    let arrivalDate: CivilDate
    /// nil for first applications (no permit yet).
    let expiry: CivilDate?
    /// What an appointment is worth to this person before any urgency, in euros.
    let baseWillingness: Double
    let naive: Bool
    let camper: Bool
    let unavailable: [Weekday]
}

/// The fixed part of a run: calendar, seats and people. Built once per seed and shared by the policies.
struct SimulationWorld: Sendable {
    let parameters: SimulationParameters
    /// Monday 00:00 (Paris) when the warm-up starts.
    let start: Double
    let measuredStart: Double
    let measuredEnd: Double
    let end: Double
    let seats: [SimulatedSeat]
    /// In arrival order; the first ones arrived before `start` (the initial backlog).
    let applicants: [ApplicantProfile]

    static let day = 86_400.0
    static let week = 7 * day

    init(parameters p: SimulationParameters, seed: UInt64) {
        parameters = p
        let monday = p.startDate.adding(days: -(p.startDate.weekday.rawValue - 1))
        let first = monday.adding(days: -7 * p.warmUpWeeks)
        let measuredEndDate = monday.adding(days: 7 * p.weeks)
        let lastDate = measuredEndDate.adding(days: 7 * p.tailWeeks)
        start = Self.instant(first, minute: 0)
        measuredStart = Self.instant(monday, minute: 0)
        measuredEnd = Self.instant(measuredEndDate, minute: 0)
        end = Self.instant(lastDate, minute: 0)

        // Seats reach beyond the end by the horizon, so that the last releases and draws have something to offer.
        let openDays = (0..<(p.weeks * 7)).map { monday.adding(days: $0) }.filter(Self.isOpen)
        let perDay = Double(p.appointmentsPerYear) * Double(p.weeks) / 52 / Double(max(1, openDays.count))
        seats = Self.layOutSeats(from: first, through: lastDate.adding(days: p.horizonDays + 7), perDay: perDay)

        var random = SimulationRandom(seed: seed, stream: 1)
        applicants = Self.drawApplicants(
            p, from: first.adding(days: -7 * p.initialBacklogWeeks), through: lastDate,
            random: &random)
    }

    static func instant(_ date: CivilDate, minute: Int) -> Double {
        ParisTime.instant(date: date, minuteOfDay: minute).timeIntervalSince1970
    }

    static func isOpen(_ date: CivilDate) -> Bool {
        date.weekday <= .friday && !FrenchHolidays.isHoliday(date)
    }

    /// Counters of 14 half-hour seats a day (09:00–12:30, 13:30–17:00), as many counters as the day's seats need.
    /// The fractional seats per day are carried over so that the year's total is exact.
    private static func layOutSeats(from first: CivilDate, through last: CivilDate, perDay: Double) -> [SimulatedSeat] {
        var seats: [SimulatedSeat] = []
        var carried = 0.0
        for offset in 0...(last - first) {
            let date = first.adding(days: offset)
            guard isOpen(date) else { continue }
            carried += perDay
            let count = Int(carried.rounded(.down))
            carried -= Double(count)
            let counters = max(1, (count + 13) / 14)
            var daySeats: [SimulatedSeat] = []
            for index in 0..<count {
                let slot = index / counters
                let minute = slot < 7 ? 9 * 60 + 30 * slot : 13 * 60 + 30 + 30 * (slot - 7)
                daySeats.append(
                    SimulatedSeat(
                        start: instant(date, minute: minute), date: date,
                        counterID: "C\(index % counters + 1)"))
            }
            seats += daySeats.sorted { ($0.start, $0.counterID) < ($1.start, $1.counterID) }
        }
        return seats
    }

    /// Arrivals: Poisson per day, heavier on working days, at a uniform time between 08:00 and 22:00.
    private static func drawApplicants(
        _ p: SimulationParameters, from first: CivilDate, through last: CivilDate,
        random: inout SimulationRandom
    ) -> [ApplicantProfile] {
        let perDay = Double(p.applicantsPerYear) / 365.25
        let workdays: [Weekday] = [.monday, .tuesday, .wednesday, .thursday, .friday]
        var result: [ApplicantProfile] = []
        for offset in 0..<(last - first) {
            let date = first.adding(days: offset)
            // Weights 1.2 on weekdays, 0.6 Saturday, 0.4 Sunday: they average 1 over the week.
            let weight = date.weekday <= .friday ? 1.2 : (date.weekday == .saturday ? 0.6 : 0.4)
            var times = (0..<random.poisson(mean: perDay * weight)).map { _ in
                instant(date, minute: 8 * 60) + random.uniform(0, 14 * 3600)
            }
            times.sort()
            for arrival in times {
                let expiry: CivilDate? =
                    random.chance(p.firstApplicationShare)
                    ? nil
                    : date.adding(
                        days: p.expiryEarliestDays + random.index(p.expiryLatestDays - p.expiryEarliestDays + 1))
                let willingness = p.medianWillingnessToPay * exp(p.willingnessSpread * random.normal())
                let naive = random.chance(p.naiveBuyerShare)
                let camper = random.chance(p.campingShare)
                let unavailable = random.chance(p.unavailableWeekdayShare) ? [workdays[random.index(5)]] : []
                result.append(
                    ApplicantProfile(
                        arrival: arrival, arrivalDate: date, expiry: expiry,
                        baseWillingness: willingness, naive: naive, camper: camper,
                        unavailable: unavailable))
            }
        }
        return result
    }
}
