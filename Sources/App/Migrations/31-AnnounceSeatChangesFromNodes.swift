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
        try await database.sql.raw(AddSeatChangeSignal.function(skippingNodes: true)).run()
    }

    func revert(on database: any Database) async throws {
        guard database.sql.dialect.name == "postgresql" else { return }
        try await database.sql.raw(AddSeatChangeSignal.function(skippingNodes: false)).run()
    }
}
