import GuichetCore
import Vapor

/// Every route of the service, grouped. `openapi.yaml` must describe each `/api` route (a test checks it).
func routes(_ app: Application) throws {
    app.get(use: HomeController.home)
    app.get("healthz", use: HealthController.health)
    app.get("metrics", use: MetricsController.metrics)

    // Public pages (SitePath builds their links).
    app.get("procedures", ":procedure", use: ProcedurePages.procedure)
    app.get("procedures", ":procedure", "days", ":date", use: ProcedurePages.day)
    app.get("procedures", ":procedure", "book", use: BookingPages.form)
    // Submissions that create a hold or a request pay a proof of work and count against the limits per address and
    // per network (SubmissionGate).
    let limited = app.grouped(SubmissionGate())
    limited.post("procedures", ":procedure", "book", use: BookingPages.submit)
    app.get("procedures", ":procedure", "request", use: RequestPages.form)
    limited.post("procedures", ":procedure", "request", use: RequestPages.submit)
    app.get("appointments", ":id", "code", use: BookingPages.codeForm)
    app.post("appointments", ":id", "code", use: BookingPages.confirm)
    app.get("appointments", ":id", use: AppointmentPages.manage)
    app.get("appointments", ":id", "cancel", use: AppointmentPages.cancelForm)
    app.post("appointments", ":id", "cancel", use: AppointmentPages.cancel)
    app.get("appointments", ":id", "convocation", use: AppointmentPages.convocation)
    app.get("appointments", ":id", "attestation", use: AppointmentPages.attestation)
    app.get("requests", use: RequestPages.lookup)
    app.get("requests", ":number", "code", use: RequestPages.codeForm)
    app.post("requests", ":number", "code", use: RequestPages.confirm)
    app.get("requests", ":number", use: RequestPages.status)
    app.post("requests", ":number", "withdraw", use: RequestPages.withdraw)
    app.get("requests", ":number", "attestation", use: RequestPages.attestation)
    app.on(.POST, "requests", ":number", "permit", body: .collect(maxSize: "6mb"), use: RequestPages.attachPermit)
    for action in RequestActionPages.Action.allCases {
        app.get("requests", ":number", .constant(action.rawValue), use: RequestActionPages.form(action))
        app.post("requests", ":number", .constant(action.rawValue), use: RequestActionPages.submit(action))
    }
    app.get("urgent", use: UrgentPages.form)
    // Three attachments of 5 MB at most, plus the form: the only body allowed past the 64 KiB default.
    // Its body is collected by the route, after the middlewares: `UrgentPages.submit` passes the SubmissionGate itself.
    app.on(.POST, "urgent", body: .collect(maxSize: "16mb"), use: UrgentPages.submit)
    app.get("urgent", ":number", use: UrgentPages.status)
    app.get("urgent", ":number", "attestation", use: UrgentPages.attestation)
    app.get("verify", use: VerifyPages.form)
    app.get("verify", ":code", use: VerifyPages.result)
    app.get("stats", use: StatsPages.page)

    // The back office: sessions only here; every page but the login needs an agent of the right role.
    let backOffice = app.grouped("agent").grouped(app.sessions.middleware)
    backOffice.get("login", use: AgentLoginPages.form)
    backOffice.post("login", use: AgentLoginPages.login)
    backOffice.post("logout", use: AgentLoginPages.logout)
    let agents = backOffice.grouped(RequireAgent(role: .agent))
    agents.get(use: AgentHomePages.home)
    agents.get("password", use: AgentHomePages.passwordForm)
    agents.post("password", use: AgentHomePages.changePassword)
    // Assisted booking (the person is present) and urgent requests: any agent (AgentPath builds their links).
    agents.get("book", use: AssistedBookingPages.procedures)
    agents.get("book", ":procedure", use: AssistedBookingPages.days)
    agents.get("book", ":procedure", "days", ":date", use: AssistedBookingPages.times)
    agents.get("book", ":procedure", "form", use: AssistedBookingPages.form)
    agents.post("book", ":procedure", "form", use: AssistedBookingPages.submit)
    agents.get("appointments", ":id", use: AssistedBookingPages.appointment)
    agents.get("appointments", ":id", "convocation", use: AssistedBookingPages.convocation)
    agents.post("appointments", ":id", "cancel", use: AssistedBookingPages.cancel)
    agents.get("urgent", use: UrgentRequestPages.list)
    agents.get("urgent", ":number", use: UrgentRequestPages.show)
    agents.get("urgent", ":number", "attachments", ":id", use: UrgentRequestPages.attachment)
    agents.post("urgent", ":number", "grant", use: UrgentRequestPages.grant)
    agents.post("urgent", ":number", "answer", use: UrgentRequestPages.answer)
    let supervisors = backOffice.grouped(RequireAgent(role: .supervisor))
    statsCSVRoutes(supervisors: supervisors, agents: agents)
    supervisors.get("suspicion", use: SuspicionPages.list)
    supervisors.get("suspicion", "confirm", use: SuspicionPages.confirm)
    supervisors.post("suspicion", "cancel", use: SuspicionPages.cancel)
    // Checks before draws: permit scans behind priority claims, near-duplicates that say they are someone else.
    supervisors.get("priority", use: DrawChecksPages.priority)
    supervisors.get("priority", ":number", "scan", use: DrawChecksPages.scan)
    supervisors.post("priority", ":number", use: DrawChecksPages.review)
    supervisors.get("twins", use: DrawChecksPages.twins)
    supervisors.get("races", use: SpeedRacePages.page)
    supervisors.post("twins", ":id", use: DrawChecksPages.decide)
    // The counter: the day's list, check-in by scan, served / no-show; the walk-in queue (CounterPath builds the links).
    agents.get("counters", ":counter", use: CounterPages.day)
    agents.post("counters", ":counter", "scan", use: CounterPages.scan)
    for action in CounterAction.allCases {
        agents.post(
            "counters", ":counter", "appointments", ":id", .constant(action.rawValue), use: CounterPages.act(action))
    }
    agents.get("walk-in", use: WalkInPages.index)
    agents.get("walk-in", ":counter", use: WalkInPages.queue)
    agents.post("walk-in", ":counter", "tickets", use: WalkInPages.issue)
    agents.post("walk-in", ":counter", "call", use: WalkInPages.callNext)
    agents.post("walk-in", ":counter", "tickets", ":id", "served", use: WalkInPages.close(.served))
    agents.post("walk-in", ":counter", "tickets", ":id", "left", use: WalkInPages.close(.left))
    let admins = backOffice.grouped(RequireAgent(role: .admin))
    admins.get("audit", use: AuditPages.list)
    // Configuration without a restart (issue 5.3).
    admins.get("config", use: ConfigPages.index)
    admins.post("config", "planning", use: ConfigPages.saveHorizon)
    admins.post("config", "planning", "run", use: ConfigPages.planNow)
    admins.get("config", "procedures", "new", use: ProcedureConfigPages.new)
    admins.post("config", "procedures", "new", use: ProcedureConfigPages.create)
    admins.get("config", "procedures", ":procedure", use: ProcedureConfigPages.form)
    admins.post("config", "procedures", ":procedure", use: ProcedureConfigPages.save)
    admins.post("config", "procedures", ":procedure", "retire", use: ProcedureConfigPages.retire)
    admins.get("config", "counters", "new", use: CounterConfigPages.new)
    admins.post("config", "counters", "new", use: CounterConfigPages.create)
    admins.get("config", "counters", ":counter", use: CounterConfigPages.form)
    admins.post("config", "counters", ":counter", use: CounterConfigPages.save)
    admins.post("config", "counters", ":counter", "reinstate", use: CounterConfigPages.reinstate)

    let api = app.grouped("api", "v1").grouped(PrivateAnswers())
    api.get("openapi.yaml", use: OpenAPIController.document)
    api.get("challenge", use: ChallengeAPIController.challenge)
    api.get("procedures", use: ProceduresAPIController.list)
    api.get("procedures", ":procedure", "availability", use: ProceduresAPIController.availability)
    api.grouped(SubmissionGate()).post("appointments", use: AppointmentsAPIController.hold)
    api.get("appointments", ":id", use: AppointmentsAPIController.show)
    api.delete("appointments", ":id", use: AppointmentsAPIController.cancel)
    api.post("appointments", ":id", "confirm", use: AppointmentsAPIController.confirm)
    api.grouped(SubmissionGate()).post("requests", use: RequestsAPIController.submit)
    api.get("requests", ":number", use: RequestsAPIController.show)
    api.delete("requests", ":number", use: RequestsAPIController.withdraw)
    api.post("requests", ":number", "confirm", use: RequestsAPIController.confirm)
    // A scan or photo of the permit: 5 MB at most, the only API body past the 64 KiB default.
    api.on(
        .PUT, "requests", ":number", "permit", body: .collect(maxSize: "6mb"), use: RequestsAPIController.attachPermit)
    api.get("draws", ":id", use: RequestsAPIController.draw)
    api.get("convocations", ":code", use: ConvocationsAPIController.verify)
}
