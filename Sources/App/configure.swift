import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import GuichetCore
import Leaf
import LeafKit
import NIOCore
import Vapor

/// Sets up the application: storage, database, mail, middleware, migrations, routes, jobs.
/// `clock` and `random` are injected so tests drive time and tokens.
public func configure(
    _ app: Application,
    config: GuichetConfig,
    clock: any GuichetClock = SystemClock(),
    random: RandomSource = .system
) async throws {
    try FileManager.default.createDirectory(at: config.dataDirectory, withIntermediateDirectories: true)

    // Templates, styles and the OpenAPI document travel with the binary, whatever the working directory.
    app.directory = Resources.directory()

    let isSQLite = config.databaseURL == nil
    var listenerConfiguration: PostgresConnection.Configuration?
    if let url = config.databaseURL {
        var postgres = try SQLPostgresConfiguration(url: url)
        postgres.searchPath = config.postgresSchema.map { [$0] }
        // Every statement and transaction has a bound on the server too, and a dead server is found out quickly:
        // a request never waits on the database longer than its deadline (`docs/decisions/0016`).
        postgres.coreConfiguration.options.connectTimeout = .seconds(3)
        postgres.coreConfiguration.options.additionalStartupParameters += [
            ("statement_timeout", "5000"), ("lock_timeout", "3000"), ("idle_in_transaction_session_timeout", "10000"),
            // Names this node's connections in pg_stat_activity (operators, and the fault tests, count them).
            ("application_name", "guichet-\(ProcessInfo.processInfo.processIdentifier)"),
        ]
        // A serving node announces its own seat changes, in batches, outside its transactions (SeatChangeListener).
        if config.runJobs {
            postgres.coreConfiguration.options.additionalStartupParameters.append(SeatChangeListener.nodeMark)
        }
        listenerConfiguration = postgres.coreConfiguration
        app.databases.use(
            .postgres(
                configuration: postgres, maxConnectionsPerEventLoop: GuichetConfig.postgresConnectionsPerLoop,
                connectionPoolTimeout: .seconds(5)), as: .psql)
        if let schema = config.postgresSchema {
            try await app.db.sql.raw("CREATE SCHEMA IF NOT EXISTS \(ident: schema)").run()
        }
    } else {
        app.databases.use(.sqlite(.file(config.sqliteFile.path), connectionPoolTimeout: .seconds(5)), as: .sqlite)
        // WAL: readers never wait for the writer. The mode is stored in the file, so once is enough.
        _ = try await app.db.sql.raw("PRAGMA journal_mode = WAL").all()
    }

    let transport: any MailTransport =
        switch config.mail {
        case .folder(let url): FolderMailTransport(folder: url)
        case .log: LogMailTransport(logger: app.logger)
        case .smtp(let settings):
            try SMTPTransport(
                settings: settings, clientName: BackgroundJobs.hostname(config.baseURL), group: app.eventLoopGroup)
        }
    if case .smtp(let settings) = config.mail { app.logger.info("Mail goes out through \(settings)") }
    let signingKey = try SigningKey.load(config)
    let metrics = GuichetMetrics()
    app.guichet = GuichetServices(
        config: config,
        clock: clock,
        random: random,
        writeGate: WriteGate(
            enabled: isSQLite,
            // SQLite pragmas are per connection: the busy timeout replaces the driver's busy handler,
            // which retries forever while another process holds the write lock (a hang, not a 503);
            // FULL is SQLite's default synchronous level, only another needs setting.
            connectionSetup: isSQLite
                ? ["PRAGMA busy_timeout = 3000"]
                    + (config.sqliteSynchronous != "FULL"
                        ? ["PRAGMA synchronous = \(config.sqliteSynchronous)"] : []) : [],
            batchLimit: config.sqliteWriteBatch,
            sqliteFile: isSQLite ? config.sqliteFile.path : nil,
            observe: { [metrics] in metrics.committedBatch(of: $0) }),
        mailTransport: transport,
        mailRenderer: MailRenderer(viewsDirectory: app.directory.viewsDirectory, eventLoopGroup: app.eventLoopGroup),
        reference: ReferenceCache(),
        availability: AvailabilityCache(),
        statistics: AvailabilityCache(minAge: .seconds(60), maxAge: .seconds(60)),
        disposableDomains: try DisposableDomains.load(config, resourcesDirectory: app.directory.resourcesDirectory),
        proofOfWork: ProofOfWorkDesk(maxNumber: config.proofOfWorkMaxNumber, signingKey: signingKey),
        signingKey: signingKey,
        metrics: metrics
    )

    // Registered first, so closed last, after the jobs and the server.
    if isSQLite { app.lifecycle.use(WriteGate.Shutdown(gate: app.guichet.writeGate)) }
    app.healthMemo = HealthMemo()
    app.routes.defaultMaxBodySize = "64kb"
    app.middleware = Middlewares()
    // Outermost of all: counts and times what the client finally got.
    app.middleware.use(RequestMetrics())
    // Outermost, so that error answers carry the headers too.
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(GuichetErrorMiddleware())
    app.middleware.use(LongPathGuard())  // before the file system sees an impossible name
    app.middleware.use(SameOriginForms(baseURL: config.baseURL))  // forms from our own pages only
    app.middleware.use(try PublicFiles(directory: app.directory.publicDirectory))
    app.middleware.use(RequestDeadline(seconds: config.requestDeadline))

    app.sessions.use(.fluent)
    app.sessions.configuration = AgentSession.configuration(secure: config.baseURL.hasPrefix("https://"))
    app.passwords.use(.bcrypt(cost: config.bcryptCost))

    app.views.use(.leaf)
    // The bundle may live under `.build/`: Leaf's default refuses hidden folders anywhere in the path, so keep
    // only the sandbox and extension limits.
    app.leaf.sources = .singleSource(
        NIOLeafFiles(
            fileio: app.fileio, limits: [.toSandbox, .requireExtensions],
            sandboxDirectory: app.directory.viewsDirectory, viewDirectory: app.directory.viewsDirectory))

    // Append-only: one migration per file, in order, each file numbered by its place here (Migrations/NN-Name.swift).
    app.migrations.add(CreateSites())  // buildings
    app.migrations.add(CreateProcedures())  // what people come for
    app.migrations.add(CreateCounters())  // desks and the procedures each serves
    app.migrations.add(CreateSlots())  // times and seats, with the capacity check
    app.migrations.add(CreateAppointments())  // holds and appointments, one active per person
    app.migrations.add(CreateOutbox())  // emails waiting for delivery
    app.migrations.add(CreateReleases())  // release policies and their secret instants
    app.migrations.add(CreateAuditEntries())  // who did what to which record
    app.migrations.add(CreateActiveClaims())  // one active booking per person across appointments and requests
    app.migrations.add(CreateDraws())  // draw windows and the requests they allocate
    app.migrations.add(CreateAttestations())  // signed "this person asked" documents
    app.migrations.add(CreateUrgentRequests())  // no appointment before the permit expires, with attachments
    app.migrations.add(AddOutboxTemplates())  // emails stored as template + values, rendered at delivery
    app.migrations.add(AddAppointmentReminder())  // when the 48-hour reminder was queued
    app.migrations.add(CreateAgents())  // staff accounts and the login throttle
    app.migrations.add(SessionRecord.migration)  // agents' sessions (Fluent's driver: shared by every process)
    app.migrations.add(CreateSettings())  // settings admins change at run time (the planning horizon)
    app.migrations.add(AllowAppointmentsWithoutEmail())  // assisted bookings of people without an email address
    app.migrations.add(AddUrgentHandling())  // urgent requests granted an appointment or answered, and by whom
    app.migrations.add(CreateWeeklyAggregates())  // anonymous weekly statistics kept after the retention purge
    app.migrations.add(CreateBookingSignals())  // network, User-Agent digest, email pattern, time since release
    app.migrations.add(CreateSuspicionFlags())  // bookings sent for review (the counter's "ID does not match")
    // The counter (branch counter):
    app.migrations.add(AddAppointmentCheckIn())  // when and by whom a person was checked in at the counter
    app.migrations.add(CreateWalkInTickets())  // the walk-in queue's numbered tickets
    app.migrations.add(CreateDrawPolicies())  // draw windows set by admins; procedures and counters out of service
    app.migrations.add(AddReleaseLotteries())  // a release's seats go to a lottery among those who ask in its window
    app.migrations.add(AddRequestUpkeep())  // waiting requests asked every four weeks whether still needed
    app.migrations.add(AddPriorityEvidence())  // the permit scan behind a priority claim, and its review by an agent
    app.migrations.add(CreateTwinReviews())  // near-duplicate identities kept out of draws, and their review
    app.migrations.add(CreateSharedLimits())  // spent proof-of-work answers and submission counts, seen by every node
    app.migrations.add(AddSeatChangeSignal())  // PostgreSQL tells every node when seats change
    app.migrations.add(AnnounceSeatChangesFromNodes())  // ...but nodes tell their own changes, in batches
    app.migrations.add(RefoldIdentityClaims(clock: clock))  // claims taken again, look-alike letters folded
    app.migrations.add(AddOutboxUnsentIndex())  // PostgreSQL: the outbox's claim reads the unsent in order

    app.asyncCommands.use(MigrateCommand(), as: "migrate")
    app.asyncCommands.use(DemoCommand(), as: "demo")
    app.asyncCommands.use(BenchSeedCommand(), as: "bench-seed")
    app.asyncCommands.use(BenchCeilingCommand(), as: "bench-ceiling")
    app.asyncCommands.use(ReleaseCommand(), as: "release")
    app.asyncCommands.use(DrawCommand(), as: "draw")
    app.asyncCommands.use(VerifyDrawCommand(), as: "verify-draw")
    app.asyncCommands.use(BenchDrawCommand(), as: "bench-draw")
    app.asyncCommands.use(ExtraSeatsCommand(), as: "extra-seats")
    app.asyncCommands.use(SimulateCommand(), as: "simulate")
    app.asyncCommands.use(CreateAgentCommand(), as: "create-agent")
    app.asyncCommands.use(PurgeCommand(), as: "purge")

    if config.prepareOnBoot { app.lifecycle.use(PrepareOnBoot()) }
    if config.runJobs { app.lifecycle.use(JobRunner(jobs: BackgroundJobs.all)) }
    if config.runJobs, let listenerConfiguration {
        app.lifecycle.use(
            SeatChangeListener(
                configuration: listenerConfiguration, schema: config.postgresSchema,
                cache: app.guichet.availability))
    }

    try routes(app)
}

/// Where the bundled resources are.
enum Resources {
    static func directory() -> DirectoryConfiguration {
        // `bundleURL`, not `resourceURL`: Foundation on Linux takes a bundle holding a `Resources` folder for a
        // macOS-style bundle and already points `resourceURL` inside it.
        let root = Bundle.module.bundleURL.appendingPathComponent("Resources", isDirectory: true).path + "/"
        var directory = DirectoryConfiguration(workingDirectory: root)
        directory.resourcesDirectory = root
        directory.viewsDirectory = root + "Views/"
        directory.publicDirectory = root + "Public/"
        return directory
    }
}
