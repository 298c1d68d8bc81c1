import Fluent
import Vapor
import GuichetCore

/// Who is signed in on the back office, kept in the session (Fluent's driver, so every process sees it).
enum AgentSession {
    static let agentKey = "agent"
    /// The password's change time when the session began: changing the password ends every other session.
    static let passwordKey = "pwd"
    static let cookieName = "guichet_agent"
    /// A working day; the cookie has no longer life than the session.
    static let lifetime: TimeInterval = 10 * 3600

    static func stamp(_ agent: Agent) -> String {
        agent.passwordChangedAt.map { String(Int($0.timeIntervalSince1970)) } ?? "0"
    }

    static func configuration(secure: Bool) -> SessionsConfiguration {
        SessionsConfiguration(cookieName: cookieName) { id in
            HTTPCookies.Value(string: id.string, expires: nil, maxAge: Int(lifetime), domain: nil, path: "/agent",
                              isSecure: secure, isHTTPOnly: true, sameSite: .lax)
        }
    }
}

/// Lets through only a signed-in, enabled agent holding at least `role`. Without a session: to the login page
/// (a GET remembers where it was going); with too low a role: 403.
struct RequireAgent: AsyncMiddleware {
    let role: AgentRole

    private struct Key: StorageKey {
        typealias Value = Agent
    }

    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let agent = try await Self.signedIn(req) else {
            if req.method == .GET {
                let target = req.url.path.hasPrefix("/agent") ? req.url.path : "/agent"
                return req.redirect(to: "/agent/login?next=\(target)", redirectType: .normal)
            }
            throw RequestError.unauthorized
        }
        guard let held = agent.agentRole, held >= role else { throw AgentPageError.forbidden }
        req.storage[Key.self] = agent
        return try await next.respond(to: req)
    }

    static func signedIn(_ req: Request) async throws -> Agent? {
        if let agent = req.storage[Key.self] { return agent }
        guard req.hasSession, let raw = req.session.data[AgentSession.agentKey], let id = UUID(uuidString: raw),
              let agent = try await Agent.find(id, on: req.db), agent.disabledAt == nil,
              req.session.data[AgentSession.passwordKey] == AgentSession.stamp(agent)
        else { return nil }
        return agent
    }

    static func current(_ req: Request) -> Agent? { req.storage[Key.self] }
}

extension Request {
    /// The agent behind a back-office request (set by `RequireAgent`).
    var agent: Agent {
        get throws {
            guard let agent = RequireAgent.current(self) else { throw RequestError.unauthorized }
            return agent
        }
    }

    /// Where a request comes from, for audit entries: the peer address (the proxy's, behind one).
    var remoteForAudit: String? { remoteAddress?.ipAddress }
}

enum AgentPageError: CodedError {
    case forbidden

    var status: HTTPResponseStatus { .forbidden }
    var code: String { "forbidden" }
    var text: Localized {
        Localized(fr: "Votre rôle ne permet pas cette action.", en: "Your role does not allow this.")
    }
}
