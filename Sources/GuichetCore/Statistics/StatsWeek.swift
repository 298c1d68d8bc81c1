import Foundation

/// A statistics week: Monday 00:00 to the next Monday 00:00, Paris time. Figures are counted per week so that
/// a week's numbers never depend on the hour of the day they are read.
public struct StatsWeek: Hashable, Comparable, Sendable {
    /// The week's Monday (Paris date).
    public let monday: CivilDate

    /// The week holding `date`.
    public init(containing date: CivilDate) {
        monday = date.adding(days: -(date.weekday.rawValue - 1))
    }

    /// The week holding `instant`, read on the Paris wall clock.
    public init(containing instant: Date) {
        self.init(containing: ParisTime.civilDate(of: instant))
    }

    public var start: Date { ParisTime.instant(date: monday, minuteOfDay: 0) }
    /// Exclusive: the next Monday 00:00 (a summer-time change makes the week an hour longer or shorter).
    public var end: Date { next.start }
    public var sunday: CivilDate { monday.adding(days: 6) }
    public var next: StatsWeek { StatsWeek(containing: monday.adding(days: 7)) }
    public var previous: StatsWeek { StatsWeek(containing: monday.adding(days: -7)) }

    public static func < (lhs: StatsWeek, rhs: StatsWeek) -> Bool { lhs.monday < rhs.monday }
}

/// Consecutive statistics weeks, oldest first: what a page or an export shows, read with one bounded query per
/// figure.
public struct StatsPeriod: Sendable, Equatable {
    public let weeks: [StatsWeek]

    /// `count` weeks (at least one) ending with the week that holds `last`.
    public init(count: Int, endingWith last: StatsWeek) {
        var weeks = [last]
        while weeks.count < max(1, count) { weeks.insert(weeks[0].previous, at: 0) }
        self.weeks = weeks
    }

    public init(weeks: [StatsWeek]) {
        precondition(!weeks.isEmpty, "a period holds at least one week")
        self.weeks = weeks.sorted()
    }

    public var start: Date { weeks.first!.start }
    public var end: Date { weeks.last!.end }

    /// The week of the period holding `instant`, or nil when it falls outside.
    public func week(of instant: Date) -> StatsWeek? {
        guard instant >= start, instant < end else { return nil }
        return StatsWeek(containing: instant)
    }
}
