import Fluent
import Vapor

/// `guichet demo`: migrates if needed and loads the demo data (idempotent).
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Loads the demo prefecture (sites, counters, procedures, four weeks of slots). Idempotent." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        try await DemoData.load(
            on: app.db, gate: app.guichet.writeGate, clock: app.guichet.clock, random: app.guichet.random)
        try await DrawService(db: app.db, services: app.guichet, logger: app.logger).ensureWindows()
        let slots = try await Slot.query(on: app.db).count()
        let released = try await Slot.query(on: app.db).filter(\.$released > 0).count()
        context.console.print("Demo data loaded: \(slots) slots, \(released) with seats on offer.")
    }
}

/// `guichet migrate`: brings the schema up to date, without asking (scripts and CI call it).
struct MigrateCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Runs the pending database migrations." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await MigrationLock.withLock(app) { try await app.autoMigrate() }
        context.console.print("Database schema up to date.")
    }
}
