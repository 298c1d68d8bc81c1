import Foundation

/// The Europe/Paris wall clock, computed from the EU summer-time rule instead of the tz database.
///
/// Container images often ship without tzdata, and then Foundation cannot resolve "Europe/Paris" (the current zone
/// quietly falls back to UTC); a convocation one hour off is worse than a rule that needs a code change if the EU
/// ever abolishes the switch.
/// The rule (Directive 2000/84/EC): UTC+2 from the last Sunday of March 01:00 UTC to the last Sunday of October
/// 01:00 UTC, UTC+1 otherwise.
public enum ParisTime {
    private static let winterOffset = 3600
    private static let summerOffset = 7200
    private static let secondsPerDay = 86_400

    public static func offsetSeconds(at instant: Date) -> Int {
        let seconds = wholeSeconds(instant)
        let year = CivilDate(daysSinceEpoch: floorDiv(seconds, secondsPerDay)).year
        let start = lastSunday(year: year, month: 3).daysSinceEpoch * secondsPerDay + 3600
        let end = lastSunday(year: year, month: 10).daysSinceEpoch * secondsPerDay + 3600
        return (start..<end).contains(seconds) ? summerOffset : winterOffset
    }

    /// Local wall time to instant. In the spring gap (02:00–03:00 does not exist) the winter offset is used, so
    /// 02:30 becomes 03:30 summer time; in the autumn overlap (02:00–03:00 happens twice) the first, summer-time
    /// occurrence is chosen. Minutes outside 0..<1440 roll over into neighbouring days.
    public static func instant(date: CivilDate, minuteOfDay: Int) -> Date {
        let local = date.daysSinceEpoch * secondsPerDay + minuteOfDay * 60
        for offset in [summerOffset, winterOffset] {
            let candidate = Date(timeIntervalSince1970: TimeInterval(local - offset))
            if offsetSeconds(at: candidate) == offset { return candidate }
        }
        return Date(timeIntervalSince1970: TimeInterval(local - winterOffset))
    }

    public static func civilDate(of instant: Date) -> CivilDate {
        CivilDate(daysSinceEpoch: floorDiv(localSeconds(instant), secondsPerDay))
    }

    public static func minuteOfDay(of instant: Date) -> Int {
        floorMod(localSeconds(instant), secondsPerDay) / 60
    }

    /// "2026-12-01T09:00:00+01:00": the offset is written out so a reader (or an email client) never has to guess
    /// the zone; fractions of a second are dropped because nothing here is scheduled that finely.
    public static func iso8601(_ instant: Date) -> String {
        let offset = offsetSeconds(at: instant)
        let local = wholeSeconds(instant) + offset
        let date = CivilDate(daysSinceEpoch: floorDiv(local, secondsPerDay))
        let second = floorMod(local, secondsPerDay)
        return "\(date.iso)T\(two(second / 3600)):\(two(second / 60 % 60)):\(two(second % 60))"
            + "+\(two(offset / 3600)):\(two(offset / 60 % 60))"
    }

    /// Accepts "YYYY-MM-DDTHH:MM:SS" followed by "Z" or "±HH:MM", and nothing looser, so that API clients learn
    /// the one format early instead of relying on a guess.
    public static func parseISO8601(_ s: String) -> Date? {
        let bytes = Array(s.utf8)
        guard bytes.count == 20 || bytes.count == 25,
            bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            let date = CivilDate(iso: String(decoding: bytes[0..<10], as: UTF8.self)),
            let hour = digits(bytes, 11), let minute = digits(bytes, 14), let second = digits(bytes, 17),
            hour < 24, minute < 60, second < 60
        else { return nil }

        var offset = 0
        if bytes.count == 20 {
            guard bytes[19] == UInt8(ascii: "Z") else { return nil }
        } else {
            guard bytes[22] == UInt8(ascii: ":"),
                let offsetHour = digits(bytes, 20), let offsetMinute = digits(bytes, 23),
                offsetHour < 24, offsetMinute < 60
            else { return nil }
            switch bytes[19] {
            case UInt8(ascii: "+"): offset = offsetHour * 3600 + offsetMinute * 60
            case UInt8(ascii: "-"): offset = -(offsetHour * 3600 + offsetMinute * 60)
            default: return nil
            }
        }
        let local = date.daysSinceEpoch * secondsPerDay + hour * 3600 + minute * 60 + second
        return Date(timeIntervalSince1970: TimeInterval(local - offset))
    }

    private static func lastSunday(year: Int, month: Int) -> CivilDate {
        // Unchecked because instants far outside the accepted years must still get an offset, not a crash.
        let lastDay = CivilDate(uncheckedYear: year, month: month, day: CivilDate.daysInMonth(year: year, month: month))
        return lastDay.adding(days: -(lastDay.weekday.rawValue % 7))
    }

    private static func localSeconds(_ instant: Date) -> Int {
        wholeSeconds(instant) + offsetSeconds(at: instant)
    }

    private static func wholeSeconds(_ instant: Date) -> Int {
        Int(instant.timeIntervalSince1970.rounded(.down))
    }

    private static func digits(_ bytes: [UInt8], _ start: Int) -> Int? {
        let zero = UInt8(ascii: "0")
        let pair = bytes[start..<start + 2]
        guard pair.allSatisfy({ (zero...zero + 9).contains($0) }) else { return nil }
        return Int(pair.first! - zero) * 10 + Int(pair.last! - zero)
    }

    private static func two(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }

    private static func floorDiv(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    private static func floorMod(_ a: Int, _ b: Int) -> Int {
        a - floorDiv(a, b) * b
    }
}
