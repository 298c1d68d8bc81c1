import Vapor

/// `Cache-Control: no-store` on every answer of the API whose handler set no policy of its own (issue 12, point 10).
/// Answers carry identities, manage tokens, convocation codes and request numbers, and no cache between the person
/// and us (a shared proxy, the browser's disk) may keep them. The public answers (procedures, availability) lose
/// little by it: the server's own cache answers them.
struct PrivateAnswers: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        if !response.headers.contains(name: .cacheControl) {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
        return response
    }
}
