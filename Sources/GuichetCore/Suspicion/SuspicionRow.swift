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
        guard let colon = text.firstIndex(of: ":"), let kind = Kind(rawValue: String(text[..<colon])) else { return nil }
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

    public init(subject: SuspicionSubject, createdAt: Date, network: String? = nil, userAgent: String? = nil,
                emailPattern: String? = nil, phoneKey: String? = nil, nameKey: String, emailKey: String,
                secondsSinceRelease: Double? = nil, cancelledAt: Date? = nil, isActive: Bool = true,
                isFlagged: Bool = false) {
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
    }
}

/// When shared features make a cluster. Thresholds count distinct people (name keys), not rows, so one person who
/// cancelled and rebooked twice from home is not a "network of three".
public struct ClusterThresholds: Sendable, Equatable {
    /// People behind one /24 or /48. Three: a family booking from one home box is two; a cybercafé is more.
    public var networkPeople = 3
    /// People whose addresses share a pattern with digits (`rdvpref#@gmail.com`): two already say one hand.
    public var emailPatternPeople = 2
    /// People who gave one phone number at different times (active bookings cannot share one).
    public var phonePeople = 2
    /// People with one User-Agent arriving each within `userAgentWindow` of the previous one.
    public var userAgentPeople = 3
    public var userAgentWindow: TimeInterval = 10 * 60
    /// A User-Agent held by more than this share of all rows (and more than `commonUserAgentFloor` rows) is a
    /// mainstream browser build, which links strangers: it is ignored.
    public var commonUserAgentShare = 0.05
    public var commonUserAgentFloor = 20
    /// A booking made within this time after the same person (names or email) cancelled another is churn.
    public var churnWindow: TimeInterval = 24 * 3600
    /// Churn events on one key that make a cluster on their own. One is someone changing their mind; two or more
    /// on one email or one name is the placeholder trick repeated.
    public var churnEvents = 2
    /// A hold this many seconds or fewer after its slot went on offer arrived faster than people read a page.
    public var releaseRushSeconds: Double = 10
    /// People arriving within `releaseRushSeconds` of one release that make a cluster.
    public var releaseRushPeople = 3

    public init() {}
}
