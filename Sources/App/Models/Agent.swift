import Fluent
import Foundation

/// A member of staff. The password is stored as a bcrypt hash; the email is stored lower-cased.
final class Agent: Model, @unchecked Sendable {
    static let schema = "agents"

    @ID(key: .id) var id: UUID?
    @Field(key: "email") var email: String
    @Field(key: "display_name") var displayName: String
    @Field(key: "role") var role: String
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "password_changed_at") var passwordChangedAt: Date?
    @OptionalField(key: "disabled_at") var disabledAt: Date?

    init() {}

    var agentRole: AgentRole? { AgentRole(rawValue: role) }
}

/// What an agent may do. Each role includes the ones before it.
enum AgentRole: String, Codable, Sendable, CaseIterable, Comparable {
    /// Counter work: check-in, the day's list, walk-in tickets, assisted booking, urgent requests.
    case agent
    /// Also: suspicion review and cluster cancellation, extra seats, statistics exports.
    case supervisor
    /// Also: configuration, agent accounts, the audit log.
    case admin

    private var rank: Int { Self.allCases.firstIndex(of: self)! }

    static func < (lhs: AgentRole, rhs: AgentRole) -> Bool { lhs.rank < rhs.rank }
}

/// Failed logins counted per account and per network, so that guessing is slow from one place and for one account.
final class LoginThrottle: Model, @unchecked Sendable {
    static let schema = "login_throttles"

    @ID(custom: "key", generatedBy: .user) var id: String?
    @Field(key: "failures") var failures: Int
    @Field(key: "window_start") var windowStart: Date
    @OptionalField(key: "locked_until") var lockedUntil: Date?

    init() {}
}
