import Foundation

/// An appointment or a request, named the way a supervisor acts on it.
public struct SuspicionSubject: Hashable, Comparable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable, Comparable, CaseIterable {
        case appointment, request

        public static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }
    }

    public let kind: Kind
    public let id: String

    public init(_ kind: Kind, _ id: String) {
        self.kind = kind
        self.id = id
    }

    /// "appointment:<id>", the form a page posts back.
    public var description: String { "\(kind.rawValue):\(id)" }

    public init?(_ text: String) {
        guard let colon = text.firstIndex(of: ":"), let kind = Kind(rawValue: String(text[..<colon])) else {
            return nil
        }
        let id = String(text[text.index(after: colon)...])
        guard !id.isEmpty else { return nil }
        self.init(kind, id)
    }

    public static func < (a: Self, b: Self) -> Bool { (a.kind, a.id) < (b.kind, b.id) }
}

/// What was recorded about one booking or request when it was made, with what its row says since.
public struct SuspicionRow: Hashable, Sendable {
    public let subject: SuspicionSubject
    public let createdAt: Date
    /// `NetworkPrefix` of the client; nil for agents' bookings and rows made before signals were kept.
    public let network: String?
    /// `UserAgentDigest` of the client's User-Agent.
    public let userAgent: String?
    public let emailPattern: String?
    public let phoneKey: String?
    /// The person, by names and birth date: rows of one person count once towards a threshold.
    public let nameKey: String
    public let emailKey: String
    /// Seconds between the slot's seats going on offer and this hold; nil for requests and agents' bookings.
    public let secondsSinceRelease: Double?
    /// When the person cancelled or withdrew it themselves: the first half of a cancel-and-rebook.
    public let cancelledAt: Date?
    /// Pending or confirmed (an appointment), pending or waiting (a request): what a cluster cancellation ends.
    public let isActive: Bool
    /// Marked at the counter ("ID does not match") or otherwise sent for review, and not yet reviewed.
    public let isFlagged: Bool
    /// The identity as typed, for near-duplicates (`NearDuplicate`); nil when the stored one is unreadable.
    public let identity: IdentityFacts?

    public init(
        subject: SuspicionSubject, createdAt: Date, network: String? = nil, userAgent: String? = nil,
        emailPattern: String? = nil, phoneKey: String? = nil, nameKey: String, emailKey: String,
        secondsSinceRelease: Double? = nil, cancelledAt: Date? = nil, isActive: Bool = true,
        isFlagged: Bool = false, identity: IdentityFacts? = nil
    ) {
        self.subject = subject
        self.createdAt = createdAt
        self.network = network
        self.userAgent = userAgent
        self.emailPattern = emailPattern
        self.phoneKey = phoneKey
        self.nameKey = nameKey
        self.emailKey = emailKey
        self.secondsSinceRelease = secondsSinceRelease
        self.cancelledAt = cancelledAt
        self.isActive = isActive
        self.isFlagged = isFlagged
        self.identity = identity
    }
}

/// When shared features make a cluster (strong links) or count towards its rank (weak signals). Thresholds count
/// distinct people (name keys), not rows, so one person who cancelled and rebooked twice from home is not a
/// "network of four". `docs/decisions/0012` gives the reasoning behind each number.
public struct ClusterThresholds: Sendable, Equatable {
    // Strong links.

    /// Households (distinct family names) behind one /24 or /48 in one burst. Four: a family booking together
    /// from one home box counts once, whatever its size; a cybercafé or a rented server books for strangers.
    public var networkPeople = 4
    /// A burst: each arrival from the network within this time of the previous one. Three minutes covers a person
    /// typing identities one after another at a cybercafé; bots arrive seconds apart.
    public var networkWindow: TimeInterval = 3 * 60
    /// The largest share of everyone arriving that one honest network is expected to carry. Carrier NAT spreads an
    /// operator's customers over many /24s, and everyone arrives just after a release, so one such /24 holds a
    /// few per cent of a rush.
    public var networkShare = 0.05
    /// How unlikely a burst must be, were its network only carrying `networkShare` of the arrivals of its minutes,
    /// to link its rows: once in a hundred thousand. Four arrivals in a row from one network with nobody else
    /// around pass (0.05⁴ ≈ 6·10⁻⁶), four among five do not; a scalper's network firing at a release is far
    /// beyond it (25 of 80 arrivals: about 10⁻¹³); a carrier /24 in a crowd is not near it.
    public var networkEvidence = 1e-5
    /// The same with a flagged member, which brings its close links along: two people, once in a hundred.
    public var flaggedNetworkEvidence = 1e-2
    /// People who gave one phone number at different times (active bookings cannot share one).
    public var phonePeople = 2
    /// People who gave one mailbox (same email key: case, `+tag` and Gmail dots aside) at different times.
    public var emailPeople = 2

    // Weak signals.

    /// People whose addresses share a pattern with digits (`rdvpref#@gmail.com`).
    public var emailPatternPeople = 2
    /// People with one User-Agent arriving each within `userAgentWindow` of the previous one.
    public var userAgentPeople = 3
    public var userAgentWindow: TimeInterval = 10 * 60
    /// A User-Agent held by more than this share of all rows (and more than `commonUserAgentFloor` rows) is a
    /// mainstream browser build, which says nothing: it is not even a weak signal.
    public var commonUserAgentShare = 0.05
    public var commonUserAgentFloor = 20
    /// A booking made within this time after the same person (names or email) cancelled another is churn.
    public var churnWindow: TimeInterval = 24 * 3600
    /// Churn events on one key that make a churn signal. One is someone changing their mind.
    public var churnEvents = 2
    /// A hold this many seconds or fewer after its slot went on offer arrived faster than people read a page.
    public var releaseRushSeconds: Double = 10
    /// People arriving within `releaseRushSeconds` of one release that make a release-rush signal.
    public var releaseRushPeople = 3

    public init() {}
}
