import Fluent
import FluentPostgresDriver
import Foundation
import NIOCore
import SQLKit

/// How write transactions run: serialised in-process on SQLite, each under a deadline on PostgreSQL.
///
/// SQLite allows one writer at a time; a deferred transaction that reads and later writes can fail with
/// "database is locked" instead of waiting. Writes from this process therefore queue here, in arrival order, and
/// readers (WAL) are never blocked. PostgreSQL needs no gate, its row locks do the job; there each transaction has a
/// deadline instead: past it, its connection is closed, so that a transaction stuck on a dead connection (a driver
/// waiting forever for a ROLLBACK after the server went away) fails and the pool discards the connection instead of
/// lending it out never again (`docs/decisions/0016`).
public actor WriteGate {
    private let enabled: Bool
    /// Run on the connection before each write transaction (`PRAGMA synchronous = …`): SQLite pragmas are
    /// per connection, and the pool opens connections we never see.
    nonisolated let connectionSetup: [String]
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    public init(enabled: Bool, connectionSetup: [String] = []) {
        self.enabled = enabled
        self.connectionSetup = connectionSetup
    }

    nonisolated var isSQLite: Bool { enabled }

    public func acquire() async {
        guard enabled else { return }
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    public func release() {
        guard enabled else { return }
        if waiters.isEmpty {
            busy = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}

extension Database {
    /// A write transaction: queued behind other writers on SQLite; on PostgreSQL, under the deadline of the request or
    /// job it runs for (`DatabaseDeadline`), none for one-shot commands (a demo load, a benchmark's seed). The first
    /// write of a submission also spends its proof of work and counts it (`PendingAdmission`), in the same commit.
    @discardableResult
    func write<T: Sendable>(
        through gate: WriteGate,
        _ body: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        guard let admission = PendingAdmission.current, admission.take() else { return try await transaction(gate, body) }
        return try await transaction(gate) { tx in
            try await admission.admit(then: body, countingLast: !gate.isSQLite, on: tx)
        }
    }

    private func transaction<T: Sendable>(
        _ gate: WriteGate,
        _ body: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        guard gate.isSQLite else { return try await postgresTransaction(deadline: DatabaseDeadline.current, body) }
        await gate.acquire()
        do {
            let result: T
            if gate.connectionSetup.isEmpty {
                result = try await transaction { try await body($0) }
            } else {
                result = try await withConnection { connection in
                    for setup in gate.connectionSetup { try await connection.sql.raw(SQLQueryString(setup)).run() }
                    return try await connection.transaction { try await body($0) }
                }
            }
            await gate.release()
            return result
        } catch {
            await gate.release()
            throw error
        }
    }

    /// BEGIN, the body, COMMIT on one pooled connection, with a watchdog that closes the connection if the whole does
    /// not finish by `deadline`: every statement waiting on it then fails, the caller gets an error (a 503), and the
    /// pool, finding the connection closed, replaces it. Already inside a transaction (a nested write): the body runs
    /// in it.
    private func postgresTransaction<T: Sendable>(
        deadline: TimeAmount?,
        _ body: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        if inTransaction { return try await body(self) }
        return try await withConnection { pooled in
            guard let postgres = try await (pooled as? any PostgresDatabase)?
                .withConnection({ $0.eventLoop.makeSucceededFuture($0) }).get(),
                  let connection = GuardedConnection(pooled, connection: postgres)
            else { return try await pooled.transaction { try await body($0) } }
            let watchdog = deadline.map { deadline in
                postgres.eventLoop.scheduleTask(in: deadline) {
                    Logger(label: "guichet.database").warning("A write transaction outlived its deadline: its connection is closed")
                    let close: () -> EventLoopFuture<Void> = postgres.close
                    _ = close()
                }
            }
            defer { watchdog?.cancel() }
            try await connection.sql.raw("BEGIN").run()
            do {
                let result = try await body(connection)
                try await connection.sql.raw("COMMIT").run()
                return result
            } catch {
                // On a closed connection the ROLLBACK fails at once (the server rolled back when it closed).
                try? await connection.sql.raw("ROLLBACK").run()
                throw error
            }
        }
    }
}

/// The longest a PostgreSQL write transaction may take, for the work running now: set by `RequestDeadline` for a
/// request (a little under the request's own bound) and by the background jobs for each step; unset (no watchdog)
/// for one-shot commands, whose big transactions may take as long as they need.
enum DatabaseDeadline {
    @TaskLocal static var current: TimeAmount?
}
