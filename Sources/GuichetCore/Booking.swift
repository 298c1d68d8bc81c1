import Foundation

/// How a procedure hands out appointments (see DESIGN.md, "Allocation").
public enum Mode: String, Codable, Sendable, CaseIterable {
    case release, draw
    case walkIn = "walk-in"
}

public enum AppointmentStatus: String, Codable, Sendable, CaseIterable {
    case pending, confirmed, cancelled, expired
    case checkedIn = "checked-in"
    case served
    case noShow = "no-show"
    case rejected

    /// Whether the appointment still holds its seat and counts towards "one person, one active appointment".
    /// Once the person has been seen (checked in, served, rejected) the seat is consumed, not held.
    public var isActive: Bool {
        self == .pending || self == .confirmed
    }
}

public enum BookingRules {
    /// An emailed code as it must be typed: six ASCII digits (callers remove the spaces they tolerate first).
    public static func isWellFormedCode(_ code: String) -> Bool {
        code.count == 6 && code.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// An emailed code as a person typed or pasted it, on a page or through the API: the digits once every space is
    /// removed ("123 456", as some mail programs show it, is 123456), nil unless six ASCII digits remain.
    public static func typedCode(_ typed: String) -> String? {
        let digits = typed.filter { !$0.isWhitespace }
        return isWellFormedCode(digits) ? digits : nil
    }

    /// Long enough to open an email and type a code, short enough that an unconfirmed hold does not keep a seat
    /// from other people for long.
    public static let holdDuration: TimeInterval = 15 * 60
    /// Six digits with five tries gives a guesser 1 chance in 200,000 per hold.
    public static let maxCodeAttempts = 5

    /// What an emailed code does to a hold or a request.
    public enum CodeCheck: Equatable, Sendable {
        case accepted
        /// Wrong; `attempts` is the new count to store.
        case rejected(attempts: Int, remaining: Int)
        /// Wrong for the last allowed time: the hold or request ends.
        case exhausted
    }

    /// Checks a typed code against the stored hash, in constant time, counting wrong attempts.
    public static func checkCode(_ code: String, hash: String, attemptsSoFar: Int) -> CodeCheck {
        if Tokens.matches(code, hash: hash) { return .accepted }
        let attempts = attemptsSoFar + 1
        return attempts >= maxCodeAttempts
            ? .exhausted : .rejected(attempts: attempts, remaining: maxCodeAttempts - attempts)
    }

    /// A counter only takes appointments for the procedures it serves.
    public static func counterServes(_ counterProcedures: Set<String>, procedure: String) -> Bool {
        counterProcedures.contains(procedure)
    }
}
