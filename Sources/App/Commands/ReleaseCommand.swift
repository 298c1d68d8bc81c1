import Vapor

/// `guichet release run`: plans the coming weeks' release instants and performs the releases that are due now.
struct ReleaseCommand: AsyncCommandGroup {
    var help: String { "Randomly timed releases of planned seats." }
    var commands: [String: any AnyAsyncCommand] { ["run": RunCommand()] }

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
