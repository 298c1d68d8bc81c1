import Foundation

/// A model's row, column by column, as `create(on:)` would insert it, for the statements of the hold's path that do
/// not go through Fluent (the SQLite writer's own connection, `DirectStatement(inserting:)`; PostgreSQL's single
/// statement, `PostgresStatement.append(_:selectingFrom:)`). Written out by hand in each model (`insertRow`) because Fluent's own input reflects over the model's properties (`Mirror`) on every call,
/// which was half of a hold's CPU (docs/decisions/0027); `InsertRowTests` checks each against Fluent's input, so the
/// model stays the one description of its table. An id the database generates is left out.
struct InsertRow: Sendable {
    let table: String
    let columns: [String]
    let values: [(any Encodable & Sendable)?]

    init(_ table: String, _ values: KeyValuePairs<String, (any Encodable & Sendable)?>) {
        self.table = table
        columns = values.map(\.key)
        self.values = values.map(\.value)
    }
}
