import Fluent
import Foundation
import GuichetCore
import Vapor

/// Agent accounts: creation, login with throttling, password change.
struct AgentAccounts: Sendable {
    let db: any Database
    let services: GuichetServices
    let hasher: AsyncPasswordHasher

    /// Five wrong passwords for one account, twenty on known accounts from one network or twenty attempts from one
    /// address, within 15 minutes, lock it for 15 minutes (`LoginThrottle`, `docs/decisions/0019`).
    static let accountFailures = 5
    static let networkFailures = 20
    static let addressFailures = 20
    static let window: TimeInterval = 15 * 60
    static let lockout: TimeInterval = 15 * 60
    static let passwordLength = 12...200

    /// Checks the password of a sign-in from `address` (the client's, as `Request.clientAddress` reads it). The
    /// attempt is counted before the password is looked at, and refused there when a key is full; a checked
    /// attempt is audited, failed or not (`login_failed` here, `login` by the caller once the session exists).
    func login(email: String, password: String, address: String?) async throws -> Agent {
        let now = services.clock.now()
        let key = email.trimmingCharacters(in: .whitespaces).lowercased()
        let agent = try await Agent.query(on: db).filter(\.$email == key).first()
        let rules = LoginThrottle.rules(account: agent == nil ? nil : key, address: address)
        try await db.write(through: services.writeGate) { tx in
            try await LoginThrottle.count(rules, now: now, on: tx)
        }
        // A missing account costs a hash as well, so timing does not tell which emails exist.
        let hash = agent?.passwordHash ?? "$2a$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW"
        let verified =
            (try? await hasher.verify(String(password.prefix(Self.passwordLength.upperBound)), created: hash)) == true
        let matches = password.count <= Self.passwordLength.upperBound && verified
        guard let agent, matches, agent.disabledAt == nil else {
            let why = agent == nil ? "unknown email" : (matches ? "account disabled" : "wrong password")
            try await db.write(through: services.writeGate) { tx in
                let locked = try await LoginThrottle.failed(rules, now: now, on: tx)
                let detail = ([why] + locked.map { "locked \($0.prefix { $0 != ":" })" }).joined(separator: "; ")
                try await AuditEntry(
                    at: now, actor: agent?.actor ?? "anonymous", action: "login_failed",
                    recordType: "agent", recordID: agent?.id?.uuidString ?? String(key.prefix(100)),
                    detail: detail, remote: address
                ).create(on: tx)
            }
            throw AgentError.invalidCredentials
        }
        try await db.write(through: services.writeGate) { tx in
            try await LoginThrottle.succeeded(rules, on: tx)
        }
        return agent
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
                try await AuditEntry(
                    at: agent.createdAt, actor: "system", action: "agent_created", recordType: "agent",
                    recordID: agent.id!.uuidString, detail: "role=\(role.rawValue)"
                ).create(on: tx)
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
            try await AuditEntry(
                at: agent.passwordChangedAt!, actor: agent.actor, action: "password_changed",
                recordType: "agent", recordID: agent.id!.uuidString, detail: "", remote: remote
            ).create(on: tx)
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
            Localized(
                fr: "Trop d'essais. Réessayez après \(DateText.time(until)).",
                en: "Too many attempts. Try again after \(DateText.time(until)).")
        case .invalidEmail: Localized(fr: "Adresse électronique invalide.", en: "Invalid email address.")
        case .emailTaken:
            Localized(
                fr: "Un compte existe déjà pour cette adresse.", en: "An account already exists for this address.")
        case .weakPassword:
            Localized(
                fr: "Le mot de passe doit compter au moins 12 caractères.",
                en: "The password must have at least 12 characters.")
        case .wrongCurrentPassword:
            Localized(fr: "Le mot de passe actuel est incorrect.", en: "The current password is wrong.")
        }
    }

    var headers: HTTPHeaders {
        guard case .lockedOut(_, let seconds) = self else { return [:] }
        return ["Retry-After": String(max(1, seconds))]
    }
}
