import Foundation
import GuichetCore

/// Dates and times as people read them, in Paris time and the page's language.
enum DateText {
    /// "mardi 1 décembre 2026" / "Tuesday 1 December 2026".
    static func day(_ date: CivilDate, _ language: Language) -> String {
        let weekday = weekdayNames[language]![date.weekday.rawValue - 1]
        let month = monthNames[language]![date.month - 1]
        return "\(weekday) \(date.day) \(month) \(date.year)"
    }

    /// "1 décembre 2026" / "1 December 2026".
    static func date(_ date: CivilDate, _ language: Language) -> String {
        "\(date.day) \(monthNames[language]![date.month - 1]) \(date.year)"
    }

    static func day(of instant: Date, _ language: Language) -> String {
        day(ParisTime.civilDate(of: instant), language)
    }

    /// "09:20".
    static func time(_ instant: Date) -> String {
        let minute = ParisTime.minuteOfDay(of: instant)
        return String(format: "%02d:%02d", minute / 60, minute % 60)
    }

    /// "mardi 1 décembre 2026 à 09:20".
    static func moment(_ instant: Date, _ language: Language) -> String {
        "\(day(of: instant, language)) \(language == .fr ? "à" : "at") \(time(instant))"
    }

    /// A stored ISO date shown for people, or the text as stored if it is not one.
    static func date(iso: String?, _ language: Language) -> String? {
        guard let iso else { return nil }
        return CivilDate(iso: iso).map { date($0, language) } ?? iso
    }

    /// "lundi" / "Monday", for a weekday's position (Monday = 1).
    static func weekday(_ weekday: Weekday, _ language: Language) -> String {
        weekdayNames[language]![weekday.rawValue - 1]
    }

    /// "chaque jour ouvré à 14:00" / "every working day at 14:00"; "chaque lundi à 00:00" / "every Monday at 00:00";
    /// "un lundi sur 2 à 00:00" / "every 2 weeks on Monday at 00:00".
    static func cadence(_ policy: DrawPolicy, _ language: Language) -> String {
        let time = TimeRange.clock(policy.drawMinute)
        switch policy.cadence {
        case .workingDays:
            return Localized(fr: "chaque jour ouvré à \(time)", en: "every working day at \(time)")(language)
        case .weekly where policy.weeks <= 1:
            let day = weekday(policy.opensOn, language)
            return Localized(fr: "chaque \(day) à \(time)", en: "every \(day) at \(time)")(language)
        case .weekly:
            let day = weekday(policy.opensOn, language)
            return Localized(
                fr: "un \(day) sur \(policy.weeks) à \(time)",
                en: "every \(policy.weeks) weeks on \(day) at \(time)")(language)
        }
    }

    static let weekdayNames: [Language: [String]] = [
        .fr: ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
        .en: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    ]
    static let monthNames: [Language: [String]] = [
        .fr: [
            "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
            "novembre", "décembre",
        ],
        .en: [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December",
        ],
    ]
}
