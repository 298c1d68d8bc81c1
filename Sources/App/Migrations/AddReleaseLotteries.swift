import Fluent
import SQLKit

/// Release lotteries (`docs/decisions/0012`): a window is a draw or a release's lottery; the slots a lottery holds
/// cannot be taken first come until it is drawn; a ticket is a request bound to its lottery; a release names the
/// lottery it fed. One column per statement: SQLite adds a single column per `ALTER TABLE`.
struct AddReleaseLotteries: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(DrawWindow.schema).field("kind", .string).update()
        try await database.schema(Slot.schema).field("lottery_window_id", .string).update()
        try await database.schema(ApplicantRequest.schema).field("window_id", .string).update()
        try await database.schema(Release.schema).field("window_id", .string).update()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX slots_lottery_idx ON slots (lottery_window_id)").run()
        try await sql.raw("CREATE INDEX requests_window_idx ON requests (window_id, status)").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("DROP INDEX requests_window_idx").run()
        try await sql.raw("DROP INDEX slots_lottery_idx").run()
        try await database.schema(Release.schema).deleteField("window_id").update()
        try await database.schema(ApplicantRequest.schema).deleteField("window_id").update()
        try await database.schema(Slot.schema).deleteField("lottery_window_id").update()
        try await database.schema(DrawWindow.schema).deleteField("kind").update()
    }
}
