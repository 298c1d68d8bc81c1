import Fluent
import Foundation
import SQLKit
import Vapor

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Several nodes started at once on one database migrate it once (issue 11, point 2): the first takes the lock and
/// migrates (and loads the demo on an empty database), the others wait for it, then find nothing left to do. On
/// PostgreSQL, a session advisory lock; on SQLite, an exclusive `flock` beside the database file (the processes
/// sharing a SQLite file share a machine).
enum MigrationLock {
    /// Any constant: the advisory lock's key ("guichet" in ASCII).
    static let key: Int64 = 0x6775_6963_6865_74

    static func withLock<T: Sendable>(_ app: Application, _ body: @escaping @Sendable () async throws -> T) async throws
        -> T
    {
        if app.guichet.config.databaseURL != nil {
            return try await app.db.withConnection { connection in
                try await connection.sql.raw("SELECT pg_advisory_lock(\(bind: key))").run()
                do {
                    let result = try await body()
                    try await connection.sql.raw("SELECT pg_advisory_unlock(\(bind: key))").run()
                    return result
                } catch {
                    try? await connection.sql.raw("SELECT pg_advisory_unlock(\(bind: key))").run()
                    throw error
                }
            }
        }
        let path = app.guichet.config.sqliteFile.path + ".migrate-lock"
        let descriptor = open(path, O_CREAT | O_RDWR, 0o600)
        guard descriptor >= 0 else { throw ConfigError("cannot open the migration lock file \(path)") }
        defer { close(descriptor) }
        // Blocking, on the thread pool (Swift's tasks run on the event loops): a node waits here while another migrates.
        try await app.threadPool.runIfActive {
            guard flock(descriptor, LOCK_EX) == 0 else { throw ConfigError("cannot lock \(path)") }
        }
        defer { flock(descriptor, LOCK_UN) }
        return try await body()
    }
}
