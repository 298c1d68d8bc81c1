/// Priority in a draw: the nearer a person's permit is to lapsing, the earlier their request is served, because a
/// lapsed permit can cost them their job or their rights while they wait (DESIGN.md, "Allocation").
///
/// Raw values are the published order (0 first), so a verifier sorts by the number it reads in the document.
public enum DrawTier: Int, Codable, Sendable, Comparable, CaseIterable {
    /// Permit expired, or expiring within 30 days of the first seat on offer.
    case urgent = 0
    /// Expiring within 90 days of the first seat on offer.
    case soon = 1
    /// Everyone else, first applications (no permit) included.
    case other = 2

    /// Measured from the first seat on offer rather than from the draw date: what matters is whether the person can
    /// still be seen before the permit lapses, and seats may start weeks after the window closes. Both bounds are
    /// inclusive: a permit ending exactly 30 days after the first seat is urgent.
    public static func of(permitExpiry: CivilDate?, firstSeat: CivilDate) -> DrawTier {
        guard let permitExpiry else { return .other }
        let daysLeft = permitExpiry - firstSeat
        if daysLeft <= 30 { return .urgent }
        if daysLeft <= 90 { return .soon }
        return .other
    }

    public static func < (lhs: DrawTier, rhs: DrawTier) -> Bool { lhs.rawValue < rhs.rawValue }
}
