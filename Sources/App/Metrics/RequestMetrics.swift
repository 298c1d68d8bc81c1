import Vapor

/// Counts every answer by route pattern, method and status, and times it. Outermost, so that it sees the status the
/// client got, error answers and the request deadline's 503 included.
struct RequestMetrics: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let clock = ContinuousClock()
        let started = clock.now
        do {
            let response = try await next.respond(to: request)
            record(request, status: Int(response.status.code), duration: clock.now - started)
            return response
        } catch {
            record(request, status: Int((error as? any AbortError)?.status.code ?? 500), duration: clock.now - started)
            throw error
        }
    }

    private func record(_ request: Request, status: Int, duration: Duration) {
        request.application.configuredGuichet?.metrics.request(
            route: Self.route(of: request, status: status),
            method: request.method.rawValue, status: status, duration: duration)
    }

    /// The matched route's pattern (`/api/v1/appointments/:id`); `static` for the style sheet and script the file
    /// middleware serves, `unmatched` for anything else, so that a scan of random paths adds no label.
    static func route(of request: Request, status: Int) -> String {
        if let route = request.route {
            return "/" + route.path.map(\.description).joined(separator: "/")
        }
        return status < 400 ? "static" : "unmatched"
    }
}
