import App
import Foundation
import Logging
import NIOCore
import NIOPosix
import Vapor

/// `guichet <command>`, with no command `serve`: `serve`, `migrate`, `demo`, `release`, `draw`, `verify-draw`,
/// `extra-seats`, `simulate`, `create-agent`, `purge`, and for benchmarks `bench-seed`, `bench-ceiling`, `bench-draw`
/// (`guichet <command> --help` says what each does; `configure` registers them).
@main
enum Entrypoint {
    static func main() async throws {
        // Swift's tasks run on NIO's event loops, the threads that already read and write the sockets, instead of on
        // a second pool: a request no longer changes threads at every async step (issue 13.3, docs/decisions/0024).
        // Must come before any task is started. Blocking work goes to the thread pool (SQLite, password hashing).
        // GUICHET_EVENT_LOOP_EXECUTOR=off keeps Swift's own pool (to compare, or should a library block its thread).
        let takeover =
            ProcessInfo.processInfo.environment["GUICHET_EVENT_LOOP_EXECUTOR"] == "off"
            ? false
            : NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        var env = try Environment.detect()
        try LoggingSystem.bootstrap(from: &env)
        let app = try await Application.make(env)
        app.logger.debug("Swift concurrency on the event loops: \(takeover)")
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
