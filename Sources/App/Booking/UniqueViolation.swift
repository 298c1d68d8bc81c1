import FluentPostgresDriver
import FluentSQLiteDriver

/// Recognises a violated unique index on either database and names the column it guards.
///
/// SQLite reports "UNIQUE constraint failed: appointments.email_key"; PostgreSQL reports the index name
/// (`appointments_active_email_key`) in its error fields. Both contain the column name.
enum UniqueViolation {
    static func column(in error: any Error) -> String? {
        let text: String
        if let postgres = error as? PSQLError {
            guard postgres.serverInfo?[.sqlState] == "23505" else { return nil }
            text = postgres.serverInfo?[.constraintName] ?? ""
        } else if let message = (error as? SQLiteError)?.message ?? (error as? DirectSQLiteError)?.message {
            guard message.contains("UNIQUE constraint failed") else { return nil }
            text = message
        } else {
            return nil
        }
        for column in ["identity_key", "name_key", "email_key", "phone_key", "convocation_code", "number"]
        where text.contains(column) {
            return column
        }
        // active_claims: SQLite names `active_claims.key`, PostgreSQL the primary key `active_claims_pkey`.
        if text.contains("active_claims") { return "key" }
        return "unknown"
    }

    /// The booking error a violated "one active appointment" index stands for.
    static func bookingError(for error: any Error) -> BookingError? {
        switch column(in: error) {
        case "identity_key", "name_key": .duplicateIdentity
        case "email_key": .duplicateEmail
        case "phone_key": .duplicatePhone
        default: nil
        }
    }
}
