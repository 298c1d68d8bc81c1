import Foundation

/// What the public statistics say about one week. Each figure's definition is on the `/stats` page; the comments
/// here say which timestamp puts a record in the week.
public struct WeeklyFigures: Sendable, Equatable, Codable {
    public var monday: CivilDate
    /// Seats put on offer (released, by a release, an extra-seat opening or a draw) in slots starting this week;
    /// a seat freed and offered again counts once.
    public var seatsReleased: Int = 0
    /// Draw requests registered (email confirmed) this week.
    public var requests: Int = 0
    /// Draw requests that the draw turned into appointments this week.
    public var allocated: Int = 0
    /// Appointments confirmed this week (emailed code entered, or allocated by a draw).
    public var confirmed: Int = 0
    /// Appointments of this week whose person was checked in or served.
    public var attended: Int = 0
    /// Appointments of this week whose person did not come.
    public var noShows: Int = 0
    /// Duplicate bookings removed this week (audit entries `duplicate_removed`).
    public var duplicatesRemoved: Int = 0
    /// Appointments of this week refused at the counter (identity not matching).
    public var rejected: Int = 0
    /// Median, over this week's attended appointments, of the days from the booking (or the draw request that led
    /// to it) to the appointment. Nil when nobody attended.
    public var medianWaitDays: Double?
    /// Attended appointments of this week whose permit had not expired on the appointment's day…
    public var seenBeforeExpiry: Int = 0
    /// …out of the attended appointments whose permit expiry is known.
    public var attendedWithExpiry: Int = 0

    public init(monday: CivilDate) {
        self.monday = monday
    }

    /// The share of people seen before their permit expired, or nil when no attended person gave an expiry.
    public var seenBeforeExpiryShare: Double? {
        attendedWithExpiry == 0 ? nil : Double(seenBeforeExpiry) / Double(attendedWithExpiry)
    }
}

public enum Median {
    /// The middle value (the mean of the two middle ones for an even count), or nil for no values.
    public static func of(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
