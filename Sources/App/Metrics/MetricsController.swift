import Crypto
import Foundation
import SQLKit
import Vapor

/// `GET /metrics`: the Prometheus text format, for the operators' scraper only (`GUICHET_METRICS_ALLOW`,
/// `GUICHET_METRICS_TOKEN`); anyone else gets the 404 of a page that does not exist.
enum MetricsController {
    @Sendable
    static func metrics(req: Request) async throws -> Response {
        guard allowed(req) else { throw RequestError.notFound }
        let metrics = req.guichet.metrics
        metrics.shared(await sharedFigures(req))
        let response = Response(status: .ok, body: .init(string: metrics.registry.emitToString()))
        response.headers.replaceOrAdd(name: .contentType, value: "text/plain; version=0.0.4; charset=utf-8")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    /// The token, when one is set, or a client address on the allow-list. The address is read as the submission
    /// limits read it (through `GUICHET_TRUSTED_PROXY` only); a forwarded request from a peer that is not a trusted
    /// proxy is refused, since a proxy on the same host would otherwise make every visitor look local.
    static func allowed(_ req: Request) -> Bool {
        let config = req.guichet.config
        if let token = config.metricsToken, let authorization = req.headers.bearerAuthorization {
            return Data(SHA256.hash(data: Data(authorization.token.utf8))) == Data(SHA256.hash(data: Data(token.utf8)))
        }
        let peer = req.remoteAddress?.ipAddress
        let forwarded = !req.headers[.xForwardedFor].isEmpty || !req.headers[.forwarded].isEmpty
        if forwarded, !(peer.map(config.trustedProxies.contains) ?? false) { return false }
        guard
            let address = ClientSignals.clientAddress(
                peer: peer, forwardedFor: req.headers[.xForwardedFor],
                trusted: config.trustedProxies)
        else { return false }
        return config.metricsAllow.contains(address)
    }

    /// What every node shares, read when scraped: the outbox, and this node's connections as PostgreSQL sees them.
    /// A database that does not answer gives `guichet_database_up 0`; the other figures keep their last values.
    static let databaseUp = "1 when the database answered this scrape"
    static let connectionsHelp =
        "This node's connections to PostgreSQL, by state (the seat change listener's included, this scrape's not)"

    static func sharedFigures(_ req: Request) async -> [GuichetMetrics.Figure] {
        let now = req.guichet.clock.now()
        do {
            let outbox = try await req.db.sql.raw(
                """
                SELECT count(*) AS depth, min(created_at) AS oldest FROM outbox_messages WHERE sent_at IS NULL
                """
            ).first()
            let depth = try outbox?.decode(column: "depth", as: Int.self) ?? 0
            let oldest =
                try outbox?.decodeNil(column: "oldest") == false ? outbox?.decode(column: "oldest", as: Date.self) : nil
            var figures: [GuichetMetrics.Figure] = [
                ("database_up", databaseUp, [], 1),
                ("outbox_depth", "Emails waiting to be sent, every node's", [], Double(depth)),
                (
                    "outbox_oldest_age_seconds", "Age of the oldest email waiting to be sent (0: none waits)", [],
                    oldest.map { max(0, now.timeIntervalSince($0)) } ?? 0
                ),
            ]
            if req.guichet.config.databaseURL != nil {
                let rows = try await req.db.sql.raw(
                    """
                    SELECT coalesce(state, 'unknown') AS state, count(*) AS n FROM pg_stat_activity \
                    WHERE application_name = \(bind: "guichet-\(ProcessInfo.processInfo.processIdentifier)") \
                    GROUP BY 1
                    """
                ).all()
                var open = 0
                var busy = 0
                for row in rows {
                    let n = try row.decode(column: "n", as: Int.self)
                    open += n
                    if try row.decode(column: "state", as: String.self) != "idle" { busy += n }
                }
                busy = max(0, busy - 1)  // this scrape's own
                figures += [
                    (
                        "database_pool_size", "The most connections this node's pool opens", [],
                        Double(GuichetConfig.postgresConnectionsPerLoop * System.coreCount)
                    ),
                    (
                        "database_connections", connectionsHelp,
                        [("state", "busy")], Double(busy)
                    ),
                    (
                        "database_connections", connectionsHelp,
                        [("state", "idle")], Double(open - busy)
                    ),
                ]
            }
            return figures
        } catch {
            return [("database_up", databaseUp, [], 0)]
        }
    }
}
