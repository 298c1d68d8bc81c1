import Foundation

/// A feature several rows share. Strong ones make clusters; weak ones only rank them and are shown.
public struct SharedFeature: Hashable, Sendable {
    public enum Kind: String, Sendable, Comparable, CaseIterable {
        /// One /24 or /48, arrivals minutes apart, and a large share of everyone arriving meanwhile.
        case network
        /// One phone number given by several people.
        case phone
        /// One mailbox (the same email key) for several people.
        case email
        /// Two active bookings whose identities look like one person typed twice (`NearDuplicate`).
        case nearDuplicate = "near_duplicate"
        /// Addresses with the same shape once digits are set aside: honest namesakes share these too.
        case emailPattern = "email_pattern"
        /// One browser build arriving in a burst: a few builds are most of everyone's.
        case userAgent = "user_agent"
        /// Cancel-and-rebook under one name or address: people change their minds.
        case churn
        /// Arrivals within seconds of one release: everyone watching the page arrives then.
        case releaseRush = "release_rush"

        /// Strong kinds link rows into clusters; the others never do.
        public var isStrong: Bool {
            switch self {
            case .network, .phone, .email, .nearDuplicate: true
            case .emailPattern, .userAgent, .churn, .releaseRush: false
            }
        }

        public static func < (a: Kind, b: Kind) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    public let kind: Kind
    /// The network prefix, the phone key, the email key, the near-duplicate reason (`NearDuplicate.Reason`), the
    /// pattern, the User-Agent digest, the churned name or email key, or the release instant (Paris time, ISO 8601).
    public let value: String
    /// Rows, and distinct people among them.
    public let members: Int
    public let people: Int
    /// When the first and the last member arrived.
    public let from: Date
    public let to: Date

    public init(kind: Kind, value: String, members: Int, people: Int, from: Date, to: Date) {
        self.kind = kind
        self.value = value
        self.members = members
        self.people = people
        self.from = from
        self.to = to
    }
}

/// Why one row is where it is: a strong link that ties it into its cluster, or a weak signal it shows.
public struct MemberReason: Hashable, Sendable, Comparable {
    public let kind: SharedFeature.Kind
    /// The shared feature's value; for a near-duplicate, the twin (`SuspicionSubject.description`).
    public let value: String
    /// For a near-duplicate: how the two identities differ.
    public let nearDuplicate: NearDuplicate.Reason?

    public init(kind: SharedFeature.Kind, value: String, nearDuplicate: NearDuplicate.Reason? = nil) {
        self.kind = kind
        self.value = value
        self.nearDuplicate = nearDuplicate
    }

    public var isStrong: Bool { kind.isStrong }

    public static func < (a: Self, b: Self) -> Bool { (a.kind, a.value) < (b.kind, b.value) }
}

public struct ClusterMember: Hashable, Sendable {
    /// What stands out about one member on its own.
    public enum Mark: String, Sendable, Comparable, CaseIterable {
        /// Made within the churn window after the same person cancelled another booking.
        case churn
        /// Held within `releaseRushSeconds` of its slot going on offer.
        case releaseRush = "release_rush"
        /// Sent for review (the counter's "ID does not match").
        case flagged

        public static func < (a: Mark, b: Mark) -> Bool { a.rawValue < b.rawValue }
    }

    public let subject: SuspicionSubject
    public let createdAt: Date
    public let isActive: Bool
    public let marks: [Mark]
    /// Strong links first (what ties it in), then weak signals (what it shows); sorted within each.
    public let reasons: [MemberReason]

    public init(subject: SuspicionSubject, createdAt: Date, isActive: Bool, marks: [Mark], reasons: [MemberReason] = [])
    {
        self.subject = subject
        self.createdAt = createdAt
        self.isActive = isActive
        self.marks = marks
        self.reasons = reasons
    }

    public var links: [MemberReason] { reasons.filter(\.isStrong) }
    public var signals: [MemberReason] { reasons.filter { !$0.isStrong } }
}

/// Bookings and requests tied by strong links, directly or through a chain (A shares a phone with B, B a mailbox
/// with C), as a supervisor reviews them; with the rows that only share weak signals with them, shown apart.
public struct SuspicionCluster: Hashable, Sendable {
    /// The earliest member, as `kind:id`: stable while the cluster grows with later arrivals.
    public let key: String
    /// Strong links first, then the weak signals its members show.
    public let features: [SharedFeature]
    /// In order of arrival.
    public let members: [ClusterMember]
    /// Rows in no cluster that share only weak signals with a member, in order of arrival: context for the
    /// supervisor, never cancelled with the cluster.
    public let related: [ClusterMember]
    /// Higher is more suspicious: see `ClusterFinder.score`.
    public let score: Int

    public init(
        key: String, features: [SharedFeature], members: [ClusterMember], related: [ClusterMember] = [],
        score: Int
    ) {
        self.key = key
        self.features = features
        self.members = members
        self.related = related
        self.score = score
    }

    public var isFlagged: Bool { members.contains { $0.marks.contains(.flagged) } }
    public var activeCount: Int { members.filter(\.isActive).count }
    public var subjects: [SuspicionSubject] { members.map(\.subject) }
    /// What cancelling the cluster ends: its active members. Related rows are never among them.
    public var cancellable: [SuspicionSubject] { members.filter(\.isActive).map(\.subject) }
}
