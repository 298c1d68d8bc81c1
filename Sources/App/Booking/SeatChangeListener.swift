import Foundation
import Logging
import NIOConcurrencyHelpers
import PostgresNIO
import Vapor

/// Forgets this node's availability answers when any node changes seats (issue 11.4), and tells the others when this
/// node does. Everything goes through `NOTIFY guichet_seats` (the payload names the schema), heard on a connection of
/// this node's own, outside the pool:
/// - this node's own changes (every `AvailabilityCache.seatsChanged`) are announced on that connection, at most once
///   per `batch` for all the changes made meanwhile, outside the booking transactions: a NOTIFY in a transaction makes
///   PostgreSQL order commits on its queue's lock, which cost a quarter of the holds per second (`bench/run.sh`,
///   `holds-notify`);
/// - any other change to `slots`, `counters` or `procedures` (a command such as `guichet release now`, an
///   operator's SQL) is announced at its commit by a statement trigger, which skips the serving nodes' own
///   connections (they carry `guichet.announced_by=node`; `AnnounceSeatChangesFromNodes`).
///
/// The cache's age limit stays the fallback: while the listening connection is down (a database restart), answers
/// live at most `AvailabilityCache.maxAge`, and every reconnection forgets them all, since changes made meanwhile
/// were not heard. A connection that stops answering the ping is closed and made again.
final class SeatChangeListener: LifecycleHandler, @unchecked Sendable {
    static let channel = "guichet_seats"
    static let ping: Duration = .seconds(5)
    static let batch: Duration = .milliseconds(50)
    /// The startup parameter that marks a serving node's connections, whose seat changes the node announces itself.
    static let nodeMark = ("guichet.announced_by", "node")
    private let pending = NIOLockedValueBox(false)

    let configuration: PostgresConnection.Configuration
    let schema: String?
    let cache: AvailabilityCache
    private let stop = StopSignal()
    private let lock = NIOLock()
    private var task: Task<Void, Never>?
    private var connection: PostgresConnection?

    init(configuration: PostgresConnection.Configuration, schema: String?, cache: AvailabilityCache) {
        self.configuration = configuration
        self.schema = schema
        self.cache = cache
    }

    func didBootAsync(_ app: Application) async throws {
        cache.announceChanges { [pending] in pending.withLockedValue { $0 = true } }
        let logger = app.logger
        let eventLoop = app.eventLoopGroup.any()
        lock.withLock { task = Task { await self.run(on: eventLoop, logger: logger) } }
    }

    func shutdownAsync(_ app: Application) async {
        // Nothing to finish: the listener only forgets answers. Not waited for, since a close on a connection the
        // server dropped may never complete (the driver's hang of decision 0016).
        stop.fire()
        cache.announceChanges(with: nil)
        let (task, connection) = lock.withLock { (self.task, self.connection) }
        if let connection { Self.close(connection) }
        task?.cancel()
    }

    private func run(on eventLoop: any EventLoop, logger: Logger) async {
        var down = false
        while !stop.isStopped {
            do {
                try await listen(
                    on: eventLoop, logger: logger,
                    connected: {
                        if down { logger.notice("seat change listener connected again") }
                        down = false
                    })
            } catch {
                if !down, !stop.isStopped {
                    logger.warning(
                        "seat change listener lost its connection: \(String(reflecting: type(of: error))); answers live \(cache.maxAge) at most until it is back"
                    )
                }
                down = true
            }
            guard await stop.pause(.seconds(1)) else { return }
        }
    }

    private func listen(on eventLoop: any EventLoop, logger: Logger, connected: () -> Void) async throws {
        let connection = try await PostgresConnection.connect(
            on: eventLoop, configuration: configuration,
            id: 0, logger: logger)
        lock.withLock { self.connection = connection }
        defer {
            lock.withLock { self.connection = nil }
            Self.close(connection)
        }
        if let schema {
            _ = try await connection.query("SET search_path TO \(unescaped: Self.quoted(schema))", logger: logger)
                .collect()
        }
        let rows = try await connection.query("SELECT current_schema()", logger: logger).collect()
        let ours = try rows.first?.decode(String.self) ?? "public"
        try await connection.listen(on: Self.channel) { notifications in
            // Whatever changed before this connection listened was not heard, and what this node changed meanwhile
            // was not told.
            cache.heardChange()
            pending.withLockedValue { $0 = true }
            connected()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for try await notification in notifications where notification.payload == ours {
                        self.cache.heardChange()
                    }
                    throw ListenerEnded()
                }
                group.addTask { try await Self.keepAlive(connection, logger: logger, stop: self.stop) }
                group.addTask { try await self.announce(on: connection, schema: ours, logger: logger) }
                try await group.next()
                group.cancelAll()
            }
        }
    }

    /// Sends one NOTIFY for all the changes this node made since the last, every `batch` while there are any. A
    /// failure ends the connection (the others forget everything when they reconnect, and so does this node).
    private func announce(on connection: PostgresConnection, schema: String, logger: Logger) async throws {
        while await stop.pause(Self.batch) {
            // The pause does not end on cancellation: without this, a lost connection would never be made again.
            try Task.checkCancellation()
            guard
                pending.withLockedValue({
                    let was = $0
                    $0 = false
                    return was
                })
            else { continue }
            do {
                _ = try await connection.query("SELECT pg_notify(\(Self.channel), \(schema))", logger: logger).collect()
            } catch {
                pending.withLockedValue { $0 = true }
                throw error
            }
        }
        throw ListenerEnded()
    }

    /// Pings the connection every `ping`; a ping without an answer within 3 s closes it (which ends the
    /// notifications) rather than wait on a connection that no longer carries anything.
    private static func keepAlive(_ connection: PostgresConnection, logger: Logger, stop: StopSignal) async throws {
        while await stop.pause(ping) {
            // Unstructured: a ping stuck in the driver must not hold this task (a task group would wait for it).
            let answered = NIOLockedValueBox(false)
            let ping = Task {
                _ = try await connection.query("SELECT 1", logger: logger).collect()
                answered.withLockedValue { $0 = true }
            }
            var waited: Duration = .zero
            while !answered.withLockedValue({ $0 }), waited < .seconds(3) {
                try await Task.sleep(for: .milliseconds(100))
                waited += .milliseconds(100)
            }
            if !answered.withLockedValue({ $0 }) {
                ping.cancel()
                try? await connection.close()
                throw ListenerEnded()
            }
        }
        throw ListenerEnded()
    }

    /// Closes without waiting, since a close on a connection the server dropped may never complete; the
    /// connection is kept until it does (the driver requires a connection to be closed before it goes: a debug
    /// build stops on it, which is how a node crashed when stopped just after the listener connected again).
    static func close(_ connection: PostgresConnection) {
        let closing: EventLoopFuture<Void> = connection.close()
        closing.whenComplete { _ in withExtendedLifetime(connection) {} }
    }

    static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    struct ListenerEnded: Error {}
}
