import Fluent
import FluentPostgresDriver
import NIOConcurrencyHelpers
import SQLKit

/// Statements that PostgreSQL parses and plans once per connection and then runs by name with their values: for the
/// hot path's statements (the hold and what it reads first), whose parsing and planning was 40 % of PostgreSQL's CPU
/// under a flood of holds when each was sent whole every time (docs/decisions/0026).
///
/// A statement is built with SQLKit as any other and serialized as usual. Its text names the prepared statement (one
/// name per distinct text, so a statement whose text varies, with a NULL or a list's length, has one per variant);
/// postgres-nio prepares that name on each connection the first time it runs there (the protocol's Parse, with the
/// values' types) and then only binds and executes it. Sent whole instead, as before: on SQLite; when a value is NULL
/// or not one of PostgreSQL's own types (the prepared types come from the first values bound, so they must never
/// change for a text); beyond `limit` distinct texts.
enum PreparedStatements {
    /// The most distinct texts prepared in this process; more would mean a statement whose text varies without end.
    static let limit = 64

    /// Each prepared text's number, its name being `guichet_<number>`.
    private static let numbers = NIOLockedValueBox<[String: Int]>([:])

    /// The statement's rows. `db` may be a pooled database (one connection is then taken for it) or a PostgreSQL
    /// transaction's connection (`GuardedConnection`).
    static func rows(_ query: some SQLExpression, on db: any Database) async throws -> [any SQLRow] {
        guard db is any PostgresDatabase || db is GuardedConnection else {
            return try await db.sql.raw("\(query)").all()
        }
        return try await rows(PostgresStatement(query, on: db.sql), on: db)
    }

    /// The same for a statement already in PostgreSQL's text (PostgreSQL only).
    static func rows(_ statement: PostgresStatement, on db: any Database) async throws -> [any SQLRow] {
        if let guarded = db as? GuardedConnection { return try await rows(statement, on: guarded) }
        return try await db.withConnection { pooled in
            guard let guarded = try await GuardedConnection.lending(pooled) else {
                return try await pooled.sql.raw("\(Whole(statement: statement))").all()
            }
            return try await rows(statement, on: guarded)
        }
    }

    private static func rows(_ statement: PostgresStatement, on db: GuardedConnection) async throws -> [any SQLRow] {
        guard let bindings = bindings(statement.values), let name = name(of: statement.text) else {
            return try await db.raw("\(Whole(statement: statement))").all()
        }
        return try await db.execute(RuntimeStatement(bindings: bindings), named: name, sql: statement.text)
            .map { $0.sql() }
    }

    /// The statement sent whole, its text as it is and its values bound.
    private struct Whole: SQLExpression {
        let statement: PostgresStatement

        func serialize(to serializer: inout SQLSerializer) {
            serializer.write(statement.text)
            serializer.binds += statement.values
        }
    }

    /// The values as postgres-nio binds them, or nil if one is NULL or not a PostgreSQL type of postgres-nio's own.
    static func bindings(_ values: [any Encodable & Sendable]) -> PostgresBindings? {
        var bindings = PostgresBindings(capacity: values.count)
        for value in values {
            guard (value as Any?) != nil, let value = value as? any PostgresThrowingDynamicTypeEncodable,
                (try? bindings.append(value)) != nil
            else { return nil }
        }
        return bindings
    }

    private static func name(of text: String) -> String? {
        numbers.withLockedValue { numbers in
            if let number = numbers[text] { return "guichet_\(number)" }
            guard numbers.count < limit else { return nil }
            numbers[text] = numbers.count + 1
            return "guichet_\(numbers.count)"
        }
    }
}

/// postgres-nio prepares a statement per type (its static `name` and `sql`); ours are made at run time, so this one type
/// reads both from the task that runs it. `PostgresConnection.execute(_:logger:)` reads them in that task, before its
/// first suspension and again if it fails.
struct RuntimeStatement: PostgresPreparedStatement {
    struct Text: Sendable {
        let name: String
        let sql: String
    }

    @TaskLocal static var current = Text(name: "", sql: "")

    static var name: String { current.name }
    static var sql: String { current.sql }

    let bindings: PostgresBindings

    func makeBindings() -> PostgresBindings { bindings }
    func decodeRow(_ row: PostgresRow) -> PostgresRow { row }
}

/// A PostgreSQL statement's text, with `$1`…`$n` for its values, and those values: built by appending text and
/// values, for a hot statement that SQLKit's serializer would make too slowly on every call (the hold's: quoting some
/// sixty identifiers took a tenth of a hold's CPU on the server), and run by `PreparedStatements`.
struct PostgresStatement: Sendable {
    private(set) var text: String
    private(set) var values: [any Encodable & Sendable]

    /// Starts with a statement made with SQLKit, serialized in PostgreSQL's dialect (`db`'s).
    init(_ start: some SQLExpression, on db: any SQLDatabase) {
        var serializer = SQLSerializer(database: db)
        start.serialize(to: &serializer)
        text = serializer.sql
        values = serializer.binds
    }

    mutating func append(_ sql: String) {
        text += sql
    }

    /// A value, bound.
    mutating func append(bind value: any Encodable & Sendable) {
        values.append(value)
        text += "$\(values.count)"
    }

    /// `INSERT INTO table (columns) SELECT values FROM source`: the row inserted once per row of `source` (another part
    /// of a `WITH`), a NULL written as such. `overriding` writes its own SQL for some columns.
    mutating func append(
        _ row: InsertRow, selectingFrom source: String,
        overriding: [String: (inout PostgresStatement) -> Void] = [:]
    ) {
        text += "INSERT INTO \"\(row.table)\" (" + row.columns.map { "\"\($0)\"" }.joined(separator: ", ") + ") SELECT "
        for (index, (column, value)) in zip(row.columns, row.values).enumerated() {
            if index > 0 { text += ", " }
            if let write = overriding[column] {
                write(&self)
            } else if let value {
                append(bind: value)
            } else {
                text += "NULL"
            }
        }
        text += " FROM \(source)"
    }
}
