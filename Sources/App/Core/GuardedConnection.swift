import Fluent
import FluentPostgresDriver
import NIOConcurrencyHelpers
import NIOCore
import SQLKit

/// A PostgreSQL connection lent for one transaction, whose statements fail at once when the connection closes.
///
/// Why: the driver loses a statement written to a connection that has already closed (its channel drops the write,
/// and the statement's promise is never completed). A transaction whose connection the server closed between two
/// statements then waits forever, and so does the pool slot it holds: after a few database restarts a node had
/// lost most of its pool (`docs/decisions/0016`). Here every statement's answer is also tied to the connection's
/// close, so it fails with `DatabaseUnavailable` instead; the transaction ends, the closed connection goes back to
/// the pool, which discards it.
struct GuardedConnection: Database, SQLDatabase {
    let base: any Database
    let sqlBase: any SQLDatabase
    let connection: PostgresConnection

    /// `pooled` (a database bound to one pooled connection, inside `withConnection`) guarded; nil off PostgreSQL.
    static func lending(_ pooled: any Database) async throws -> GuardedConnection? {
        guard let postgres = pooled as? any PostgresDatabase else { return nil }
        let connection = try await postgres.withConnection { $0.eventLoop.makeSucceededFuture($0) }.get()
        return GuardedConnection(pooled, connection: connection)
    }

    init?(_ base: any Database, connection: PostgresConnection) {
        guard let sql = base as? any SQLDatabase else { return nil }
        self.base = base
        self.sqlBase = sql
        self.connection = connection
    }

    // MARK: Database

    var context: DatabaseContext { base.context }

    func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> Void) -> EventLoopFuture<
        Void
    > {
        guarded(base.execute(query: query, onOutput: onOutput))
    }

    func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> { guarded(base.execute(schema: schema)) }

    func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> { guarded(base.execute(enum: `enum`)) }

    var inTransaction: Bool { true }

    func transaction<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        closure(self)
    }

    func withConnection<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        closure(self)
    }

    // MARK: SQLDatabase

    var logger: Logger { sqlBase.logger }
    var eventLoop: any EventLoop { sqlBase.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { sqlBase.version }
    var dialect: any SQLDialect { sqlBase.dialect }
    var queryLogLevel: Logger.Level? { sqlBase.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<
        Void
    > {
        guarded(sqlBase.execute(sql: query, onRow))
    }

    /// A statement prepared on this connection the first time it runs here (`PreparedStatements`): its rows, guarded
    /// like every other statement.
    func execute(_ statement: RuntimeStatement, named name: String, sql: String) async throws -> [PostgresRow] {
        let promise = connection.eventLoop.makePromise(of: [PostgresRow].self)
        let (connection, logger) = (connection, sqlBase.logger)
        promise.completeWithTask {
            try await RuntimeStatement.$current.withValue(.init(name: name, sql: sql)) {
                var rows: [PostgresRow] = []
                for try await row in try await connection.execute(statement, logger: logger) { rows.append(row) }
                return rows
            }
        }
        return try await guarded(promise.futureResult).get()
    }

    /// The statement's answer, or `DatabaseUnavailable` as soon as the connection is closed without one.
    private func guarded<T: Sendable>(_ answer: EventLoopFuture<T>) -> EventLoopFuture<T> {
        let promise = answer.eventLoop.makePromise(of: T.self)
        let settled = NIOLockedValueBox(false)
        @Sendable func settle(_ result: Result<T, any Error>) {
            guard
                settled.withLockedValue({ done in
                    defer { done = true }
                    return !done
                })
            else { return }
            promise.completeWith(result)
        }
        answer.whenComplete(settle)
        connection.closeFuture.whenComplete { _ in settle(.failure(DatabaseUnavailable(retryAfter: 5))) }
        return promise.futureResult
    }
}
