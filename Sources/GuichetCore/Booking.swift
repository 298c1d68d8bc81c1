import Foundation

/// How a procedure hands out appointments (see DESIGN.md, "Allocation").
public enum Mode: String, Codable, Sendable, CaseIterable {
    case release, draw, walkIn = "walk-in"
}

public enum AppointmentStatus: String, Codable, Sendable, CaseIterable {
    case pending, confirmed, cancelled, expired, checkedIn = "checked-in", served, noShow = "no-show", rejected

    /// Whether the appointment still holds its seat and counts towards "one person, one active appointment".
    /// Once the person has been seen (checked in, served, rejected) the seat is consumed, not held.
    public var isActive: Bool {
        self == .pending || self == .confirmed
    }
}

public enum BookingRules {
    /// Long enough to open an email and type a code, short enough that an unconfirmed hold does not keep a seat
    /// from other people for long.
    public static let holdDuration: TimeInterval = 15 * 60
    /// Six digits with five tries gives a guesser 1 chance in 200,000 per hold.
    public static let maxCodeAttempts = 5

    /// A counter only takes appointments for the procedures it serves.
    public static func counterServes(_ counterProcedures: Set<String>, procedure: String) -> Bool {
        counterProcedures.contains(procedure)
    }
}
