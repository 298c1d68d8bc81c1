import Foundation

/// One appointment as an iCalendar event (RFC 5545), attached to the confirmation email so people can put it in
/// their calendar. `METHOD:PUBLISH` and not `REQUEST`: it is information, not an invitation to answer.
///
/// Times are written in UTC (`…Z`), which every calendar converts to local time, so no `VTIMEZONE` is needed.
/// The `uid` must stay the same for one appointment: a calendar that receives the file again (the reminder) updates
/// the event instead of adding a second one.
public struct CalendarEvent: Sendable, Equatable {
    public var uid: String
    /// When the file was made (`DTSTAMP`).
    public var stamp: Date
    public var start: Date
    public var end: Date
    public var summary: String
    public var location: String
    public var description: String
    public var url: String?

    public static let productID = "-//Guichet//Rendez-vous etrangers//FR"

    public init(
        uid: String, stamp: Date, start: Date, end: Date, summary: String, location: String,
        description: String, url: String? = nil
    ) {
        self.uid = uid
        self.stamp = stamp
        self.start = start
        self.end = end
        self.summary = summary
        self.location = location
        self.description = description
        self.url = url
    }

    /// The whole `VCALENDAR`, CRLF line ends, content lines folded at 75 octets.
    public func ics() -> String {
        var lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:\(Self.productID)",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "BEGIN:VEVENT",
            "UID:\(Self.escape(uid))",
            "DTSTAMP:\(Self.utc(stamp))",
            "DTSTART:\(Self.utc(start))",
            "DTEND:\(Self.utc(end))",
            "SUMMARY:\(Self.escape(summary))",
            "LOCATION:\(Self.escape(location))",
            "DESCRIPTION:\(Self.escape(description))",
        ]
        if let url { lines.append("URL:\(url)") }
        lines += ["STATUS:CONFIRMED", "TRANSP:OPAQUE", "SEQUENCE:0", "END:VEVENT", "END:VCALENDAR"]
        return lines.map(Self.fold).joined(separator: "\r\n") + "\r\n"
    }

    /// TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, and line breaks as `\n`.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        let normalised = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        for scalar in normalised.unicodeScalars {
            switch scalar {
            case "\\": escaped += "\\\\"
            case ";": escaped += "\\;"
            case ",": escaped += "\\,"
            case "\n": escaped += "\\n"
            default:
                // Other control characters are not allowed in a content line (RFC 5545 §3.1).
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    escaped += " "
                } else {
                    escaped.unicodeScalars.append(scalar)
                }
            }
        }
        return escaped
    }

    /// Folds a content line so no physical line exceeds 75 octets (the continuation's leading space counts),
    /// never cutting inside a UTF-8 sequence.
    public static func fold(_ line: String) -> String {
        var result = ""
        var width = 0
        for scalar in line.unicodeScalars {
            let size = String(scalar).utf8.count
            if width + size > 75 {
                result += "\r\n "
                width = 1
            }
            result.unicodeScalars.append(scalar)
            width += size
        }
        return result
    }

    /// `20261201T090000Z`
    public static func utc(_ instant: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant)
        return String(
            format: "%04d%02d%02dT%02d%02d%02dZ", parts.year!, parts.month!, parts.day!,
            parts.hour!, parts.minute!, parts.second!)
    }
}
