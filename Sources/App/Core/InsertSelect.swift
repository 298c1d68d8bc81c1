import Fluent
import SQLKit

/// A model's row as an `INSERT … SELECT … FROM source`, for the statements Fluent cannot build: an insert inside a
/// `WITH` that happens once per row of another part of the statement (the PostgreSQL hold, `BookingService`), and
/// not at all when that part has none. The columns and values are the ones `create(on:)` would insert, taken from
/// the model's own fields, so the model stays the one description of its table.
struct InsertSelect: SQLExpression {
    let table: String
    let columns: [(String, any SQLExpression)]
    let source: String

    /// `overriding` gives SQL of its own to some columns (a value computed from `source`).
    init<M: Model>(_ model: M, from source: String, overriding: [String: any SQLExpression] = [:]) {
        let input = Collected()
        model.input(to: input)
        self.table = M.schema
        self.source = source
        var columns = input.values.filter { overriding[$0.0] == nil }
        columns += overriding.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        self.columns = columns
    }

    func serialize(to serializer: inout SQLSerializer) {
        serializer.statement {
            $0.append("INSERT INTO", SQLIdentifier(table))
            $0.append(SQLGroupExpression(SQLList(columns.map { SQLIdentifier($0.0) })))
            $0.append("SELECT", SQLList(columns.map(\.1)))
            $0.append("FROM", SQLIdentifier(source))
        }
    }

    /// What the model's fields give: a bound value or NULL per column; a database default (an id the database
    /// generates) is left out, so that the database fills it.
    private final class Collected: DatabaseInput {
        var values: [(String, any SQLExpression)] = []

        func set(_ value: DatabaseQuery.Value, at key: FieldKey) {
            switch value {
            case .bind(let bound): values.append((key.description, SQLBind(bound)))
            case .null: values.append((key.description, SQLLiteral.null))
            case .enumCase(let name): values.append((key.description, SQLBind(name)))
            case .default: break
            case .dictionary, .array, .custom:
                preconditionFailure("InsertSelect: \(key) holds a value kind no Guichet model uses")
            }
        }
    }
}
