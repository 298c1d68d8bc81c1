/// When a draw-mode procedure takes requests and which seats each draw gives out.
///
/// A window opens at 00:00 (Paris) on `opensOn` and closes `weeks` weeks later at the same instant, when it is
/// drawn; it gives out the planned seats of the `seatsSpanDays` days that start `seatsDelayDays` after it closes,
/// so that allocated people have time to arrange their day. Windows of more than one week follow a fixed calendar
/// (counted from the first Monday of 2024), so every process and every restart agrees on where a period starts.
public struct DrawPolicy: Codable, Hashable, Sendable {
    public let opensOn: Weekday
    public let weeks: Int
    public let seatsDelayDays: Int
    public let seatsSpanDays: Int

    public static let weeksRange = 1...4
    public static let delayRange = 0...60
    public static let spanRange = 1...60

    /// Weekly windows from Monday 00:00; seats of the two weeks that start a week after the draw.
    public static let standard = DrawPolicy(opensOn: .monday, weeks: 1, seatsDelayDays: 7, seatsSpanDays: 14)

    /// The calendar's origin: Monday 1 January 2024.
    static let origin = CivilDate(year: 2024, month: 1, day: 1)!

    public init(opensOn: Weekday, weeks: Int, seatsDelayDays: Int, seatsSpanDays: Int) {
        self.opensOn = opensOn
        self.weeks = weeks
        self.seatsDelayDays = seatsDelayDays
        self.seatsSpanDays = seatsSpanDays
    }

    public enum Problem: Error, Equatable, Sendable {
        case weeks, delay, span
        /// The last seat would lie beyond the slots planned when the draw runs (`delay + span > horizon`).
        case beyondHorizon(horizonDays: Int)
    }

    /// Everything wrong with the policy, given how many days ahead slots are planned.
    public func problems(planningHorizonDays: Int) -> [Problem] {
        var problems: [Problem] = []
        if !Self.weeksRange.contains(weeks) { problems.append(.weeks) }
        if !Self.delayRange.contains(seatsDelayDays) { problems.append(.delay) }
        if !Self.spanRange.contains(seatsSpanDays) { problems.append(.span) }
        if problems.isEmpty, seatsDelayDays + seatsSpanDays > planningHorizonDays {
            problems.append(.beyondHorizon(horizonDays: planningHorizonDays))
        }
        return problems
    }

    /// The period containing `date`: its first day (a window opens at its 00:00) and the day after its last (the
    /// window closes at that day's 00:00).
    public func period(containing date: CivilDate) -> (opens: CivilDate, closes: CivilDate) {
        let length = 7 * max(1, weeks)
        let first = Self.origin.adding(days: opensOn.rawValue - Weekday.monday.rawValue)
        let offset = date - first
        let index = offset >= 0 ? offset / length : -((-offset + length - 1) / length)
        let opens = first.adding(days: index * length)
        return (opens, opens.adding(days: length))
    }

    /// The seats a window closing on `closes` gives out: the first and the last day, inclusive.
    public func seats(closingOn closes: CivilDate) -> (from: CivilDate, through: CivilDate) {
        let from = closes.adding(days: seatsDelayDays)
        return (from, from.adding(days: seatsSpanDays - 1))
    }
}
