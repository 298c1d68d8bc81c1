import Foundation

/// Priority in a draw is shown, not declared (`docs/decisions/0014`): a request whose permit expiry would put it
/// above the normal tier carries a scan or photo of the permit, and an agent confirms the date on it before the draw.
/// Until then, and if the agent downgrades it, the request is drawn in the normal tier. Told by the trial: requests
/// lying about an expiry ten days away won 100 % of the time against 60 % for honest ones.
public enum PriorityClaim {
    public enum Review: String, Codable, Sendable, CaseIterable {
        /// A scan is there, no agent has looked at it yet.
        case pending
        /// An agent read the declared expiry on the scan.
        case confirmed
        /// An agent could not read it there (another date, another document, unreadable).
        case downgraded
    }

    /// Whether a declared expiry asks for more than the normal tier at a draw whose first seat is on `firstSeat`.
    public static func claimsPriority(permitExpiry: CivilDate?, firstSeat: CivilDate) -> Bool {
        DrawTier.of(permitExpiry: permitExpiry, firstSeat: firstSeat) != .other
    }

    /// The tier a request is drawn in: what its expiry gives once an agent has confirmed it, the normal tier otherwise.
    public static func tier(permitExpiry: CivilDate?, review: Review?, firstSeat: CivilDate) -> DrawTier {
        guard review == .confirmed else { return .other }
        return DrawTier.of(permitExpiry: permitExpiry, firstSeat: firstSeat)
    }
}
