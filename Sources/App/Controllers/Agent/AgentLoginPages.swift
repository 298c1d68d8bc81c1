import Fluent
import GuichetCore
import Vapor

/// Signing in and out of the back office.
enum AgentLoginPages {
    struct LoginContent: Encodable {
        let action: String
        let next: String
    }

    /// Answers `GET /agent/login`.
    @Sendable
    static func form(req: Request) async throws -> Response {
        if try await RequireAgent.signedIn(req) != nil {
            return Page.redirect(req, to: safeNext(req.query[String.self, at: "next"]))
        }
        return try await Page.render(
            req, "agent/login",
            LoginContent(
                action: AgentPath.login,
                next: safeNext(req.query[String.self, at: "next"])))
    }

    /// Answers `POST /agent/login`: a new session for the agent, or the form again (401, or 429 when locked out).
    @Sendable
    static func login(req: Request) async throws -> Response {
        let language = Language.of(req)
        try CSRF.check(req, submitted: try? req.content.get(String.self, at: CSRF.field))
        let email = String(((try? req.content.get(String.self, at: "email")) ?? "").prefix(200))
        let password = (try? req.content.get(String.self, at: "password")) ?? ""
        let next = safeNext(try? req.content.get(String.self, at: "next"))
        do {
            let agent = try await req.agentAccounts.login(email: email, password: password, address: req.clientAddress)
            // A fresh session id at every login: a session id planted (or left) before login is worth nothing.
            // (`destroy()` would also drop the session written below: the old record goes, the id is cleared, and
            // the sessions middleware stores the new one under a new id.)
            let session = req.session
            if let old = session.id { try await req.application.sessions.driver.deleteSession(old, for: req).get() }
            session.id = nil
            session.data = SessionData()
            AgentSession.begin(&req.session.data, agent: agent, now: req.guichet.clock.now())
            try await req.db.write(through: req.guichet.writeGate) { tx in
                try await AuditEntry(
                    at: req.guichet.clock.now(), actor: agent.actor, action: "login", recordType: "agent",
                    recordID: agent.id!.uuidString, detail: "", remote: req.remoteForAudit
                ).create(on: tx)
            }
            return Page.redirect(req, to: next)
        } catch let error as AgentError {
            var state = FormState(values: ["email": email])
            state.add("email", error.text(language))
            let response = try await Page.render(
                req, "agent/login", LoginContent(action: AgentPath.login, next: next),
                form: state, status: error.status)
            for (name, value) in error.headers { response.headers.replaceOrAdd(name: name, value: value) }
            return response
        }
    }

    /// Answers `POST /agent/logout`.
    @Sendable
    static func logout(req: Request) async throws -> Response {
        try CSRF.check(req, submitted: try? req.content.get(String.self, at: CSRF.field))
        if let agent = try await RequireAgent.signedIn(req) {
            try await req.db.write(through: req.guichet.writeGate) { tx in
                try await AuditEntry(
                    at: req.guichet.clock.now(), actor: agent.actor, action: "logout", recordType: "agent",
                    recordID: agent.id!.uuidString, detail: "", remote: req.remoteForAudit
                ).create(on: tx)
            }
        }
        if req.hasSession { req.session.destroy() }
        return Page.redirect(req, to: AgentPath.login)
    }

    /// Only back-office paths, so the login cannot be used to send someone elsewhere.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix(AgentPath.home), !next.hasPrefix(AgentPath.login), !next.contains("//"),
            next.count < 300, next.allSatisfy({ $0.isASCII && !$0.isWhitespace })
        else { return AgentPath.home }
        return next
    }
}

extension Request {
    var agentAccounts: AgentAccounts {
        AgentAccounts(db: db, services: application.guichet, hasher: password.async)
    }
}
