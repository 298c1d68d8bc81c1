import Fluent
import GuichetCore

/// Active bookings' identity claims taken again with look-alike letters folded (`Claims.refold`,
/// `docs/decisions/0018`). The key columns of `appointments` are left as they were: convocations already printed
/// carry a signature over them.
struct RefoldIdentityClaims: AsyncMigration {
    let clock: any GuichetClock

    func prepare(on database: any Database) async throws {
        try await Claims.refold(now: clock.now(), on: database)
    }

    /// Nothing to undo: the keys under the old rule are those of the rule, which is gone with it.
    func revert(on database: any Database) async throws {}
}
