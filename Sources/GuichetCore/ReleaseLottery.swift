import Foundation

/// A release's lottery (`docs/decisions/0013`): at a release instant the seats go on offer, but for the lottery's
/// minutes nobody can take them; everyone who asks in that time holds one ticket, and at its end `Draw.allocate`
/// gives the seats in the order of HMAC-SHA256(seed, ticket number), the seed committed to at the instant. The time
/// of asking inside the window changes nothing, so polling every second buys nothing.
public enum ReleaseLottery {
    /// How long a winner has to enter the code emailed with the result. Longer than a hold's 15 minutes: the result
    /// comes at a time the person did not choose, and a bot, which reads its mail at once, must not win the seats of
    /// people who read theirs at lunchtime. Unconfirmed seats go back to `planned`, never to the next in line.
    public static let confirmWindow: TimeInterval = 12 * 3600

    /// The lottery's inputs: every ticket in one tier. Priority for permits about to lapse belongs to the draw, where
    /// it is checked on a scan of the permit; a release lottery is over in half an hour, too soon for that check.
    public static func tickets(_ numbers: [String], unavailableWeekdays: [String: [Weekday]] = [:]) -> [DrawRequest] {
        numbers.map { DrawRequest(number: $0, tier: .other, unavailableWeekdays: unavailableWeekdays[$0] ?? []) }
    }
}

/// What a published draw document records: a draw of requests made over a window, or the lottery of a release.
public enum DrawKind: String, Codable, Sendable, CaseIterable {
    case draw
    case releaseLottery = "release-lottery"
}
