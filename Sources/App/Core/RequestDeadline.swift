import NIOConcurrencyHelpers
import NIOCore
import Vapor

/// No request waits longer than the configured bound (`GUICHET_REQUEST_DEADLINE`), whatever the database or its
/// driver does: past it the client is answered `503 database_unavailable` with `Retry-After`, and the work goes on in
/// the background until its own deadlines end it (a write transaction's watchdog closes its connection, a statement
/// times out on the server). A timer on the event loop races the handler; the first to finish answers.
struct RequestDeadline: AsyncMiddleware {
    let seconds: TimeInterval

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let outcome = Outcome()
        let timer = request.eventLoop.scheduleTask(in: .milliseconds(Int64(seconds * 1000))) {
            if outcome.settle() {
                request.logger.warning(
                    "Request over its deadline: answered 503",
                    metadata: ["path": .string(request.route?.description ?? "")])
            }
        }
        defer { timer.cancel() }
        return try await withCheckedThrowingContinuation { continuation in
            outcome.install(continuation)
            let transactions = TimeAmount.milliseconds(Int64(max(1, seconds - 1.5) * 1000))
            Task {
                do {
                    let response = try await DatabaseDeadline.$current.withValue(transactions) {
                        try await next.respond(to: request)
                    }
                    outcome.finish(.success(response))
                } catch {
                    outcome.finish(.failure(error))
                }
            }
        }
    }

    /// Whichever of the handler and the timer comes first resumes the caller, once.
    private final class Outcome: @unchecked Sendable {
        private let lock = NIOLock()
        private var continuation: CheckedContinuation<Response, any Error>?
        private var timedOut = false
        private var done = false

        func install(_ continuation: CheckedContinuation<Response, any Error>) {
            let resumeNow = lock.withLock { () -> Bool in
                if timedOut { return true }
                self.continuation = continuation
                return false
            }
            if resumeNow { continuation.resume(throwing: DatabaseUnavailable(retryAfter: 5)) }
        }

        /// The timer fired: answer 503 unless the handler has. Returns whether it did.
        func settle() -> Bool {
            let waiting = lock.withLock { () -> CheckedContinuation<Response, any Error>?? in
                guard !done else { return .none }
                done = true
                timedOut = true
                defer { continuation = nil }
                return .some(continuation)
            }
            guard case .some(let continuation) = waiting else { return false }
            continuation?.resume(throwing: DatabaseUnavailable(retryAfter: 5))
            return true
        }

        func finish(_ result: Result<Response, any Error>) {
            let waiting = lock.withLock { () -> CheckedContinuation<Response, any Error>? in
                guard !done else { return nil }
                done = true
                defer { continuation = nil }
                return continuation
            }
            waiting?.resume(with: result)
        }
    }
}
