import Vapor

/// Every route of the service, grouped. `openapi.yaml` must describe each `/api` route (a test checks it).
func routes(_ app: Application) throws {
    app.get(use: HomeController.home)
    app.get("healthz", use: HealthController.health)

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
}
