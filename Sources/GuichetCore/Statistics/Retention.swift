import Foundation

/// How long personal data is kept once a booking is over.
public enum Retention {
    public static let defaultMonths = 24

    /// `now` minus `months` calendar months, at the same Paris wall-clock time (the 31st becomes the month's last
    /// day): records closed before this instant lose their personal data.
    public static func cutoff(now: Date, months: Int) -> Date {
        let today = ParisTime.civilDate(of: now)
        let minute = ParisTime.minuteOfDay(of: now)
        let total = today.year * 12 + (today.month - 1) - months
        let year = total >= 0 ? total / 12 : (total - 11) / 12
        let month = total - year * 12 + 1
        let day = min(today.day, CivilDate.daysInMonth(year: year, month: month))
        let date = CivilDate(year: year, month: month, day: day) ?? today.adding(days: -months * 30)
        return ParisTime.instant(date: date, minuteOfDay: minute)
    }
}
