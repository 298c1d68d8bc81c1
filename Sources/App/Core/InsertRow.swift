import Fluent
import SQLKit

/// A model's row, column by column, as `create(on:)` would insert it, for the statements of the hold's path that do
/// not go through Fluent (the SQLite writer's own connection, PostgreSQL's single statement, `PostgresStatement`). Written out by hand in
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
