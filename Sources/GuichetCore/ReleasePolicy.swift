import Foundation

/// When seats may be released for a procedure in release mode: on these days, between these Paris wall-clock times.
///
/// Wall-clock rather than UTC because the policy is written by the prefecture ("weekdays 08:00–18:00") and must mean
/// the same hours in winter and summer.
public struct ReleaseWindow: Codable, Hashable, Sendable {
    public let weekdays: [Weekday]
    public let hours: TimeRange

    public init(weekdays: [Weekday], hours: TimeRange) {
        self.weekdays = weekdays
        self.hours = hours
    }
}

/// How a release-mode procedure publishes its planned seats: a few batches a week at instants nobody can predict,
/// which replaced the Sunday-evening publication that scalpers camped on (DESIGN.md, "Allocation").
public struct ReleasePolicy: Codable, Hashable, Sendable {
    public let windows: [ReleaseWindow]
    public let releasesPerWeek: Int
    public let seatsPerRelease: Int
    /// A release only offers seats on slots starting at least this many hours later: a seat for in ten minutes goes
    /// to whoever happens to be online, or to nobody, and a bot polling non-stop is the one that is always online.
    public let minimumLeadHours: Int
    /// The seats of a release go to a lottery among everyone who asks within this many minutes after the instant
    /// (`docs/decisions/0013`); seats left after it are first come, first served. Zero keeps plain first come, first
    /// served, for counters whose seats are not scarce: with it, a bot polling every second beats a person who looks
    /// every few minutes, however random the instant.
    public let lotteryMinutes: Int

    public static let defaultLotteryMinutes = 30
    public static let lotteryMinutesRange = 0...240
    public static let releasesPerWeekRange = 1...50
    public static let seatsPerReleaseRange = 1...1000
    /// Up to two weeks.
    public static let minimumLeadHoursRange = 0...336

    public enum Problem: Error, Equatable, Sendable {
        /// No window, or a window on no day: the policy would never release.
        case windows, weekdays
        case releasesPerWeek, seatsPerRelease, minimumLeadHours, lotteryMinutes
    }

    /// Everything wrong with the policy, in the order an admin's form shows its fields.
    public var problems: [Problem] {
        var problems: [Problem] = []
        if windows.isEmpty { problems.append(.windows) }
        if windows.contains(where: { $0.weekdays.isEmpty }) { problems.append(.weekdays) }
        if !Self.releasesPerWeekRange.contains(releasesPerWeek) { problems.append(.releasesPerWeek) }
        if !Self.seatsPerReleaseRange.contains(seatsPerRelease) { problems.append(.seatsPerRelease) }
        if !Self.minimumLeadHoursRange.contains(minimumLeadHours) { problems.append(.minimumLeadHours) }
        if !Self.lotteryMinutesRange.contains(lotteryMinutes) { problems.append(.lotteryMinutes) }
        return problems
    }

    public init(
        windows: [ReleaseWindow], releasesPerWeek: Int, seatsPerRelease: Int, minimumLeadHours: Int = 24,
        lotteryMinutes: Int = ReleasePolicy.defaultLotteryMinutes
    ) {
        self.windows = windows
        self.releasesPerWeek = releasesPerWeek
        self.seatsPerRelease = seatsPerRelease
        self.minimumLeadHours = minimumLeadHours
        self.lotteryMinutes = lotteryMinutes
    }

    /// The same policy with plain first come, first served instead of the lottery.
    public var withoutLottery: ReleasePolicy {
        ReleasePolicy(
            windows: windows, releasesPerWeek: releasesPerWeek, seatsPerRelease: seatsPerRelease,
            minimumLeadHours: minimumLeadHours, lotteryMinutes: 0)
    }

    private enum CodingKeys: String, CodingKey {
        case windows, releasesPerWeek, seatsPerRelease, minimumLeadHours, lotteryMinutes
    }

    /// Policies stored before release lotteries existed get the default lottery: release mode is no longer a race.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        windows = try container.decode([ReleaseWindow].self, forKey: .windows)
        releasesPerWeek = try container.decode(Int.self, forKey: .releasesPerWeek)
        seatsPerRelease = try container.decode(Int.self, forKey: .seatsPerRelease)
        minimumLeadHours = try container.decodeIfPresent(Int.self, forKey: .minimumLeadHours) ?? 24
        lotteryMinutes = try container.decodeIfPresent(Int.self, forKey: .lotteryMinutes) ?? Self.defaultLotteryMinutes
    }

    /// Whether a release's seats go to a lottery first.
    public var hasLottery: Bool { lotteryMinutes > 0 }

    /// When the lottery of a release made at `instant` is drawn.
    public func lotteryCloses(releasedAt instant: Date) -> Date {
        instant.addingTimeInterval(TimeInterval(lotteryMinutes) * 60)
    }

    /// The prefecture's own measure: releases at random times during office hours on working days, when the people
    /// who need an appointment can be at a screen, rather than at a fixed hour that rewards whoever waits for it.
    public static let weekdaysDaytime = ReleasePolicy(
        windows: [
            ReleaseWindow(
                weekdays: [.monday, .tuesday, .wednesday, .thursday, .friday],
                hours: TimeRange(startMinute: 8 * 60, endMinute: 18 * 60)!)
        ],
        releasesPerWeek: 5,
        seatsPerRelease: 40)
}
