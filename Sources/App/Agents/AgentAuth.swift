import Fluent
import GuichetCore
import Vapor

/// Who is signed in on the back office, kept in the session (Fluent's driver, so every process sees it).
enum AgentSession {
    static let agentKey = "agent"
    /// The password's change time when the session began: changing the password ends every other session.
    static let passwordKey = "pwd"
    /// When the session began and when it was last used, in seconds since 1970: the server, not the cookie, says
    /// when a session is over, so a copied cookie dies with the session.
    static let startedKey = "started"
    static let seenKey = "seen"
    static let cookieName = "guichet_agent"
    /// A working day: signed in at 08:00, out by 18:00 whatever happens. The cookie has no longer life.
    static let lifetime: TimeInterval = 10 * 3600
    /// Half an hour without a request ends the session: a desk left unattended, a cookie copied and kept.
    static let idleTimeout: TimeInterval = 30 * 60

    static func stamp(_ agent: Agent) -> String {
        agent.passwordChangedAt.map { String(Int($0.timeIntervalSince1970)) } ?? "0"
    }

    /// A new session for `agent`, begun now.
    static func begin(_ data: inout SessionData, agent: Agent, now: Date) {
        data[agentKey] = agent.id?.uuidString
        data[passwordKey] = stamp(agent)
        data[startedKey] = seconds(now)
        data[seenKey] = seconds(now)
    }

    /// Whether a session is still within its working day and its idle time. A session without the times (begun
    /// before they were kept) is over.
    static func isCurrent(_ data: SessionData, now: Date) -> Bool {
        guard let started = data[startedKey].flatMap(Double.init), let seen = data[seenKey].flatMap(Double.init)
        else { return false }
        let now = now.timeIntervalSince1970
        return now - started < lifetime && now - seen < idleTimeout
    }

    static func seconds(_ date: Date) -> String { String(Int(date.timeIntervalSince1970)) }

    /// Over HTTPS the cookie is `__Host-guichet_agent`: browsers take it only from this very host, which the prefix
    /// requires to cover the whole site (`Path=/`; only `/agent` routes read sessions). Over plain HTTP (development,
    /// tests) it stays `guichet_agent`, limited to `/agent`.
    static func configuration(secure: Bool) -> SessionsConfiguration {
        SessionsConfiguration(cookieName: secure ? "__Host-" + cookieName : cookieName) { id in
            HTTPCookies.Value(
                string: id.string, expires: nil, maxAge: Int(lifetime), domain: nil,
                path: secure ? SitePath.home : AgentPath.home, isSecure: secure, isHTTPOnly: true, sameSite: .lax)
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
                let target = req.url.path.hasPrefix(AgentPath.home) ? req.url.path : AgentPath.home
                return req.redirect(to: AgentPath.login + "?next=\(target)", redirectType: .normal)
            }
            throw RequestError.unauthorized
        }
        guard let held = agent.agentRole, held >= role else { throw AgentPageError.forbidden }
        req.storage[Key.self] = agent
        return try await next.respond(to: req)
    }

    /// The agent of this request's session, if the session is current: every request checks the working day and
    /// the idle time on the server and, when the session goes on, notes that it was used now. A session that is
    /// over is deleted.
    static func signedIn(_ req: Request) async throws -> Agent? {
        if let agent = req.storage[Key.self] { return agent }
        guard req.hasSession, let raw = req.session.data[AgentSession.agentKey] else { return nil }
        let now = req.guichet.clock.now()
        guard AgentSession.isCurrent(req.session.data, now: now), let id = UUID(uuidString: raw),
            let agent = try await Agent.find(id, on: req.db), agent.disabledAt == nil,
            req.session.data[AgentSession.passwordKey] == AgentSession.stamp(agent)
        else {
            req.session.destroy()
            return nil
        }
        req.session.data[AgentSession.seenKey] = AgentSession.seconds(now)
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

    /// Where a request comes from, for audit entries: the client's address, read through our own proxies.
    var remoteForAudit: String? { clientAddress }
}

enum AgentPageError: CodedError {
    case forbidden

    var status: HTTPResponseStatus { .forbidden }
    var code: String { "forbidden" }
    var text: Localized {
        Localized(fr: "Votre rôle ne permet pas cette action.", en: "Your role does not allow this.")
    }
}
