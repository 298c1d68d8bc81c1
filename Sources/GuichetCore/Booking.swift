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

    /// Every active status: the one list the queries, the constraints' callers and the pages filter by.
    public static let active = allCases.filter(\.isActive)
}

/// Why nobody can take a seat of a slot first come now. The hold's conditional statement (`SeatLedger.taking`) is the
/// same rule in SQL, checked again where the seat is taken.
public enum SlotUnavailability: Sendable, Equatable {
    /// The slot's counter does not serve the procedure.
    case wrongCounter
    /// The slot has started.
    case inPast
    /// Closed, or none of its seats has been put on offer yet.
    case notReleased
    /// Its seats wait for a release lottery.
    case inLottery
    /// Every seat on offer is taken.
    case full
}

/// A slot's seats as the booking rule reads them.
public struct SlotSeats: Sendable {
    public let counterID: String
    public let startsAt: Date
    public let closed: Bool
    public let released: Int
    public let taken: Int
    public let inLottery: Bool

    public init(counterID: String, startsAt: Date, closed: Bool, released: Int, taken: Int, inLottery: Bool) {
        self.counterID = counterID
        self.startsAt = startsAt
        self.closed = closed
        self.released = released
        self.taken = taken
        self.inLottery = inLottery
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
    /// Whether a seat of `slot` can be taken first come at `now` for a procedure its `counters` serve: nil if it can,
    /// else the first reason it cannot, in the order a person would want to hear them.
    public static func unavailability(
        of slot: SlotSeats, servedBy counters: some Collection<String>, now: Date
    ) -> SlotUnavailability? {
        if !counters.contains(slot.counterID) { return .wrongCounter }
        if slot.startsAt <= now { return .inPast }
        if slot.closed || slot.released == 0 { return .notReleased }
        if slot.inLottery { return .inLottery }
        if slot.taken >= slot.released { return .full }
        return nil
    }

    public static func counterServes(_ counterProcedures: Set<String>, procedure: String) -> Bool {
        counterProcedures.contains(procedure)
    }
}
