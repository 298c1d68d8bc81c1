import GuichetCore
import Vapor

/// Every route of the service, grouped. `openapi.yaml` must describe each `/api` route (a test checks it).
func routes(_ app: Application) throws {
    app.get(use: HomeController.home)
    app.get("healthz", use: HealthController.health)

    // Public pages (SitePath builds their links).
    app.get("procedures", ":procedure", use: ProcedurePages.procedure)
    app.get("procedures", ":procedure", "days", ":date", use: ProcedurePages.day)
    app.get("procedures", ":procedure", "book", use: BookingPages.form)
    app.post("procedures", ":procedure", "book", use: BookingPages.submit)
    app.get("procedures", ":procedure", "request", use: RequestPages.form)
    app.post("procedures", ":procedure", "request", use: RequestPages.submit)
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
    app.get("urgent", use: UrgentPages.form)
    // Three attachments of 5 MB at most, plus the form: the only body allowed past the 64 KiB default.
    app.on(.POST, "urgent", body: .collect(maxSize: "16mb"), use: UrgentPages.submit)
    app.get("urgent", ":number", use: UrgentPages.status)
    app.get("urgent", ":number", "attestation", use: UrgentPages.attestation)
    app.get("verify", use: VerifyPages.form)
    app.get("verify", ":code", use: VerifyPages.result)

    // The back office: sessions only here; every page but the login needs an agent of the right role.
    let backOffice = app.grouped("agent").grouped(app.sessions.middleware)
    backOffice.get("login", use: AgentLoginPages.form)
    backOffice.post("login", use: AgentLoginPages.login)
    backOffice.post("logout", use: AgentLoginPages.logout)
    let agents = backOffice.grouped(RequireAgent(role: .agent))
    agents.get(use: AgentHomePages.home)
    agents.get("password", use: AgentHomePages.passwordForm)
    agents.post("password", use: AgentHomePages.changePassword)
    // The counter: the day's list, check-in by scan, served / no-show; the walk-in queue (CounterPath builds the links).
    agents.get("counters", ":counter", use: CounterPages.day)
    agents.post("counters", ":counter", "scan", use: CounterPages.scan)
    for action in CounterAction.allCases {
        agents.post("counters", ":counter", "appointments", ":id", .constant(action.rawValue), use: CounterPages.act(action))
    }
    agents.get("walk-in", use: WalkInPages.index)
    agents.get("walk-in", ":counter", use: WalkInPages.queue)
    agents.post("walk-in", ":counter", "tickets", use: WalkInPages.issue)
    agents.post("walk-in", ":counter", "call", use: WalkInPages.callNext)
    agents.post("walk-in", ":counter", "tickets", ":id", "served", use: WalkInPages.close(.served))
    agents.post("walk-in", ":counter", "tickets", ":id", "left", use: WalkInPages.close(.left))
    let admins = backOffice.grouped(RequireAgent(role: .admin))
    admins.get("audit", use: AuditPages.list)

    let api = app.grouped("api", "v1")
    api.get("openapi.yaml", use: OpenAPIController.document)
    api.get("procedures", use: ProceduresAPIController.list)
    api.get("procedures", ":procedure", "availability", use: ProceduresAPIController.availability)
    api.post("appointments", use: AppointmentsAPIController.hold)
    api.get("appointments", ":id", use: AppointmentsAPIController.show)
    api.delete("appointments", ":id", use: AppointmentsAPIController.cancel)
    api.post("appointments", ":id", "confirm", use: AppointmentsAPIController.confirm)
    api.post("requests", use: RequestsAPIController.submit)
    api.get("requests", ":number", use: RequestsAPIController.show)
    api.delete("requests", ":number", use: RequestsAPIController.withdraw)
    api.post("requests", ":number", "confirm", use: RequestsAPIController.confirm)
    api.get("draws", ":id", use: RequestsAPIController.draw)
    api.get("convocations", ":code", use: ConvocationsAPIController.verify)
}
