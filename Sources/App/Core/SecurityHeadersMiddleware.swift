import Vapor

/// Headers every answer carries: no framing, no sniffing, no third-party anything.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        // Other sites get no referrer; our own pages' forms get an `Origin` (under `no-referrer` a browser sends
        // `Origin: null` with every POST, and `SameOriginForms` could not tell our forms from another site's).
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        // A handler that set a stricter policy keeps it: downloads of applicants' files are sandboxed, since a file
        // accepted by its first bytes may be an HTML/PDF polyglot.
        if !response.headers.contains(name: "Content-Security-Policy") {
            response.headers.replaceOrAdd(
                name: "Content-Security-Policy",
                value: "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'")
        }
        return response
    }
}
