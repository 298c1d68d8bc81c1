import Foundation

/// A seat-to-be at a counter, before it is stored and given a capacity and a state.
public struct SlotTemplate: Hashable, Sendable {
    /// The local day, kept alongside the instants so that callers never re-derive it through a time zone.
    public let date: CivilDate
    public let start: Date
    public let end: Date

    public init(date: CivilDate, start: Date, end: Date) {
        self.date = date
        self.start = start
        self.end = end
    }
}

/// Turns opening hours into slots. Holidays and closures are applied here, once, so that no caller can forget them.
public enum SlotGenerator {
    /// Slots of `lengthMinutes` back to back inside each opening range (a remainder shorter than a slot is dropped), on every day from `from` through `through` inclusive, skipping French public holidays and closures.
    ///
    /// Slots are laid out in Paris wall-clock time, so a 09:00 session starts at 09:00 on both sides of a
    /// daylight-saving change. Overlapping sessions would yield duplicate slots; decoded `WeeklyHours` never has them.
    public static func slots(
        hours: WeeklyHours, closures: [Closure], lengthMinutes: Int, from: CivilDate, through: CivilDate
    ) -> [SlotTemplate] {
        guard lengthMinutes > 0, from <= through else { return [] }
        var holidaysByYear: [Int: [CivilDate: String]] = [:]
        var result: [SlotTemplate] = []
        for offset in 0...(through - from) {
            let date = from.adding(days: offset)
            let holidays = holidaysByYear[date.year] ?? FrenchHolidays.holidays(year: date.year)
            holidaysByYear[date.year] = holidays
            guard holidays[date] == nil, !closures.contains(where: { $0.contains(date) }) else { continue }
            for range in hours.ranges(on: date.weekday) {
                var minute = range.startMinute
                while minute + lengthMinutes <= range.endMinute {
                    result.append(
                        SlotTemplate(
                            date: date,
                            start: ParisTime.instant(date: date, minuteOfDay: minute),
                            end: ParisTime.instant(date: date, minuteOfDay: minute + lengthMinutes)))
                    minute += lengthMinutes
                }
            }
        }
        return result
    }
}
