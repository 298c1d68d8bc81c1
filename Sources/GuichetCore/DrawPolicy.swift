import Foundation

/// When a draw-mode procedure draws and which seats each draw gives out.
///
/// Draws happen at a published time of day (Paris): every working day (`workingDays`: Monday to Friday, French public
/// holidays skipped), or on one weekday every `weeks` weeks (`weekly`). A request confirmed at any moment enters the
/// next draw; the window of a draw runs from the previous draw to this one. Each draw gives out the planned seats of
/// the `seatsSpanDays` days that start `seatsDelayDays` after the draw's day, so that allocated people have time to
/// arrange their day. Weekly draws of more than one week follow a fixed calendar (counted from the first Monday of
/// 2024), so every process and every restart agrees on where a period starts.
public struct DrawPolicy: Codable, Hashable, Sendable {
    public enum Cadence: String, Codable, Sendable, CaseIterable {
        /// Every working day: a person never waits more than a day for the next chance, so nobody has to choose
        /// between a fair draw and a quick one.
        case workingDays = "working-days"
        case weekly
    }

    public let cadence: Cadence
    /// Weekly draws: the weekday of each draw (a window opens and closes on it).
    public let opensOn: Weekday
    /// Weekly draws: a draw every this many weeks.
    public let weeks: Int
    /// Minute of the Paris day at which every draw happens (0 = midnight, 840 = 14:00).
    public let drawMinute: Int
    public let seatsDelayDays: Int
    public let seatsSpanDays: Int

    public static let weeksRange = 1...4
    public static let delayRange = 0...60
    public static let spanRange = 1...60
    public static let minuteRange = 0...(24 * 60 - 1)

    /// Weekly windows from Monday 00:00; seats of the two weeks that start a week after the draw.
    public static let standard = DrawPolicy(opensOn: .monday, weeks: 1, seatsDelayDays: 7, seatsSpanDays: 14)

    /// Every working day at 14:00; seats of the two weeks that start two days after the draw.
    public static let daily = DrawPolicy(
        cadence: .workingDays, drawMinute: 14 * 60, seatsDelayDays: 2, seatsSpanDays: 14)

    /// No draw gives a seat that starts sooner than this after the draw: too soon for the person to read the email
    /// and arrange their day.
    public static let minimumLead: TimeInterval = 24 * 3600

    /// The calendar's origin: Monday 1 January 2024.
    static let origin = CivilDate(year: 2024, month: 1, day: 1)!

    public init(
        cadence: Cadence = .weekly, opensOn: Weekday = .monday, weeks: Int = 1, drawMinute: Int = 0,
        seatsDelayDays: Int, seatsSpanDays: Int
    ) {
        self.cadence = cadence
        self.opensOn = opensOn
        self.weeks = weeks
        self.drawMinute = drawMinute
        self.seatsDelayDays = seatsDelayDays
        self.seatsSpanDays = seatsSpanDays
    }

    private enum CodingKeys: String, CodingKey {
        case cadence, opensOn, weeks, drawMinute, seatsDelayDays, seatsSpanDays
    }

    /// Policies stored before daily draws existed have neither a cadence nor a time: they were weekly, at midnight.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        cadence = try container.decodeIfPresent(Cadence.self, forKey: .cadence) ?? .weekly
        opensOn = try container.decodeIfPresent(Weekday.self, forKey: .opensOn) ?? .monday
        weeks = try container.decodeIfPresent(Int.self, forKey: .weeks) ?? 1
        drawMinute = try container.decodeIfPresent(Int.self, forKey: .drawMinute) ?? 0
        seatsDelayDays = try container.decode(Int.self, forKey: .seatsDelayDays)
        seatsSpanDays = try container.decode(Int.self, forKey: .seatsSpanDays)
    }

    public enum Problem: Error, Equatable, Sendable {
        case weeks, delay, span, minute
        /// The last seat would lie beyond the slots planned when the draw runs (`delay + span > horizon`).
        case beyondHorizon(horizonDays: Int)
    }

    /// Everything wrong with the policy, given how many days ahead slots are planned.
    public func problems(planningHorizonDays: Int) -> [Problem] {
        var problems: [Problem] = []
        if cadence == .weekly, !Self.weeksRange.contains(weeks) { problems.append(.weeks) }
        if !Self.minuteRange.contains(drawMinute) { problems.append(.minute) }
        if !Self.delayRange.contains(seatsDelayDays) { problems.append(.delay) }
        if !Self.spanRange.contains(seatsSpanDays) { problems.append(.span) }
        if problems.isEmpty, seatsDelayDays + seatsSpanDays > planningHorizonDays {
            problems.append(.beyondHorizon(horizonDays: planningHorizonDays))
        }
        return problems
    }

    /// The draw at or before `instant` and the first one after it: a request confirmed at `instant` waits for
    /// `closes`, and the window of that draw opened at `opens`.
    public func period(containing instant: Date) -> (opens: Date, closes: Date) {
        let today = ParisTime.civilDate(of: instant)
        switch cadence {
        case .workingDays:
            // A draw day is at most a few days away, even over Christmas, Easter or May's bridges.
            var closes = ParisTime.instant(date: today, minuteOfDay: clampedMinute)
            var day = today
            while !(Self.isWorkingDay(day) && closes > instant) {
                day = day.adding(days: 1)
                closes = ParisTime.instant(date: day, minuteOfDay: clampedMinute)
            }
            var previous = day.adding(days: -1)
            while !Self.isWorkingDay(previous) { previous = previous.adding(days: -1) }
            return (ParisTime.instant(date: previous, minuteOfDay: clampedMinute), closes)
        case .weekly:
            let length = 7 * max(1, weeks)
            let first = Self.origin.adding(days: opensOn.rawValue - Weekday.monday.rawValue)
            let offset = today - first
            let index = offset >= 0 ? offset / length : -((-offset + length - 1) / length)
            var opensDay = first.adding(days: index * length)
            // The draw of the day that holds `instant` may still be ahead (before its minute): then this period
            // is the one before.
            if ParisTime.instant(date: opensDay, minuteOfDay: clampedMinute) > instant {
                opensDay = opensDay.adding(days: -length)
            }
            return (
                ParisTime.instant(date: opensDay, minuteOfDay: clampedMinute),
                ParisTime.instant(date: opensDay.adding(days: length), minuteOfDay: clampedMinute)
            )
        }
    }

    /// The seats a draw held on `drawDay` gives out: the first and the last day, inclusive.
    public func seats(drawnOn drawDay: CivilDate) -> (from: CivilDate, through: CivilDate) {
        let from = drawDay.adding(days: seatsDelayDays)
        return (from, from.adding(days: seatsSpanDays - 1))
    }

    /// Monday to Friday, public holidays excepted: the days a prefecture's staff are there to answer.
    public static func isWorkingDay(_ date: CivilDate) -> Bool {
        date.weekday.rawValue <= Weekday.friday.rawValue && !FrenchHolidays.isHoliday(date)
    }

    private var clampedMinute: Int { min(max(drawMinute, Self.minuteRange.lowerBound), Self.minuteRange.upperBound) }
}
