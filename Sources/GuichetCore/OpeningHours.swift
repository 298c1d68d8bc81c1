import Foundation

/// A span of local wall-clock time within one day, such as a counter's morning session.
///
/// Minutes rather than `Date`s because opening hours are a local-time promise: "09:00" stays 09:00 across the
/// daylight-saving change.
public struct TimeRange: Hashable, Sendable, Codable {
    public let startMinute: Int
    public let endMinute: Int

    /// `endMinute` may be 1440 (midnight at the end of the day); an empty or reversed range is refused.
    public init?(startMinute: Int, endMinute: Int) {
        guard (0..<1440).contains(startMinute), (1...1440).contains(endMinute), startMinute < endMinute else {
            return nil
        }
        self.startMinute = startMinute
        self.endMinute = endMinute
    }

    /// Exactly "HH:MM-HH:MM", as written in configuration.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let start = Self.minutes(parts[0]), let end = Self.minutes(parts[1]) else {
            return nil
        }
        self.init(startMinute: start, endMinute: end)
    }

    public var text: String { "\(Self.clock(startMinute))-\(Self.clock(endMinute))" }

    public var lengthMinutes: Int { endMinute - startMinute }

    public func overlaps(_ other: TimeRange) -> Bool {
        startMinute < other.endMinute && other.startMinute < endMinute
    }

    /// "14:00" → 840; nil unless exactly "HH:MM" within the day.
    public static func minute(of text: String) -> Int? {
        minutes(Substring(text.trimmingCharacters(in: .whitespaces))).flatMap { $0 < 1440 ? $0 : nil }
    }

    private static func minutes(_ text: Substring) -> Int? {
        let bytes = Array(text.utf8)
        guard bytes.count == 5, bytes[2] == UInt8(ascii: ":"),
            bytes.enumerated().allSatisfy({
                $0.offset == 2 || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0.element)
            })
        else { return nil }
        let digit = { (index: Int) in Int(bytes[index] - UInt8(ascii: "0")) }
        let hour = digit(0) * 10 + digit(1)
        let minute = digit(3) * 10 + digit(4)
        guard minute < 60, hour < 24 || (hour == 24 && minute == 0) else { return nil }
        return hour * 60 + minute
    }

    /// 840 → "14:00".
    public static func clock(_ minutes: Int) -> String {
        let hour = minutes / 60
        let minute = minutes % 60
        return (hour < 10 ? "0\(hour)" : "\(hour)") + ":" + (minute < 10 ? "0\(minute)" : "\(minute)")
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let range = TimeRange(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "Not an HH:MM-HH:MM range: '\(text)'")
        }
        self = range
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}

/// A counter's regular week: for each day, the sessions during which it receives people.
///
/// Encoded as `{"monday": ["09:00-12:00", "13:30-16:00"], ...}`, the shape operators edit by hand. Decoding refuses
/// unknown day names and overlapping sessions, because a typo such as "wendesday" would otherwise silently close a
/// day, and an overlap would generate the same seat twice.
public struct WeeklyHours: Hashable, Sendable, Codable {
    public var ranges: [Weekday: [TimeRange]]

    /// Days without sessions are dropped and sessions are sorted, so that equal weeks compare equal.
    public init(_ ranges: [Weekday: [TimeRange]]) {
        self.ranges =
            ranges
            .filter { !$0.value.isEmpty }
            .mapValues { $0.sorted { ($0.startMinute, $0.endMinute) < ($1.startMinute, $1.endMinute) } }
    }

    /// The day's sessions in chronological order.
    public func ranges(on day: Weekday) -> [TimeRange] {
        (ranges[day] ?? []).sorted { ($0.startMinute, $0.endMinute) < ($1.startMinute, $1.endMinute) }
    }

    /// Days on which two sessions overlap.
    public var overlappingDays: [Weekday] {
        Weekday.allCases.filter { day in
            let sessions = ranges(on: day)
            return zip(sessions, sessions.dropFirst()).contains { $0.overlaps($1) }
        }
    }

    private struct DayKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DayKey.self)
        var ranges: [Weekday: [TimeRange]] = [:]
        for key in container.allKeys {
            guard let day = Weekday(name: key.stringValue) else {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: container, debugDescription: "Unknown weekday '\(key.stringValue)'")
            }
            ranges[day] = try container.decode([TimeRange].self, forKey: key)
        }
        self.init(ranges)
        if let day = overlappingDays.first {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: decoder.codingPath + [DayKey(stringValue: day.name)],
                    debugDescription: "Overlapping opening hours on \(day.name)"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: DayKey.self)
        for day in Weekday.allCases where !ranges(on: day).isEmpty {
            try container.encode(ranges(on: day), forKey: DayKey(stringValue: day.name))
        }
    }
}

/// Days on which a counter is shut outside public holidays: staff training, works, a strike.
public struct Closure: Hashable, Sendable, Codable {
    public let from: CivilDate
    public let through: CivilDate
    public let reason: String

    /// A reversed period contains no day rather than trapping, so that a mistyped closure cannot crash slot generation.
    public init(from: CivilDate, through: CivilDate, reason: String) {
        self.from = from
        self.through = through
        self.reason = reason
    }

    public func contains(_ d: CivilDate) -> Bool {
        from <= d && d <= through
    }
}
