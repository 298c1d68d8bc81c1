import Fluent
import Foundation
import GuichetCore
import Vapor

/// Agent accounts: creation, login with throttling, password change.
struct AgentAccounts: Sendable {
    let db: any Database
    let services: GuichetServices
    let hasher: AsyncPasswordHasher

    /// Five wrong passwords for one account, or twenty from one network, within 15 minutes lock it for 15 minutes.
    static let accountFailures = 5
    static let networkFailures = 20
    static let window: TimeInterval = 15 * 60
    static let lockout: TimeInterval = 15 * 60
    static let passwordLength = 12...200

    /// Checks the password; every failure counts against the account and the network, and a locked account or
    /// network is refused before the password is even looked at.
    func login(email: String, password: String, network: String) async throws -> Agent {
        let now = services.clock.now()
        let key = email.trimmingCharacters(in: .whitespaces).lowercased()
        let keys = ["account:" + key, "network:" + network]
        for throttle in try await LoginThrottle.query(on: db).filter(\.$id ~~ keys).all() {
            if let until = throttle.lockedUntil, until > now {
                throw AgentError.lockedOut(until: until, seconds: Int(until.timeIntervalSince(now).rounded(.up)))
            }
        }
        let agent = try await Agent.query(on: db).filter(\.$email == key).first()
        // A missing account costs a hash as well, so timing does not tell which emails exist.
        let hash = agent?.passwordHash ?? "$2a$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW"
        let verified = (try? await hasher.verify(String(password.prefix(Self.passwordLength.upperBound)), created: hash)) == true
        let matches = password.count <= Self.passwordLength.upperBound && verified
        guard let agent, matches, agent.disabledAt == nil else {
            try await recordFailure(keys: keys, now: now)
            throw AgentError.invalidCredentials
        }
        try await db.write(through: services.writeGate) { tx in
            try await LoginThrottle.query(on: tx).filter(\.$id == keys[0]).delete()
        }
        return agent
    }

    private func recordFailure(keys: [String], now: Date) async throws {
        try await db.write(through: services.writeGate) { tx in
            for key in keys {
                let limit = key.hasPrefix("account:") ? Self.accountFailures : Self.networkFailures
                let throttle = try await LoginThrottle.find(key, on: tx) ?? {
                    let fresh = LoginThrottle()
                    fresh.id = key
                    fresh.failures = 0
                    fresh.windowStart = now
                    return fresh
                }()
                if now.timeIntervalSince(throttle.windowStart) > Self.window {
                    throttle.failures = 0
                    throttle.windowStart = now
                }
                throttle.failures += 1
                if throttle.failures >= limit { throttle.lockedUntil = now.addingTimeInterval(Self.lockout) }
                try await throttle.save(on: tx)
            }
        }
    }

    func create(email: String, displayName: String, role: AgentRole, password: String) async throws -> Agent {
        let address = email.trimmingCharacters(in: .whitespaces).lowercased()
        guard (try? EmailAddress.validate(address)) != nil else { throw AgentError.invalidEmail }
        try Self.checkStrength(password)
        let agent = Agent()
        agent.id = services.random.with { UUID.random(using: &$0) }
        agent.email = address
        agent.displayName = displayName.isEmpty ? address : String(displayName.prefix(100))
        agent.role = role.rawValue
        agent.passwordHash = try await hasher.hash(password)
        agent.createdAt = services.clock.now()
        do {
            try await db.write(through: services.writeGate) { tx in
                try await agent.create(on: tx)
                try await AuditEntry(at: agent.createdAt, actor: "system", action: "agent_created", recordType: "agent",
                                     recordID: agent.id!.uuidString, detail: "role=\(role.rawValue)").create(on: tx)
            }
        } catch {
            if try await Agent.query(on: db).filter(\.$email == address).count() > 0 { throw AgentError.emailTaken }
            throw error
        }
        return agent
    }

    func changePassword(_ agent: Agent, current: String, new: String, remote: String?) async throws {
        guard (try? await hasher.verify(current, created: agent.passwordHash)) == true else {
            throw AgentError.wrongCurrentPassword
        }
        try Self.checkStrength(new)
        agent.passwordHash = try await hasher.hash(new)
        agent.passwordChangedAt = services.clock.now()
        try await db.write(through: services.writeGate) { tx in
            try await agent.save(on: tx)
            try await AuditEntry(at: agent.passwordChangedAt!, actor: agent.actor, action: "password_changed",
                                 recordType: "agent", recordID: agent.id!.uuidString, detail: "", remote: remote).create(on: tx)
        }
    }

    static func checkStrength(_ password: String) throws {
        guard passwordLength.contains(password.count) else { throw AgentError.weakPassword }
    }
}

extension Agent {
    /// How an agent appears in audit entries.
    var actor: String { "agent:\(email)" }
}

enum AgentError: CodedError {
    case invalidCredentials
    case lockedOut(until: Date, seconds: Int)
    case invalidEmail
    case emailTaken
    case weakPassword
    case wrongCurrentPassword

    var status: HTTPResponseStatus {
        switch self {
        case .invalidCredentials, .wrongCurrentPassword: .unauthorized
        case .lockedOut: .tooManyRequests
        case .invalidEmail, .weakPassword: .unprocessableEntity
        case .emailTaken: .conflict
        }
    }

    var code: String {
        switch self {
        case .invalidCredentials: "invalid_credentials"
        case .lockedOut: "locked_out"
        case .invalidEmail: "validation_failed"
        case .emailTaken: "email_taken"
        case .weakPassword: "weak_password"
        case .wrongCurrentPassword: "wrong_password"
        }
    }

    var text: Localized {
        switch self {
        case .invalidCredentials: Localized(fr: "Adresse ou mot de passe incorrect.", en: "Wrong email or password.")
        case .lockedOut(let until, _):
            Localized(fr: "Trop d'essais. Réessayez après \(DateText.time(until)).",
                      en: "Too many attempts. Try again after \(DateText.time(until)).")
        case .invalidEmail: Localized(fr: "Adresse électronique invalide.", en: "Invalid email address.")
        case .emailTaken: Localized(fr: "Un compte existe déjà pour cette adresse.", en: "An account already exists for this address.")
        case .weakPassword: Localized(fr: "Le mot de passe doit compter au moins 12 caractères.",
                                      en: "The password must have at least 12 characters.")
        case .wrongCurrentPassword: Localized(fr: "Le mot de passe actuel est incorrect.", en: "The current password is wrong.")
        }
    }

    var headers: HTTPHeaders {
        guard case .lockedOut(_, let seconds) = self else { return [:] }
        return ["Retry-After": String(max(1, seconds))]
    }
}
