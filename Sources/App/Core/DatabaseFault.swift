import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import NIOCore
import NIOPosix
import Vapor
import VaporCSQLite

/// The database cannot answer now: the connection broke, the server restarts, the pool waited too long, SQLite is
/// locked by another process or its disk failed. Clients are told so, with a time to come back, rather than a 500
/// they cannot tell from a bug (`503 database_unavailable`, `Retry-After`); nothing was recorded.
struct DatabaseUnavailable: CodedError {
    /// Seconds a client should wait before trying again.
    var retryAfter = 5

    var status: HTTPResponseStatus { .serviceUnavailable }
    var code: String { "database_unavailable" }
    var text: Localized {
        Localized(
            fr:
                "Le service est momentanément indisponible. Réessayez dans quelques instants : rien n'a été enregistré.",
            en: "The service is temporarily unavailable. Please try again in a few moments: nothing was recorded.")
    }
    var headers: HTTPHeaders { ["Retry-After": String(retryAfter)] }
}

enum DatabaseFault {
    /// Whether `error` means the database is out of reach (or busy beyond waiting), rather than a bug or bad input.
    static func isUnavailable(_ error: any Error) -> Bool {
        switch error {
        case is DatabaseUnavailable, is ConnectionPoolTimeoutError, is NIOConnectionError, is ChannelError, is IOError:
            return true
        case let pool as ConnectionPoolError:
            return pool == .shutdown
        case let psql as PSQLError:
            switch psql.code {
            case .serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown, .poolClosed,
                .queryCancelled:
                return true
            case .server:
                // Class 08 connection exceptions, 53 insufficient resources (too many connections), 57 operator
                // intervention (shutdown, statement timeout), 55P03 lock not available.
                let state = psql.serverInfo?[.sqlState] ?? ""
                return state.hasPrefix("08") || state.hasPrefix("53") || state.hasPrefix("57") || state == "55P03"
            default:
                return false
            }
        case let sqlite as SQLiteError:
            switch sqlite.reason {
            case .busy, .locked, .ioError, .full, .cantOpen, .readOnly, .busyTimeout, .busyInRecovery, .busyInSnapshot,
                .lockedBySharedCache, .ioErrorFailedRead, .ioErrorIncompleteRead, .ioErrorFailedWrite,
                .ioErrorFailedSync, .ioErrorFailedDirSync:
                return true
            default:
                return false
            }
        case let direct as DirectSQLiteError:
            // The same kinds on the writer's own connection (`DirectConnection`), by primary result code.
            return [SQLITE_BUSY, SQLITE_LOCKED, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_READONLY].contains(
                direct.primary)
        default:
            return false
        }
    }
}
