import Fluent
import SQLKit

/// On PostgreSQL, every statement that changes seats (or the counters and procedures that show them) announces it
/// to every node at commit (`NOTIFY guichet_seats`, the payload naming the schema), whichever code path or
/// process made the change (`SeatChangeListener`, `docs/decisions/0017`). A rolled-back change announces nothing.
/// SQLite is one process: nothing to announce.
struct AddSeatChangeSignal: AsyncMigration {
    static let tables = ["slots", "counters", "procedures"]

    func prepare(on database: any Database) async throws {
        guard database.sql.dialect.name == "postgresql" else { return }
        try await database.sql.raw(Self.function(skippingNodes: false)).run()
        for table in Self.tables {
            try await database.sql.raw(
                """
                CREATE TRIGGER \(unsafeRaw: table)_seats_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE \
                ON \(ident: table) FOR EACH STATEMENT EXECUTE FUNCTION guichet_seats_changed()
                """
            ).run()
        }
    }

    /// The trigger's function: NOTIFY at commit, naming the schema; with `skippingNodes`, not for the connections of
    /// serving nodes, which announce their changes themselves (`AnnounceSeatChangesFromNodes`).
    static func function(skippingNodes: Bool) -> SQLQueryString {
        let (setting, node) = SeatChangeListener.nodeMark
        let skip =
            skippingNodes
            ? "IF current_setting('\(setting)', true) = '\(node)' THEN RETURN NULL; END IF;"
            : ""
        return """
            CREATE OR REPLACE FUNCTION guichet_seats_changed() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                \(unsafeRaw: skip)
                PERFORM pg_notify('\(unsafeRaw: SeatChangeListener.channel)', current_schema());
                RETURN NULL;
            END $$
            """
    }

    func revert(on database: any Database) async throws {
        guard database.sql.dialect.name == "postgresql" else { return }
        for table in Self.tables {
            try await database.sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: table)_seats_changed ON \(ident: table)")
                .run()
        }
        try await database.sql.raw("DROP FUNCTION IF EXISTS guichet_seats_changed()").run()
    }
}
