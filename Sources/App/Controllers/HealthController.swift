import Fluent
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Liveness for load balancers and operators.
enum HealthController {
    /// How long one look at the database answers for: a probe at any rate costs at most four queries a second, and
    /// an outage shows within this (issue 13.3).
    static let memory: Duration = .milliseconds(250)

    /// Answers `GET /healthz`: 200 when the database answered a query within `memory`, 503 otherwise.
    @Sendable
    static func health(req: Request) async throws -> Response {
        let memo = req.application.healthMemo
        let ok: Bool
        if let recent = memo.recent(within: memory) {
            ok = recent
        } else {
            do {
                _ = try await req.db.sql.raw("SELECT 1 AS ok").all()
                ok = true
            } catch {
                req.logger.warning("health check: database unreachable")
                ok = false
            }
            memo.record(ok)
        }
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(
            status: ok ? .ok : .serviceUnavailable, headers: headers,
            body: .init(
                staticString: ok
                    ? #"{"database":"ok","status":"ok"}"#
                    : #"{"database":"unreachable","status":"unavailable"}"#))
    }
}

/// The last health check's result and when it was made.
final class HealthMemo: Sendable {
    private let last = NIOLockedValueBox<(at: ContinuousClock.Instant, ok: Bool)?>(nil)

    func recent(within age: Duration) -> Bool? {
        last.withLockedValue { last in
            guard let last, ContinuousClock.now - last.at < age else { return nil }
            return last.ok
        }
    }

    func record(_ ok: Bool) {
        last.withLockedValue { $0 = (ContinuousClock.now, ok) }
    }
}

extension Application {
    private struct HealthMemoKey: StorageKey {
        typealias Value = HealthMemo
    }

    /// Made at configuration (`configure`), one per application.
    var healthMemo: HealthMemo {
        get { storage[HealthMemoKey.self] ?? HealthMemo() }
        set { storage[HealthMemoKey.self] = newValue }
    }
}
