/// What a request for a draw or a ticket for a release lottery must say, whoever sends it (the request form, the API).
public enum RequestRules {
    /// The days a request may name as days the person cannot come: the working days.
    public static let namableWeekdays: [Weekday] = [.monday, .tuesday, .wednesday, .thursday, .friday]

    /// At most four: someone who can come on no working day cannot be given a seat, and is told so when asking
    /// rather than after every draw.
    public static let maximumUnavailableWeekdays = 4

    /// A working day by its English name in any letter case ("Monday", "monday"); nil for any other name.
    public static func weekday(named name: String) -> Weekday? {
        Weekday(name: name.lowercased()).flatMap { namableWeekdays.contains($0) ? $0 : nil }
    }

    /// Whether these unavailable days (repeats counted once) still leave the person a working day.
    public static func leavesAWorkingDay(_ unavailable: some Sequence<Weekday>) -> Bool {
        Set(unavailable).count <= maximumUnavailableWeekdays
    }

    /// Whether a request to a procedure of this mode must give the expiry of the person's permit or visa: a draw's
    /// does, since its priority for permits about to expire is read from it; a release lottery's ticket does not (a
    /// lottery has no priority).
    public static func requiresPermitExpiry(_ mode: Mode) -> Bool {
        mode == .draw
    }
}
