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

    public init(windows: [ReleaseWindow], releasesPerWeek: Int, seatsPerRelease: Int, minimumLeadHours: Int = 24) {
        self.windows = windows
        self.releasesPerWeek = releasesPerWeek
        self.seatsPerRelease = seatsPerRelease
        self.minimumLeadHours = minimumLeadHours
    }

    /// The prefecture's own measure: releases at random times during office hours on working days, when the people
    /// who need an appointment can be at a screen, rather than at a fixed hour that rewards whoever waits for it.
    public static let weekdaysDaytime = ReleasePolicy(
        windows: [ReleaseWindow(
            weekdays: [.monday, .tuesday, .wednesday, .thursday, .friday],
            hours: TimeRange(startMinute: 8 * 60, endMinute: 18 * 60)!)],
        releasesPerWeek: 5,
        seatsPerRelease: 40)
}
