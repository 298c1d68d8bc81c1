import Fluent
import GuichetCore
import Vapor

/// The periodic work of a serving process: deliver emails, expire holds, release seats, draw windows and lotteries,
/// ask waiting requests whether they are still needed, plan slots ahead, remind, purge old personal data.
///
/// Every job is safe when several processes run it at once (conditional updates, idempotent planning), so no
/// leader election is needed yet.
struct BackgroundJobs: LifecycleHandler {
    final class Handle: @unchecked Sendable {
        var task: Task<Void, Never>?
    }

    let handle = Handle()

    func didBootAsync(_ app: Application) async throws {
        let services = app.guichet
        let db = app.db
        let logger = app.logger
        let worker = OutboxWorker(db: db, gate: services.writeGate, transport: services.mailTransport,
                                  renderer: services.mailRenderer, clock: services.clock,
                                  from: services.config.mailFrom, hostname: Self.hostname(services.config.baseURL),
                                  logger: logger)
        handle.task = Task {
            var tick = 0
            while !Task.isCancelled {
                await Self.guarded("outbox", logger) { try await worker.runOnce() }
                if tick % 15 == 0 {
                    await Self.guarded("hold expiry", logger) {
                        try await BookingService(db: db, services: services, logger: logger).expireHolds()
                    }
                }
                // Every five seconds: a lottery's result is announced for a minute, and a release's instant matters
                // to whoever waits for its lottery. Both are claimed by conditional updates, so a late process
                // finds nothing left to do.
                if tick % 5 == 0 {
                    await Self.guarded("releases", logger) {
                        let releases = ReleaseService(db: db, services: services, logger: logger)
                        if tick % 3600 == 0 { try await releases.planWeeks() }
                        try await releases.runDue()
                    }
                    await Self.guarded("draws", logger) {
                        let draws = DrawService(db: db, services: services, logger: logger)
                        try await draws.runDue()
                        try await draws.ensureWindows()
                    }
                }
                if tick % 30 == 0 {
                    await Self.guarded("requests", logger) {
                        let requests = RequestService(db: db, services: services, logger: logger)
                        try await requests.expirePending()
                    }
                }
                if tick % 3600 == 120 {
                    await Self.guarded("request upkeep", logger) {
                        try await RequestService(db: db, services: services, logger: logger).upkeep()
                    }
                }
                if tick % 300 == 0 {
                    await Self.guarded("reminders", logger) {
                        try await Reminders(db: db, services: services, logger: logger).run()
                    }
                }
                if tick % 600 == 0 {
                    await Self.guarded("duplicate sweep", logger) {
                        try await DuplicateSweep(db: db, services: services, logger: logger).run()
                    }
                }
                // Daily, starting five minutes after boot; safe on several processes (an advisory lock, and
                // a second run finds nothing left to purge).
                if tick % 86_400 == 300 {
                    await Self.guarded("retention purge", logger) {
                        try await RetentionPurge(db: db, services: services, logger: logger)
                            .run(months: services.config.retentionMonths)
                    }
                }
                if tick % 3600 == 0 {
                    await Self.guarded("slot planning", logger) {
                        let now = services.clock.now()
                        try await db.write(through: services.writeGate) { tx in
                            try await SlotPlanner.planAhead(now: now, on: tx)
                        }
                    }
                }
                tick += 1
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    func shutdownAsync(_ app: Application) async {
        handle.task?.cancel()
        await handle.task?.value
    }

    /// A failing job is logged and retried at its next turn; it never stops the others.
    static func guarded(_ name: String, _ logger: Logger, _ body: () async throws -> some Any) async {
        do { _ = try await body() } catch {
            logger.error("job \(name) failed: \(String(reflecting: type(of: error)))")
        }
    }

    static func hostname(_ baseURL: String) -> String {
        URL(string: baseURL)?.host ?? "guichet.local"
    }
}

/// On `serve`: bring the schema up to date and, on an empty database, load the demo prefecture, under the migration
/// lock, so that nodes starting together do it once.
struct PrepareOnBoot: LifecycleHandler {
    func willBootAsync(_ app: Application) async throws {
        try await MigrationLock.withLock(app) {
            try await app.autoMigrate()
            if try await DemoData.isEmpty(on: app.db) {
                app.logger.notice("Empty database: loading the demo prefecture.")
                try await DemoData.load(on: app.db, gate: app.guichet.writeGate, clock: app.guichet.clock,
                                        random: app.guichet.random)
            }
        }
        try await DrawService(db: app.db, services: app.guichet, logger: app.logger).ensureWindows()
    }
}
