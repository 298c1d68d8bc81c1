import Fluent
import SQLKit

/// PostgreSQL: the unsent messages in id order, for the outbox's claim (`OutboxWorker.claim`), so that a claim reads
/// about ten rows however many wait, instead of the due index's whole range sorted. SQLite's planner takes the due
/// index in its own order instead (the claim orders by it there); it needs no second index to maintain.
struct AddOutboxUnsentIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard database.sql.dialect.name == "postgresql" else { return }
        try await database.sql.raw("CREATE INDEX outbox_unsent_idx ON outbox_messages (id) WHERE sent_at IS NULL").run()
    }

    func revert(on database: any Database) async throws {
        guard database.sql.dialect.name == "postgresql" else { return }
        try await database.sql.raw("DROP INDEX outbox_unsent_idx").run()
    }
}
