import Vapor

/// `guichet draw run`: draws the windows that have closed and opens this week's windows.
struct DrawCommand: AsyncCommandGroup {
    var help: String { "Request windows and their draws." }
    var commands: [String: any AnyAsyncCommand] { ["run": RunCommand()] }

    struct RunCommand: AsyncCommand {
        struct Signature: CommandSignature {}

        var help: String { "Draws the windows that have closed, then opens this week's windows." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            let service = DrawService(db: app.db, services: app.guichet, logger: app.logger)
            let drawn = try await service.runDue()
            let opened = try await service.ensureWindows()
            context.console.print(drawn.isEmpty ? "No window to draw." : "Drawn: \(drawn.joined(separator: ", ")).")
            if opened > 0 { context.console.print("Opened \(opened) window(s).") }
        }
    }
}
