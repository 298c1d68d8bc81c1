import Fluent
import GuichetCore
import Vapor

/// The periodic work of a serving process, each job in its own task (`JobRunner`): deliver emails, expire holds,
/// release seats, draw windows and lotteries, ask waiting requests whether they are still needed, plan slots ahead,
/// remind, sweep duplicates, purge old personal data.
///
/// Several processes may run every job at once. What must happen once per instant is claimed by a conditional update
/// (a release, a draw, the expiry of a hold or a request, a reminder, the four-weekly question, a duplicate's
/// cancellation: the second process finds the row already changed and does nothing), by a row lock (planning a
/// week's release instants), by a unique key (a draw window's id), or by a transaction-scoped advisory lock on
/// PostgreSQL (the retention purge, slot planning). Emails are leased row by row (`OutboxWorker`).
enum BackgroundJobs {
    /// Concurrent outbox workers in one process: an SMTP session is mostly waiting for the relay.
    static let outboxWorkers = 2

    static func all(_ app: Application) -> [PeriodicJob] {
        let services = app.guichet
        let db = app.db
        let logger = app.logger
        let worker = OutboxWorker(
            db: db, gate: services.writeGate, transport: services.mailTransport,
            renderer: services.mailRenderer, clock: services.clock,
            from: services.config.mailFrom, hostname: hostname(services.config.baseURL),
            logger: logger)
        let releases = ReleaseService(db: db, services: services, logger: logger)
        let draws = DrawService(db: db, services: services, logger: logger)
        let requests = RequestService(db: db, services: services, logger: logger)
        var jobs = (1...outboxWorkers).map { index in
            PeriodicJob(name: "outbox \(index)", every: .seconds(1), deadline: nil) { try await worker.runOnce() }
        }
        jobs += [
            PeriodicJob(name: "hold expiry", every: .seconds(15)) {
                try await BookingService(db: db, services: services, logger: logger).expireHolds()
            },
            // Every five seconds: a lottery's result is announced for a minute, and a release's instant matters to
            // whoever waits for its lottery.
            PeriodicJob(name: "releases", every: .seconds(5)) { try await releases.runDue() },
            PeriodicJob(name: "release planning", every: .seconds(3600)) { try await releases.planWeeks() },
            PeriodicJob(name: "draws", every: .seconds(5)) {
                try await draws.runDue()
                try await draws.ensureWindows()
            },
            PeriodicJob(name: "request expiry", every: .seconds(30)) { try await requests.expirePending() },
            PeriodicJob(name: "shared limits", every: .seconds(60)) {
                let now = services.clock.now()
                try await db.write(through: services.writeGate) { tx in
                    try await SharedLimits.purge(now: now, longestWindow: SubmissionLimits.window, on: tx)
                    try await LoginThrottle.purge(now: now, on: tx)
                }
            },
            PeriodicJob(name: "request upkeep", every: .seconds(3600), firstAfter: .seconds(120)) {
                try await requests.upkeep()
            },
            PeriodicJob(name: "reminders", every: .seconds(300)) {
                try await Reminders(db: db, services: services, logger: logger).run()
            },
            PeriodicJob(name: "duplicate sweep", every: .seconds(600)) {
                try await DuplicateSweep(db: db, services: services, logger: logger).run()
            },
            PeriodicJob(
                name: "retention purge", every: .seconds(86_400), firstAfter: .seconds(300),
                deadline: .seconds(600)
            ) {
                try await RetentionPurge(db: db, services: services, logger: logger).run(
                    months: services.config.retentionMonths)
            },
            PeriodicJob(name: "slot planning", every: .seconds(3600), deadline: .seconds(300)) {
                let now = services.clock.now()
                try await db.write(through: services.writeGate) { tx in
                    guard try await JobLock.tryTake("slot planning", on: tx) else { return }
                    try await SlotPlanner.planAhead(now: now, on: tx)
                }
            },
        ]
        return jobs
    }

    static func hostname(_ baseURL: String) -> String {
        URL(string: baseURL)?.host ?? "guichet.local"
    }
}

/// A job step that one process at a time should run: a transaction-scoped advisory lock on PostgreSQL (released at
/// the commit), nothing more on SQLite, where the write gate already serialises a process's writers.
enum JobLock {
    static func tryTake(_ name: String, on tx: any Database) async throws -> Bool {
        guard tx.sql.dialect.name == "postgresql" else { return true }
        let key = Int64(
            bitPattern: name.utf8.reduce(UInt64(14_695_981_039_346_656_037)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 })
        let row = try await tx.sql.raw("SELECT pg_try_advisory_xact_lock(\(bind: key)) AS locked").first()
        return try row?.decode(column: "locked", as: Bool.self) ?? false
    }
}

/// On `serve`: bring the schema up to date and, on an empty database, load the demo prefecture, under the migration
/// lock, so that nodes starting together do it once.
struct PrepareOnBoot: LifecycleHandler {
    func willBootAsync(_ app: Application) async throws {
        try await MigrationLock.withLock(app) {
            try await app.autoMigrate()
            try await SigningKeyCheck.verify(
                app.guichet.signingKey, rotate: app.guichet.config.signingKeyRotate,
                gate: app.guichet.writeGate, on: app.db)
            if try await DemoData.isEmpty(on: app.db) {
                app.logger.notice("Empty database: loading the demo prefecture.")
                try await DemoData.load(
                    on: app.db, gate: app.guichet.writeGate, clock: app.guichet.clock,
                    random: app.guichet.random)
            }
        }
        try await DrawService(db: app.db, services: app.guichet, logger: app.logger).ensureWindows()
    }
}
