import GuichetCore
import Vapor

/// `guichet release run`: plans the coming weeks' release instants and performs the releases that are due now.
/// `guichet release now PROCEDURE`: one release of the procedure's policy at once (with its lottery), audited.
struct ReleaseCommand: AsyncCommandGroup {
    var help: String { "Randomly timed releases of planned seats." }
    var commands: [String: any AnyAsyncCommand] { ["run": RunCommand(), "now": NowCommand()] }

    struct NowCommand: AsyncCommand {
        struct Signature: CommandSignature {
            @Argument(name: "procedure", help: "The procedure's identifier, e.g. first-application")
            var procedure: String
            @Option(name: "by", help: "Who asks, for the audit log (default: cli)")
            var by: String?
        }

        var help: String {
            "Performs one release of the procedure now, as its policy says (seats, lead time, lottery). With a lottery, "
                + "the instant gives nobody an edge: every waiting ticket is in it."
        }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            let service = ReleaseService(db: app.db, services: app.guichet, logger: app.logger)
            let outcome = try await service.releaseNow(
                procedureID: signature.procedure, actor: "cli:\(signature.by ?? "cli")")
            if let lottery = outcome.lottery {
                context.console.print(
                    "Released \(outcome.seats) seats for \(signature.procedure) into lottery \(lottery), drawn at \(ParisTime.iso8601(outcome.closesAt!))."
                )
            } else {
                context.console.print(
                    "Released \(outcome.seats) seats for \(signature.procedure), first come, first served.")
            }
        }
    }

    struct RunCommand: AsyncCommand {
        struct Signature: CommandSignature {}

        var help: String { "Performs the releases that are due now (and plans the coming weeks)." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            let service = ReleaseService(db: app.db, services: app.guichet, logger: app.logger)
            try await service.planWeeks()
            let performed = try await service.runDue()
            if performed.isEmpty {
                context.console.print("No release due.")
            }
            for release in performed {
                context.console.print("Released \(release.seats) seats for \(release.procedureID).")
            }
        }
    }
}
