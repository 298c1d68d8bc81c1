import Fluent
import SQLKit

/// Serialises write transactions when the database is SQLite.
///
/// SQLite allows one writer at a time; a deferred transaction that reads and later writes can fail with
/// "database is locked" instead of waiting. Writes from this process therefore queue here, in arrival order, and
/// readers (WAL) are never blocked. PostgreSQL needs no gate: its row locks do the job.
public actor WriteGate {
    private let enabled: Bool
    /// Run on the connection before each write transaction (`PRAGMA synchronous = …`): SQLite pragmas are
    /// per connection, and the pool opens connections we never see.
    nonisolated let connectionSetup: String?
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    public init(enabled: Bool, connectionSetup: String? = nil) {
        self.enabled = enabled
        self.connectionSetup = connectionSetup
    }

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
    /// A write transaction, queued behind other writers on SQLite.
    @discardableResult
    func write<T: Sendable>(
        through gate: WriteGate,
        _ body: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        await gate.acquire()
        do {
            let result: T
            if let setup = gate.connectionSetup {
                result = try await withConnection { connection in
                    try await (connection as! any SQLDatabase).raw(SQLQueryString(setup)).run()
                    return try await connection.transaction { try await body($0) }
                }
            } else {
                result = try await transaction { try await body($0) }
            }
            await gate.release()
            return result
        } catch {
            await gate.release()
            throw error
        }
    }
}
