import Vapor

/// `guichet bench-ceiling --port N`: Vapor alone, in this binary and on this machine, serving one plain-text route
/// (`GET /plain`) with none of Guichet's middlewares, services or database. `bench/fixed-cost.sh` measures Guichet's
/// cheapest answers against it in the same run, so that figures from noisy machines compare (issue 13.3). For
/// benchmarks only; it stops on SIGINT or SIGTERM.
struct BenchCeilingCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "hostname", help: "Address to listen on (default 127.0.0.1).")
        var hostname: String?
        @Option(name: "port", help: "Port to listen on (default 8090).")
        var port: Int?
    }

    var help: String { "Serves Vapor's plain-text route alone, as the ceiling of the HTTP benchmarks." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let arguments = [
            "guichet", "serve", "--hostname", signature.hostname ?? "127.0.0.1",
            "--port", String(signature.port ?? 8090),
        ]
        let ceiling = try await Application.make(Environment(name: "production", arguments: arguments))
        ceiling.middleware = Middlewares()
        ceiling.middleware.use(ErrorMiddleware.default(environment: ceiling.environment))
        ceiling.get("plain") { _ in "ok" }
        do {
            try await ceiling.execute()
        } catch {
            try? await ceiling.asyncShutdown()
            throw error
        }
        try await ceiling.asyncShutdown()
    }
}
