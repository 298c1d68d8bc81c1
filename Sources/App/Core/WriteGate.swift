import Fluent
import FluentPostgresDriver
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import SQLKit

/// How write transactions run: on SQLite, one writer that commits the writes waiting at the same moment together;
/// on PostgreSQL, each in its own transaction under a deadline.
///
/// SQLite allows one writer at a time, and with `synchronous = FULL` every commit waits for its fsync. Writes from
/// this process therefore queue here, in arrival order, and a single writer takes all those waiting (up to
/// `batchLimit`) into one transaction on one connection: each in a savepoint of its own, so that a write refused by
/// the rules (a full slot, a person already booked) rolls back alone and the others stay; one COMMIT, one fsync; and
/// only then is each caller answered, with its own result or its own error. A commit that fails fails every write of
/// the batch: nobody is told that something was kept that was not. While one batch commits the next gathers, so
/// under load the fsyncs are shared and a lone write still commits at once. Readers (WAL) are never blocked.
/// (docs/decisions/0025.)
///
/// PostgreSQL needs no gate, its row locks do the job; there each transaction has a deadline instead: past it, its
/// connection is closed, so that a transaction stuck on a dead connection (a driver waiting forever for a ROLLBACK
/// after the server went away) fails and the pool discards the connection instead of lending it out never again
/// (`docs/decisions/0016`).
public actor WriteGate {
    typealias Work = @Sendable (any Database) async throws -> Void

    private struct Job {
        let work: Work
        let db: any Database
        let done: CheckedContinuation<Void, any Error>
    }

    private let enabled: Bool
    /// Run on the connection before each batch (`PRAGMA busy_timeout`, `PRAGMA synchronous = …`): SQLite pragmas
    /// are per connection, and the pool opens connections we never see.
    nonisolated let connectionSetup: [String]
    /// The most writes one commit takes; the rest wait for the next.
    nonisolated let batchLimit: Int
    private var queue: [Job] = []
    private var writing = false
    private var held = false
    /// Batches committed (or failed) since start (tests; `/metrics` has their sizes).
    private(set) var batches = 0

    /// Told the size of every batch once it is committed (or failed).
    private let observe: @Sendable (Int) -> Void

    public init(enabled: Bool, connectionSetup: [String] = [], batchLimit: Int = 256,
                observe: @escaping @Sendable (Int) -> Void = { _ in }) {
        self.enabled = enabled
        self.connectionSetup = connectionSetup
        self.batchLimit = max(1, batchLimit)
        self.observe = observe
    }

    nonisolated var isSQLite: Bool { enabled }

    /// Writes waiting for the writer (not counting the batch being committed).
    var waiting: Int { queue.count }

    /// Runs `work` in the next batch on `db`; returns once that batch is committed, or throws the work's own error
    /// (its savepoint rolled back) or the commit's.
    func write(_ work: @escaping Work, on db: any Database) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            queue.append(Job(work: work, db: db, done: done))
            wake()
        }
    }

    /// Keeps the writer from starting a batch while `body` runs (the batch being committed, if any, finishes); the
    /// writes that arrive meanwhile are committed together afterwards. Tests use it to make a batch of known content.
    func holdingWrites<T: Sendable>(_ body: @Sendable () async throws -> T) async rethrows -> T {
        held = true
        defer {
            held = false
            wake()
        }
        return try await body()
    }

    private func wake() {
        guard !writing, !held, !queue.isEmpty else { return }
        writing = true
        Task { await self.drain() }
    }

    /// The writer: batch after batch while writes wait, on the connection pool of the batch's first write.
    private func drain() async {
        while !held, let first = queue.first {
            let batch = Array(queue.prefix(batchLimit))
            queue.removeFirst(batch.count)
            let outcomes = await Self.commit(batch.map(\.work), setup: connectionSetup, on: first.db)
            batches += 1
            observe(batch.count)
            for (job, outcome) in zip(batch, outcomes) { job.done.resume(with: outcome) }
        }
        writing = false
    }

    /// One transaction for the batch. A lone write runs as a plain transaction (its error rolls it back); several run
    /// each in a savepoint. If a savepoint cannot be rolled back (SQLite already rolled the whole transaction back,
    /// e.g. on a full disk) or the COMMIT fails, every write of the batch gets that error.
    private static func commit(_ works: [Work], setup: [String], on db: any Database) async -> [Result<Void, any Error>] {
        do {
            let refused = try await db.withConnection { connection in
                for statement in setup { try await connection.sql.raw(SQLQueryString(statement)).run() }
                return try await connection.transaction { tx -> [Int: any Error] in
                    if works.count == 1 {
                        try await works[0](tx)
                        return [:]
                    }
                    var refused: [Int: any Error] = [:]
                    for (index, work) in works.enumerated() {
                        try await tx.sql.raw("SAVEPOINT guichet_write").run()
                        do {
                            try await work(tx)
                        } catch {
                            refused[index] = error
                            try await tx.sql.raw("ROLLBACK TO guichet_write").run()
                        }
                        try await tx.sql.raw("RELEASE guichet_write").run()
                    }
                    return refused
                }
            }
            return works.indices.map { refused[$0].map { .failure($0) } ?? .success(()) }
        } catch {
            return works.map { _ in .failure(error) }
        }
    }
}

extension Database {
    /// A write transaction: on SQLite, in the writer's next batch (`WriteGate`); on PostgreSQL, under the deadline of
    /// the request or job it runs for (`DatabaseDeadline`), none for one-shot commands (a demo load, a benchmark's
    /// seed). The first write of a submission also spends its proof of work and counts it (`PendingAdmission`), in
    /// the same commit.
    ///
    /// `oneStatement`: the body runs a single statement, atomic by itself. On PostgreSQL it then goes alone to the
    /// server, without BEGIN and COMMIT (one round trip instead of three), unless a submission's admission must join
    /// it in a transaction.
    @discardableResult
    func write<T: Sendable>(
        through gate: WriteGate,
        oneStatement: Bool = false,
        _ body: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        guard let admission = PendingAdmission.current, admission.take() else {
            return try await transaction(gate, begin: !oneStatement, body)
        }
        return try await transaction(gate, begin: true) { tx in
            try await admission.admit(then: body, countingLast: !gate.isSQLite, on: tx)
        }
    }

    private func transaction<T: Sendable>(
        _ gate: WriteGate,
        begin: Bool,
        _ body: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        guard gate.isSQLite else {
            return try await postgresTransaction(deadline: DatabaseDeadline.current, begin: begin, body)
        }
        let result = NIOLockedValueBox<T?>(nil)
        try await gate.write({ tx in
            let value = try await body(tx)
            result.withLockedValue { $0 = value }
        }, on: self)
        return result.withLockedValue { $0! }
    }

    /// BEGIN, the body, COMMIT on one pooled connection, with a watchdog that closes the connection if the whole does
    /// not finish by `deadline`: every statement waiting on it then fails, the caller gets an error (a 503), and the
    /// pool, finding the connection closed, replaces it. Already inside a transaction (a nested write): the body runs
    /// in it. Without `begin`, the body (one statement) runs alone under the same watchdog.
    private func postgresTransaction<T: Sendable>(
        deadline: TimeAmount?,
        begin: Bool,
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
            guard begin else { return try await body(connection) }
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
