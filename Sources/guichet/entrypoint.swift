import App
import Foundation
import Logging
import Vapor

/// `guichet serve | migrate | demo | bench-seed`. With no command, `serve`.
@main
enum Entrypoint {
    static func main() async throws {
        var env = try Environment.detect()
        try LoggingSystem.bootstrap(from: &env)
        let app = try await Application.make(env)
        do {
            let command = env.arguments.dropFirst().first
            let serving = command == nil || command == "serve" || command?.hasPrefix("-") == true
            var config = try GuichetConfig.fromEnvironment()
            config.runJobs = serving
            config.prepareOnBoot = serving
            try await configure(app, config: config)
            if serving { ShutdownWatch.arm(limit: config.shutdownLimit, logger: app.logger) }
            try await app.execute()
            ShutdownWatch.stage("stopping the background work")
        } catch {
            // A bad command or a failed start is reported and ends with status 1, not a crash and its backtrace.
            app.logger.report(error: error)
            try? await app.asyncShutdown()
            exit(1)
        }
        try await app.asyncShutdown()
    }
}
