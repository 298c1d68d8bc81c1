import Fluent
import SQLKit
import Vapor

/// Liveness for load balancers and operators.
enum HealthController {
    struct Health: Content {
        let status: String
        let database: String
    }

    /// Answers `GET /healthz`: 200 when the database answers a query, 503 otherwise.
    @Sendable
    static func health(req: Request) async throws -> Response {
        do {
            _ = try await req.db.sql.raw("SELECT 1 AS ok").all()
            return try await Health(status: "ok", database: "ok").encodeResponse(status: .ok, for: req)
        } catch {
            req.logger.warning("health check: database unreachable")
            return try await Health(status: "unavailable", database: "unreachable")
                .encodeResponse(status: .serviceUnavailable, for: req)
        }
    }
}
