import Fluent
import SQLKit

extension Database {
    /// The SQL side of this database. Both drivers Guichet runs on (SQLite, PostgreSQL) are SQL databases, so the
    /// cast cannot fail; it lives here once rather than at every raw statement.
    var sql: any SQLDatabase {
        guard let sql = self as? any SQLDatabase else {
            preconditionFailure("Guichet runs on SQL databases only (SQLite, PostgreSQL)")
        }
        return sql
    }
}
