import Fluent
import GuichetCore
import Vapor

/// The back office's home and the agent's own account.
enum AgentHomePages {
    struct HomeContent: Encodable {
        let counters: [CounterLink]
        /// Supervisors: what waits for them before the next draws, and procedures whose releases are races.
        let checks: Checks?
    }

    struct Checks: Encodable {
        let priorityWaiting: Int
        let twinsWaiting: Int
        let races: [SpeedRacePages.RacingProcedure]
    }

    struct CounterLink: Encodable {
        let id: String
        let name: String
        let site: String
        let href: String
    }

    struct PasswordContent: Encodable {
        let action: String
        let done: Bool
    }

    /// Answers `GET /agent`.
    @Sendable
    static func home(req: Request) async throws -> Response {
        let counters = try await Counter.query(on: req.db).inService().with(\.$site).sort(\.$id).all()
            .map { CounterLink(id: $0.id!, name: $0.name, site: $0.site.name, href: CounterPath.day($0.id!)) }
        var checks: Checks?
        if let role = try req.agent.agentRole, role >= .supervisor {
            checks = Checks(
                priorityWaiting: try await PriorityEvidence(db: req.db, services: req.guichet, logger: req.logger)
                    .waitingCount(),
                twinsWaiting: try await TwinDecisions(db: req.db, services: req.guichet, logger: req.logger)
                    .contestedCount(),
                races: try await SpeedRacePages.racing(req))
        }
        return try await Page.render(req, "agent/home", HomeContent(counters: counters, checks: checks))
    }

    /// Answers `GET /agent/password`.
    @Sendable
    static func passwordForm(req: Request) async throws -> Response {
        try await Page.render(
            req, "agent/password",
            PasswordContent(
                action: SiteURL.agentPassword.path(),
                done: req.query[String.self, at: "done"] != nil))
    }

    /// Answers `POST /agent/password`: the other sessions of this agent end with the old password.
    @Sendable
    static func changePassword(req: Request) async throws -> Response {
        let language = Language.of(req)
        try CSRF.check(req, submitted: try? req.content.get(String.self, at: CSRF.field))
        let agent = try req.agent
        let current = (try? req.content.get(String.self, at: "current_password")) ?? ""
        let new = (try? req.content.get(String.self, at: "new_password")) ?? ""
        let repeated = (try? req.content.get(String.self, at: "repeat_password")) ?? ""
        var state = FormState()
        if new != repeated {
            state.add(
                "repeat_password", Localized(fr: "Les deux saisies diffèrent.", en: "The two entries differ.")(language)
            )
        } else {
            do {
                try await req.agentAccounts.changePassword(
                    agent, current: current, new: new, remote: req.remoteForAudit)
                req.session.data[AgentSession.passwordKey] = AgentSession.stamp(agent)
                return Page.redirect(req, to: SiteURL.agentPassword.path() + "?done=1")
            } catch let error as AgentError {
                state.add(error == .wrongCurrentPassword ? "current_password" : "new_password", error.text(language))
            }
        }
        return try await Page.render(
            req, "agent/password", PasswordContent(action: SiteURL.agentPassword.path(), done: false),
            form: state, status: .unprocessableEntity)
    }
}

extension AgentError: Equatable {
    static func == (lhs: AgentError, rhs: AgentError) -> Bool { lhs.code == rhs.code }
}
