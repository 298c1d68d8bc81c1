import Fluent
import SQLKit

/// The seat-change trigger no longer announces the serving nodes' own changes: a node announces them itself, once per
/// 50 ms for all of them, outside its transactions (`SeatChangeListener`), since a NOTIFY inside each booking's
/// transaction made PostgreSQL order the commits on its queue's lock (`bench/run.sh`, `holds-notify`). Changes made
/// by anything else (a command, an operator's SQL) are still announced at their commit. A node's connections say
/// who they are with the startup parameter `guichet.announced_by=node`.
struct AnnounceSeatChangesFromNodes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard database.sql.dialect.name == "postgresql" else { return }
        try await database.sql.raw("""
            CREATE OR REPLACE FUNCTION guichet_seats_changed() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF current_setting('\(unsafeRaw: SeatChangeListener.nodeMark.0)', true) = '\(unsafeRaw: SeatChangeListener.nodeMark.1)' THEN
                    RETURN NULL;
                END IF;
                PERFORM pg_notify('\(unsafeRaw: SeatChangeListener.channel)', current_schema());
                RETURN NULL;
            END $$
            """).run()
    }

    func revert(on database: any Database) async throws {
        guard database.sql.dialect.name == "postgresql" else { return }
        try await database.sql.raw("""
            CREATE OR REPLACE FUNCTION guichet_seats_changed() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('\(unsafeRaw: SeatChangeListener.channel)', current_schema());
                RETURN NULL;
            END $$
            """).run()
    }
}
