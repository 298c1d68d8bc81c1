import Foundation

/// The rules an admin's change to a counter is checked against: how a day's hours are typed, and which existing
/// slots the new hours and closures no longer cover.
public enum CounterSchedule {
    public enum HoursProblem: Error, Equatable, Sendable {
        /// A piece that is not "HH:MM-HH:MM" with a start before its end.
        case notARange(String)
        /// Two sessions of the day overlap.
        case overlap
    }

    /// One day's sessions as an admin types them: "09:00-12:00, 13:30-16:30" (commas or semicolons, spaces
    /// ignored, an en dash accepted for the hyphen). Empty text is a closed day.
    public static func parseDay(_ text: String) -> Result<[TimeRange], HoursProblem> {
        let pieces = text.replacingOccurrences(of: "–", with: "-")
            .split(whereSeparator: { $0 == "," || $0 == ";" })
            .map { $0.filter { !$0.isWhitespace } }
            .filter { !$0.isEmpty }
        var ranges: [TimeRange] = []
        for piece in pieces {
            guard let range = TimeRange(piece) else { return .failure(.notARange(piece)) }
            ranges.append(range)
        }
        ranges.sort { ($0.startMinute, $0.endMinute) < ($1.startMinute, $1.endMinute) }
        if zip(ranges, ranges.dropFirst()).contains(where: { $0.overlaps($1) }) { return .failure(.overlap) }
        return .success(ranges)
    }

    /// The day's sessions as the form shows them.
    public static func dayText(_ ranges: [TimeRange]) -> String {
        ranges.map(\.text).joined(separator: ", ")
    }

    /// Whether a slot of that day, from `startMinute` to `endMinute` (Paris wall clock), still lies inside the
    /// counter's hours and outside its closures and the public holidays. A slot that does not is closed by the change,
    /// and the people booked on it must be moved or told.
    public static func covers(
        hours: WeeklyHours, closures: [Closure], date: CivilDate, startMinute: Int,
        endMinute: Int
    ) -> Bool {
        guard !closures.contains(where: { $0.contains(date) }),
            FrenchHolidays.holidays(year: date.year)[date] == nil
        else { return false }
        return hours.ranges(on: date.weekday).contains { $0.startMinute <= startMinute && endMinute <= $0.endMinute }
    }
}

/// Where the people of a closed slot go when an admin chooses to move them: each, in order of their appointment,
/// to the earliest seat left at a counter serving their procedure. Moving nobody to a seat someone else was given
/// in the same pass.
public enum Relocation {
    public struct Person: Sendable, Equatable {
        public let id: String
        public let procedureID: String
        public init(id: String, procedureID: String) {
            self.id = id
            self.procedureID = procedureID
        }
    }

    public struct Seat: Sendable, Equatable {
        public let slotID: Int
        public let counterID: String
        public let start: Date
        public let free: Int
        public init(slotID: Int, counterID: String, start: Date, free: Int) {
            self.slotID = slotID
            self.counterID = counterID
            self.start = start
            self.free = free
        }
    }

    /// person id → slot id; a person without a seat is absent (the caller cancels and notifies them).
    public static func assign(
        _ people: [Person], seats: [Seat],
        counters: (String) -> Set<String>
    ) -> [String: Int] {
        var left = Dictionary(seats.map { ($0.slotID, $0.free) }, uniquingKeysWith: +)
        let ordered = seats.sorted { ($0.start, $0.slotID) < ($1.start, $1.slotID) }
        var result: [String: Int] = [:]
        for person in people {
            let serving = counters(person.procedureID)
            guard let seat = ordered.first(where: { serving.contains($0.counterID) && left[$0.slotID, default: 0] > 0 })
            else { continue }
            left[seat.slotID, default: 0] -= 1
            result[person.id] = seat.slotID
        }
        return result
    }
}
