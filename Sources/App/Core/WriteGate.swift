import Dispatch
import Fluent
import FluentPostgresDriver
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import SQLKit
import Vapor
import VaporCSQLite

/// How write transactions run: on SQLite, one writer thread that commits the writes waiting at the same moment
/// together; on PostgreSQL, each in its own transaction under a deadline.
///
/// SQLite allows one writer at a time, and with `synchronous = FULL` every commit waits for its fsync. Writes from
/// this process therefore queue here, in arrival order, and a single writer thread takes all those waiting (up to
/// `batchLimit`) into one transaction: each in a savepoint of its own, so that a write refused by the rules (a full
/// slot, a person already booked) rolls back alone and the others stay; one COMMIT, one fsync; and only then is each
/// caller answered, with its own result or its own error. A commit that fails fails every write of the batch: nobody
/// is told that something was kept that was not. While one batch commits the next gathers, so under load the fsyncs
/// are shared and a lone write still commits at once. Readers (WAL) are never blocked. (docs/decisions/0025, 0027.)
///
/// The thread owns a connection of its own (`DirectConnection`) for the hot writes (`write(direct:)`: a hold and its
/// admission), run synchronously with prepared statements; the other writes are Fluent code on a pooled connection,
/// run from the thread one batch at a time while it waits, so that the two connections never write at once. A batch
/// is the writes at the head of the queue of one kind.
///
/// PostgreSQL needs no gate, its row locks do the job; there each transaction has a deadline instead: past it, its
/// connection is closed, so that a transaction stuck on a dead connection (a driver waiting forever for a ROLLBACK
/// after the server went away) fails and the pool discards the connection instead of lending it out never again
/// (`docs/decisions/0016`).
public final class WriteGate: Sendable {
    typealias Work = @Sendable (any Database) async throws -> Void
    /// A write on the writer's own connection, synchronous, on its thread.
    typealias DirectWork = @Sendable (DirectConnection) throws -> Void

    private enum Job: Sendable {
        case fluent(Work, on: any Database, done: CheckedContinuation<Void, any Error>)
        case direct(DirectWork, done: CheckedContinuation<Void, any Error>)

        var isDirect: Bool {
            if case .direct = self { true } else { false }
        }

        func finish(_ outcome: Result<Void, any Error>) {
            switch self {
            case .fluent(_, _, let done), .direct(_, let done): done.resume(with: outcome)
            }
        }
    }

    private struct State: @unchecked Sendable {
        var queue: [Job] = []
        var held = false
        var stopped = false
        var started = false
        /// The thread has finished (after `stopped`, with nothing left) and closed its connection.
        var finished = false
        var batches = 0
        /// Opened by the thread on first use, only ever touched there.
        var connection: DirectConnection?
    }

    private let enabled: Bool
    /// Run on the connection before each batch (`PRAGMA busy_timeout`, `PRAGMA synchronous = …`): SQLite pragmas
    /// are per connection, and the pool opens connections we never see.
    let connectionSetup: [String]
    /// The most writes one commit takes; the rest wait for the next.
    let batchLimit: Int
    /// The database file, for the writer's own connection (nil on PostgreSQL).
    private let sqliteFile: String?
    /// Guards `state`; the thread waits on it for work.
    private let condition = NSCondition()
    nonisolated(unsafe) private var state = State()

    /// Told the size of every batch once it is committed (or failed).
    private let observe: @Sendable (Int) -> Void

    public init(
        enabled: Bool, connectionSetup: [String] = [], batchLimit: Int = 256, sqliteFile: String? = nil,
        observe: @escaping @Sendable (Int) -> Void = { _ in }
    ) {
        self.enabled = enabled
        self.connectionSetup = connectionSetup
        self.batchLimit = max(1, batchLimit)
        self.sqliteFile = enabled ? sqliteFile : nil
        self.observe = observe
    }

    var isSQLite: Bool { enabled }

    /// Writes waiting for the writer (not counting the batch being committed).
    var waiting: Int {
        get async { locked { $0.queue.count } }
    }

    /// Batches committed (or failed) since start (tests; `/metrics` has their sizes).
    var batches: Int {
        get async { locked { $0.batches } }
    }

    /// Runs `work` in the next batch on `db`; returns once that batch is committed, or throws the work's own error
    /// (its savepoint rolled back) or the commit's.
    func write(_ work: @escaping Work, on db: any Database) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            enqueue(.fluent(work, on: db, done: done))
        }
    }

    /// Runs `work` on the writer's own connection, in the next batch of such writes, with the same promise as `write`.
    func write(direct work: @escaping DirectWork) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            enqueue(.direct(work, done: done))
        }
    }

    /// Keeps the writer from starting a batch while `body` runs (the batch being committed, if any, finishes); the
    /// writes that arrive meanwhile are committed together afterwards. Tests use it to make a batch of known content.
    func holdingWrites<T: Sendable>(_ body: @Sendable () async throws -> T) async rethrows -> T {
        hold(true)
        defer { hold(false) }
        return try await body()
    }

    private func hold(_ held: Bool) {
        locked { $0.held = held }
        condition.broadcast()
    }

    /// Stops the thread once the writes queued are done, and closes the writer's connection (the application's
    /// shutdown). Writes that arrive later fail.
    func shutdown() {
        condition.lock()
        defer { condition.unlock() }
        state.stopped = true
        condition.broadcast()
        while state.started, !state.finished { condition.wait() }
    }

    /// Closes the writer when the application shuts down.
    struct Shutdown: LifecycleHandler {
        let gate: WriteGate

        func shutdownAsync(_ application: Application) async {
            // Off the concurrency pool: the writer may need it to finish a batch of Fluent writes.
            await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                DispatchQueue.global().async {
                    gate.shutdown()
                    done.resume()
                }
            }
        }
    }

    private func locked<T>(_ body: (inout State) -> T) -> T {
        condition.lock()
        defer { condition.unlock() }
        return body(&state)
    }

    private func enqueue(_ job: Job) {
        let refused = locked { state -> Bool in
            guard !state.stopped else { return true }
            state.queue.append(job)
            if !state.started {
                state.started = true
                startThread()
            }
            return false
        }
        if refused { return job.finish(.failure(DatabaseUnavailable())) }
        condition.signal()
    }

    private func startThread() {
        let thread = Thread { [self] in run() }
        thread.name = "guichet-sqlite-writer"
        thread.start()
    }

    /// The writer thread: batch after batch while writes wait, until stopped with nothing left.
    private func run() {
        while let batch = nextBatch() {
            let outcomes: [Result<Void, any Error>]
            if case .fluent(_, let db, _) = batch[0] {
                outcomes = waitFor {
                    await Self.commit(
                        batch.compactMap { if case .fluent(let work, _, _) = $0 { work } else { nil } },
                        setup: self.connectionSetup, on: db)
                }
            } else {
                outcomes = commit(batch.compactMap { if case .direct(let work, _) = $0 { work } else { nil } })
            }
            locked { $0.batches += 1 }
            observe(batch.count)
            for (job, outcome) in zip(batch, outcomes) { job.finish(outcome) }
        }
        locked { state in
            state.connection?.close()
            state.connection = nil
            state.finished = true
        }
        condition.broadcast()
    }

    /// The writes at the head of the queue of one kind, once there are some and nothing holds them; nil when stopped
    /// with an empty queue.
    private func nextBatch() -> [Job]? {
        condition.lock()
        defer { condition.unlock() }
        while state.queue.isEmpty || (state.held && !state.stopped) {
            if state.stopped, state.queue.isEmpty { return nil }
            condition.wait()
        }
        let kind = state.queue[0].isDirect
        let batch = Array(state.queue.prefix(batchLimit).prefix { $0.isDirect == kind })
        state.queue.removeFirst(batch.count)
        return batch
    }

    /// Runs async work from the writer thread and waits for it: the thread is ours, blocking it blocks nobody else.
    private func waitFor<T: Sendable>(_ work: @escaping @Sendable () async -> T) -> T {
        let result = NIOLockedValueBox<T?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            let value = await work()
            result.withLockedValue { $0 = value }
            done.signal()
        }
        done.wait()
        return result.withLockedValue { $0! }
    }

    /// One transaction for the batch. A lone write runs as a plain transaction (its error rolls it back); several run
    /// each in a savepoint. If a savepoint cannot be rolled back (SQLite already rolled the whole transaction back,
    /// e.g. on a full disk) or the COMMIT fails, every write of the batch gets that error.
    private static func commit(_ works: [Work], setup: [String], on db: any Database) async -> [Result<Void, any Error>]
    {
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

    /// The same on the writer's own connection, on this thread: BEGIN IMMEDIATE (the write lock at once, so another
    /// process's writer is waited for by the busy timeout instead of failing at the first write), a savepoint per
    /// write when there are several, one COMMIT. Whatever fails past the savepoints rolls the whole back.
    private func commit(_ works: [DirectWork]) -> [Result<Void, any Error>] {
        let connection: DirectConnection
        do {
            connection = try openConnection()
        } catch {
            return works.map { _ in .failure(error) }
        }
        do {
            try connection.execute("BEGIN IMMEDIATE")
            var outcomes: [Result<Void, any Error>] = []
            if works.count == 1 {
                outcomes = [Result { try works[0](connection) }]
                if case .failure(let error) = outcomes[0] {
                    // SQLite may have rolled back already (a full disk): the write's own error is the answer.
                    if connection.inTransaction { try connection.execute("ROLLBACK") }
                    return [.failure(error)]
                }
            } else {
                for work in works {
                    try connection.execute("SAVEPOINT guichet_write")
                    let outcome = Result { try work(connection) }
                    if case .failure = outcome { try connection.execute("ROLLBACK TO guichet_write") }
                    try connection.execute("RELEASE guichet_write")
                    outcomes.append(outcome)
                }
            }
            try connection.execute("COMMIT")
            return outcomes
        } catch {
            if connection.inTransaction { _ = try? connection.execute("ROLLBACK") }
            return works.map { _ in .failure(error) }
        }
    }

    /// The writer's own connection, opened on first use with the same settings as the pool's, and SQLite's
    /// savepoint journals in memory.
    private func openConnection() throws -> DirectConnection {
        if let open = locked({ $0.connection }) { return open }
        guard let sqliteFile else { throw DirectSQLiteError(code: SQLITE_MISUSE, message: "no SQLite file") }
        let made = try DirectConnection(path: sqliteFile)
        do {
            for statement in ["PRAGMA foreign_keys = ON", "PRAGMA temp_store = MEMORY"] + connectionSetup {
                try made.execute(statement)
            }
        } catch {
            made.close()
            throw error
        }
        locked { $0.connection = made }
        return made
    }
}

extension WriteGate {
    /// A write on SQLite's own writer connection (`write(direct:)`); the first write of a submission also spends its
    /// proof of work and counts it (`PendingAdmission`) in the same commit, as `Database.write(through:)` does.
    func writeDirect(_ body: @escaping DirectWork) async throws {
        guard let admission = PendingAdmission.current, admission.take() else { return try await write(direct: body) }
        try await write(direct: { connection in try admission.admit(then: body, on: connection) })
    }
}

extension Database {
    /// One statement as a write of its own, and its rows: on SQLite on the writer's own connection (no Fluent, no
    /// hop per statement, in the writer's next batch of such writes), on PostgreSQL alone, without BEGIN and COMMIT,
    /// prepared once per connection (`PreparedStatements`). For the frequent small writes that run beside the holds
    /// (the outbox's claims and marks).
    @discardableResult
    func write(statement query: SQLQueryString, through gate: WriteGate) async throws -> [any SQLRow] {
        guard gate.isSQLite else {
            return try await write(through: gate, oneStatement: true) { tx in
                try await PreparedStatements.rows(query, on: tx)
            }
        }
        let statement = try DirectStatement(query)
        let rows = NIOLockedValueBox<[DirectRow]>([])
        try await gate.writeDirect { connection in
            let read = try connection.rows(statement)
            rows.withLockedValue { $0 = read }
        }
        return rows.withLockedValue { $0 }
    }

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
        try await gate.write(
            { tx in
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
            guard let connection = try await GuardedConnection.lending(pooled) else {
                return try await pooled.transaction { try await body($0) }
            }
            let postgres = connection.connection
            let watchdog = deadline.map { deadline in
                postgres.eventLoop.scheduleTask(in: deadline) {
                    Logger(label: "guichet.database").warning(
                        "A write transaction outlived its deadline: its connection is closed")
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
