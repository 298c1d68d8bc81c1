import Foundation
import Vapor

/// `guichet create-agent --email … --role agent|supervisor|admin [--name …]`: the password is asked at the
/// terminal (not echoed), or read from the first line of standard input when that is not a terminal.
struct CreateAgentCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "email", help: "The agent's email address, used to sign in.")
        var email: String?
        @Option(name: "role", help: "agent, supervisor or admin.")
        var role: String?
        @Option(name: "name", help: "The name shown in the back office and the audit log (default: the email).")
        var name: String?
    }

    var help: String { "Creates a back-office account; the password is asked, or read from standard input." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let email = signature.email, let role = signature.role.flatMap(AgentRole.init(rawValue:)) else {
            throw ConfigError("--email and --role (agent, supervisor or admin) are required")
        }
        let password: String
        if isatty(STDIN_FILENO) != 0 {
            password = context.console.ask("Password (at least 12 characters):", isSecure: true)
            guard context.console.ask("Again:", isSecure: true) == password else {
                throw ConfigError("the two passwords differ")
            }
        } else {
            password = readLine(strippingNewline: true) ?? ""
        }
        let app = context.application
        try await app.autoMigrate()
        let agent = try await AgentAccounts(db: app.db, services: app.guichet, hasher: app.password.async)
            .create(email: email, displayName: signature.name ?? "", role: role, password: password)
        context.console.print(
            "Created \(agent.email) (\(role.rawValue)). Sign in at \(app.guichet.config.baseURL)/agent/login")
    }
}
