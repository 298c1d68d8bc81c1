import Foundation

/// When a counter actually receives people: its weekly hours, minus French public holidays and its closures.
///
/// `SlotGenerator` lays out bookable seats from the same three inputs; this answers the walk-in desk's questions,
/// "is it open now?" and "when does it open next?", for a queue that has no slots.
public struct OpeningSchedule: Sendable {
    public let hours: WeeklyHours
    public let closures: [Closure]

    public init(hours: WeeklyHours, closures: [Closure]) {
        self.hours = hours
        self.closures = closures
    }

    /// The day's sessions, or none on a holiday or a closure.
    public func sessions(on date: CivilDate) -> [TimeRange] {
        guard !FrenchHolidays.isHoliday(date), !closures.contains(where: { $0.contains(date) }) else { return [] }
        return hours.ranges(on: date.weekday)
    }

    /// The session under way at `instant` (Paris time), if any.
    public func session(at instant: Date) -> TimeRange? {
        let minute = ParisTime.minuteOfDay(of: instant)
        return sessions(on: ParisTime.civilDate(of: instant))
            .first { $0.startMinute <= minute && minute < $0.endMinute }
    }

    public func isOpen(at instant: Date) -> Bool { session(at: instant) != nil }

    /// The start of the first session after `instant`, looking at most `days` ahead (nil if none: a counter
    /// without hours, or closed for longer).
    public func nextOpening(after instant: Date, days: Int = 366) -> Date? {
        let today = ParisTime.civilDate(of: instant)
        for offset in 0...max(0, days) {
            let date = today.adding(days: offset)
            for range in sessions(on: date) {
                let start = ParisTime.instant(date: date, minuteOfDay: range.startMinute)
                if start > instant { return start }
            }
        }
        return nil
    }
}
