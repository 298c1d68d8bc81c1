import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import SQLiteNIO
import VaporCSQLite

/// SQLite's writer connection (issue 13.1, docs/decisions/0027), owned by `WriteGate`'s thread: the busiest writes (a
/// hold, and a submission's admission with it) run on it as plain synchronous code, every statement prepared once and
/// kept, a whole batch without a single hop (sqlite-nio, used by Fluent, hops to its thread pool for every
/// statement), and without Fluent's models, whose reflection was half of a hold's CPU.
///
/// It is the same SQLite library as Fluent's (sqlite-nio's own copy, `VaporCSQLite`), so the file's locks stay those
/// of one library in one process; a second copy (GRDB's, the system's) would break them (decision 0025).
final class DirectConnection: @unchecked Sendable {
    private var handle: OpaquePointer?
    private var prepared: [String: OpaquePointer] = [:]

    init(path: String) throws {
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        var opened: OpaquePointer?
        let status = sqlite_nio_sqlite3_open_v2(path, &opened, flags, nil)
        guard status == SQLITE_OK, let opened else {
            let error = DirectSQLiteError(
                code: status, message: opened.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "cannot open")
            sqlite_nio_sqlite3_close_v2(opened)
            throw error
        }
        sqlite_nio_sqlite3_extended_result_codes(opened, 1)
        handle = opened
    }

    func close() {
        for statement in prepared.values { sqlite_nio_sqlite3_finalize(statement) }
        prepared = [:]
        sqlite_nio_sqlite3_close_v2(handle)
        handle = nil
    }

    /// Whether a transaction is open (SQLite may have rolled one back by itself after an I/O error or a full disk).
    var inTransaction: Bool { sqlite_nio_sqlite3_get_autocommit(handle) == 0 }

    /// Runs a statement built with SQLKit (the same text and binds as on Fluent's connections) and returns its rows.
    @discardableResult
    func rows(_ query: some SQLExpression) throws -> [DirectRow] {
        try rows(try DirectStatement(query))
    }

    /// Runs a statement made ready beforehand.
    @discardableResult
    func rows(_ statement: DirectStatement) throws -> [DirectRow] {
        try execute(statement.sql, statement.binds)
    }

    /// Runs one statement, prepared the first time its text is seen, and returns its rows.
    @discardableResult
    func execute(_ sql: String, _ binds: [SQLiteData] = []) throws -> [DirectRow] {
        let statement = try prepare(sql)
        defer {
            sqlite_nio_sqlite3_reset(statement)
            sqlite_nio_sqlite3_clear_bindings(statement)
        }
        for (index, value) in binds.enumerated() {
            try check(bind(value, at: Int32(index + 1), in: statement))
        }
        var rows: [DirectRow] = []
        var columns: DirectRow.Columns?
        while true {
            let status = sqlite_nio_sqlite3_step(statement)
            if status == SQLITE_DONE { return rows }
            guard status == SQLITE_ROW else { throw error(status) }
            let names = columns ?? DirectRow.Columns(statement)
            columns = names
            rows.append(
                DirectRow(columns: names, values: (0..<Int32(names.names.count)).map { column(at: $0, in: statement) }))
        }
    }

    private func prepare(_ sql: String) throws -> OpaquePointer {
        if let statement = prepared[sql] { return statement }
        // The texts are few (the hold's statements, per number of counters and claims); a bound keeps a mistake
        // that puts values into the text from growing the cache for ever.
        if prepared.count >= 256 {
            for statement in prepared.values { sqlite_nio_sqlite3_finalize(statement) }
            prepared = [:]
        }
        var statement: OpaquePointer?
        let status = sqlite_nio_sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard status == SQLITE_OK, let statement else { throw error(status) }
        prepared[sql] = statement
        return statement
    }

    private func bind(_ value: SQLiteData, at index: Int32, in statement: OpaquePointer) -> Int32 {
        switch value {
        case .integer(let number): sqlite_nio_sqlite3_bind_int64(statement, index, Int64(number))
        case .float(let number): sqlite_nio_sqlite3_bind_double(statement, index, number)
        case .text(let text): sqlite_nio_sqlite3_bind_text(statement, index, text, -1, Self.transient)
        case .blob(let bytes):
            bytes.withUnsafeReadableBytes {
                sqlite_nio_sqlite3_bind_blob(statement, index, $0.baseAddress, Int32($0.count), Self.transient)
            }
        case .null: sqlite_nio_sqlite3_bind_null(statement, index)
        }
    }

    private func column(at index: Int32, in statement: OpaquePointer) -> SQLiteData {
        switch sqlite_nio_sqlite3_column_type(statement, index) {
        case SQLITE_INTEGER: .integer(Int(sqlite_nio_sqlite3_column_int64(statement, index)))
        case SQLITE_FLOAT: .float(sqlite_nio_sqlite3_column_double(statement, index))
        case SQLITE_TEXT: .text(String(cString: sqlite_nio_sqlite3_column_text(statement, index)))
        case SQLITE_BLOB:
            .blob(
                ByteBuffer(
                    bytes: UnsafeRawBufferPointer(
                        start: sqlite_nio_sqlite3_column_blob(statement, index),
                        count: Int(sqlite_nio_sqlite3_column_bytes(statement, index)))))
        default: .null
        }
    }

    private func check(_ status: Int32) throws {
        guard status == SQLITE_OK else { throw error(status) }
    }

    private func error(_ status: Int32) -> DirectSQLiteError {
        DirectSQLiteError(
            code: sqlite_nio_sqlite3_extended_errcode(handle),
            message: String(cString: sqlite_nio_sqlite3_errmsg(handle)))
    }

    /// SQLite copies the bytes it is given (`SQLITE_TRANSIENT`).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

/// A statement for the writer's connection with its text written and its values encoded (as Fluent's SQLite driver
/// encodes them), made by the caller on its own thread so that the writer's thread only binds and steps.
struct DirectStatement: Sendable {
    let sql: String
    private(set) var binds: [SQLiteData]
    /// An insert's columns, in the order of its values (`setting`).
    private let columns: [String]

    /// A statement built with SQLKit, in SQLite's dialect.
    init(_ query: some SQLExpression) throws {
        var serializer = SQLSerializer(database: Self.dialectOnly)
        query.serialize(to: &serializer)
        sql = serializer.sql
        binds = try serializer.binds.map { try Self.encoder.encode($0) }
        columns = []
    }

    /// A row's insert, every value bound (NULL too), so that its text is the same for every row of the table.
    init(inserting row: InsertRow) throws {
        let names = row.columns.map { "\"" + $0 + "\"" }.joined(separator: ", ")
        let places = repeatElement("?", count: row.columns.count).joined(separator: ", ")
        sql = "INSERT INTO \"\(row.table)\" (\(names)) VALUES (\(places))"
        binds = try row.values.map { value in try value.map { try Self.encoder.encode($0) } ?? .null }
        columns = row.columns
    }

    /// The same insert with another value for `column` (one known only on the writer's thread).
    func setting(_ column: String, to value: SQLiteData) -> DirectStatement {
        guard let index = columns.firstIndex(of: column) else { preconditionFailure("no column \(column) in \(sql)") }
        var changed = self
        changed.binds[index] = value
        return changed
    }

    private static let encoder = SQLiteDataEncoder()

    /// What `SQLSerializer` needs to write SQLite's text: the dialect, nothing else.
    private static let dialectOnly = DialectOnly()

    private struct DialectOnly: SQLDatabase {
        let logger = Logger(label: "guichet.sqlite-writer")
        var eventLoop: any EventLoop { MultiThreadedEventLoopGroup.singleton.any() }
        var dialect: any SQLDialect { SQLiteDialect() }
        func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void)
            -> EventLoopFuture<Void>
        {
            eventLoop.makeFailedFuture(DirectSQLiteError(code: SQLITE_MISUSE, message: "serialising only"))
        }
    }
}

/// A row read on the writer's connection, decoded as Fluent's rows are.
struct DirectRow: SQLRow, Sendable {
    /// The column names of a statement's rows, shared by its rows.
    final class Columns: Sendable {
        let names: [String]
        let index: [String: Int]

        init(_ statement: OpaquePointer) {
            names = (0..<sqlite_nio_sqlite3_column_count(statement)).map {
                String(cString: sqlite_nio_sqlite3_column_name(statement, $0))
            }
            index = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    let columns: Columns
    let values: [SQLiteData]

    var allColumns: [String] { columns.names }

    func contains(column: String) -> Bool { columns.index[column] != nil }

    func decodeNil(column: String) throws -> Bool {
        guard let index = columns.index[column] else { throw missing(column) }
        return values[index] == .null
    }

    func decode<D: Decodable>(column: String, as: D.Type) throws -> D {
        guard let index = columns.index[column] else { throw missing(column) }
        return try SQLiteDataDecoder().decode(D.self, from: values[index])
    }

    private func missing(_ column: String) -> any Error {
        DirectSQLiteError(code: SQLITE_RANGE, message: "no column \(column) in the row")
    }
}

/// An SQLite error on the writer's connection: its extended result code and message.
struct DirectSQLiteError: Error, CustomStringConvertible {
    let code: Int32
    let message: String

    /// The primary result code (`SQLITE_BUSY`, `SQLITE_IOERR`…), without the extended part.
    var primary: Int32 { code & 0xFF }

    var description: String { "SQLite error \(code): \(message)" }
}
