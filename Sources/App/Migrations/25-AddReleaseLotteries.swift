import Fluent
import SQLKit

/// Release lotteries (`docs/decisions/0013`): a window is a draw or a release's lottery; the slots a lottery holds
/// cannot be taken first come until it is drawn; a request is a draw request or a lottery ticket, and names the
/// lottery it last took part in; a release names the lottery it fed. One column per statement: SQLite adds a single
/// column per `ALTER TABLE`.
struct AddReleaseLotteries: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(DrawWindow.schema).field("kind", .string).update()
        try await database.schema(Slot.schema).field("lottery_window_id", .string).update()
        try await database.schema(ApplicantRequest.schema).field("window_id", .string).update()
        try await database.schema(ApplicantRequest.schema).field("kind", .string).update()
        try await database.schema(Release.schema).field("window_id", .string).update()
        let sql = database.sql
        try await sql.raw("CREATE INDEX slots_lottery_idx ON slots (lottery_window_id)").run()
        try await sql.raw("CREATE INDEX requests_kind_idx ON requests (procedure_id, kind, status)").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        try await sql.raw("DROP INDEX requests_kind_idx").run()
        try await database.schema(ApplicantRequest.schema).deleteField("kind").update()
        try await sql.raw("DROP INDEX slots_lottery_idx").run()
        try await database.schema(Release.schema).deleteField("window_id").update()
        try await database.schema(ApplicantRequest.schema).deleteField("window_id").update()
        try await database.schema(Slot.schema).deleteField("lottery_window_id").update()
        try await database.schema(DrawWindow.schema).deleteField("kind").update()
    }
}
