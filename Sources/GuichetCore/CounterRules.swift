import Foundation

/// What an agent does to an appointment at the counter, and the status it moves from and to. Each is applied
/// once: the stored status must still be `from` when the change is written.
public enum CounterAction: String, Sendable, CaseIterable {
    /// The ID document matches the registered identity.
    case checkIn = "check-in"
    /// It does not: the appointment is refused and its booking flagged for review.
    case reject
    case serve = "served"
    case noShow = "no-show"

    public var from: AppointmentStatus {
        self == .serve ? .checkedIn : .confirmed
    }

    public var to: AppointmentStatus {
        switch self {
        case .checkIn: .checkedIn
        case .reject: .rejected
        case .serve: .served
        case .noShow: .noShow
        }
    }

    /// The audit entry's action.
    public var auditAction: String {
        switch self {
        case .checkIn: "check_in"
        case .reject: "identity_mismatch"
        case .serve: "served"
        case .noShow: "no_show"
        }
    }
}

/// Why an action cannot be taken on an appointment here and now.
public enum CounterObstacle: Hashable, Sendable {
    /// The appointment is at another counter (its id): the person is sent there, not received here.
    case otherCounter(String)
    /// The appointment is on another day (Paris).
    case otherDay(CivilDate)
    /// The appointment's status does not allow the action (cancelled, expired, already checked in…).
    case status(AppointmentStatus)
    /// A no-show is recorded only once the appointment's time has come.
    case notYetDue(Date)
}

public enum CounterRules {
    /// Everything that stands in the way; empty when the action is allowed. Lateness is no reason to refuse a
    /// check-in (the service applies no penalty for it), so any time of the appointment's day will do.
    public static func obstacles(
        to action: CounterAction, status: AppointmentStatus, appointmentCounter: String,
        start: Date, atCounter counter: String, now: Date
    ) -> [CounterObstacle] {
        var found: [CounterObstacle] = []
        if appointmentCounter != counter { found.append(.otherCounter(appointmentCounter)) }
        switch action {
        case .checkIn, .reject:
            let day = ParisTime.civilDate(of: start)
            if day != ParisTime.civilDate(of: now) { found.append(.otherDay(day)) }
        case .noShow:
            if now < start { found.append(.notYetDue(start)) }
        case .serve:
            break
        }
        if status != action.from { found.append(.status(status)) }
        return found
    }
}
