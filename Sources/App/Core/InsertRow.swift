import Fluent
import SQLKit

/// A model's row, column by column, as `create(on:)` would insert it, for the statements of the hold's path that do
/// not go through Fluent (the SQLite writer's own connection, PostgreSQL's single statement). Written out by hand in
/// each model (`insertRow`) because Fluent's own input reflects over the model's properties (`Mirror`) on every call,
/// which was half of a hold's CPU (docs/decisions/0027); `InsertRowTests` checks each against Fluent's input, so the
/// model stays the one description of its table. An id the database generates is left out.
struct InsertRow: SQLExpression {
    let table: String
    let columns: [String]
    let values: [(any Encodable & Sendable)?]

    init(_ table: String, _ values: KeyValuePairs<String, (any Encodable & Sendable)?>) {
        self.table = table
        columns = values.map(\.key)
        self.values = values.map(\.value)
    }

    /// Each column's value as SQL: bound, or NULL.
    var expressions: [any SQLExpression] {
        values.map { value -> any SQLExpression in value.map { SQLBind($0) } ?? SQLLiteral.null }
    }

    /// `INSERT INTO table (columns) VALUES (values)`.
    func serialize(to serializer: inout SQLSerializer) {
        serializer.statement {
            $0.append("INSERT INTO", SQLIdentifier(table))
            $0.append(SQLGroupExpression(SQLList(columns.map { SQLIdentifier($0) })))
            $0.append("VALUES", SQLGroupExpression(SQLList(expressions)))
        }
    }
}

/// A row as an `INSERT … SELECT … FROM source`, for an insert inside a `WITH` that happens once per row of another
/// part of the statement (the PostgreSQL hold, `BookingService`), and not at all when that part has none.
struct InsertSelect: SQLExpression {
    let row: InsertRow
    let source: String
    let overriding: [String: any SQLExpression]

    /// `overriding` gives SQL of its own to some columns (a value computed from `source`).
    init(_ row: InsertRow, from source: String, overriding: [String: any SQLExpression] = [:]) {
        self.row = row
        self.source = source
        self.overriding = overriding
    }

    func serialize(to serializer: inout SQLSerializer) {
        let values = zip(row.columns, row.expressions).map { column, value in overriding[column] ?? value }
        serializer.statement {
            $0.append("INSERT INTO", SQLIdentifier(row.table))
            $0.append(SQLGroupExpression(SQLList(row.columns.map { SQLIdentifier($0) })))
            $0.append("SELECT", SQLList(values))
            $0.append("FROM", SQLIdentifier(source))
        }
    }
}
