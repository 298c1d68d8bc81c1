import Foundation

/// A feature several members of a cluster share.
public struct SharedFeature: Hashable, Sendable {
    public enum Kind: String, Sendable, Comparable, CaseIterable {
        case network
        case emailPattern = "email_pattern"
        case phone
        case userAgent = "user_agent"
        case churn
        case releaseRush = "release_rush"

        public static func < (a: Kind, b: Kind) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    public let kind: Kind
    /// The network prefix, the pattern, the phone key, the User-Agent digest, the churned name or email key, or
    /// the release instant (Paris time, ISO 8601).
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

    public init(subject: SuspicionSubject, createdAt: Date, isActive: Bool, marks: [Mark]) {
        self.subject = subject
        self.createdAt = createdAt
        self.isActive = isActive
        self.marks = marks
    }
}

/// Bookings and requests linked by shared features, directly or through a chain (A shares a network with B, B a
/// phone with C), as a supervisor reviews them.
public struct SuspicionCluster: Hashable, Sendable {
    /// The earliest member, as `kind:id`: stable while the cluster grows with later arrivals.
    public let key: String
    public let features: [SharedFeature]
    /// In order of arrival.
    public let members: [ClusterMember]
    /// Higher is more suspicious: see `ClusterFinder.score`.
    public let score: Int

    public init(key: String, features: [SharedFeature], members: [ClusterMember], score: Int) {
        self.key = key
        self.features = features
        self.members = members
        self.score = score
    }

    public var isFlagged: Bool { members.contains { $0.marks.contains(.flagged) } }
    public var activeCount: Int { members.filter(\.isActive).count }
    public var subjects: [SuspicionSubject] { members.map(\.subject) }
}
