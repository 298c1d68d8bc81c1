import Fluent
import Foundation
import GuichetCore
import SQLKit
import Vapor

/// Before a hold, a draw request, a lottery ticket or an urgent request: a solved proof of work, spent once, and the
/// submission limits per address and per network (`docs/decisions/0011`, `docs/decisions/0017`).
///
/// Both live in the database, so that every node and every restart sees them: a proof spent on node A is refused on
/// node B, and a client gets its limit once, not once per node. The order is the decision's: a missing, forged,
/// expired or already spent proof is refused first and counts nothing (a thousand requests without the work cannot
/// lock a network out); only a submission that paid the work counts, whatever becomes of it. The proof is spent and
/// the counts taken in one transaction, so a refusal over the limit leaves the proof unspent and nothing counted.
struct SubmissionGate: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let solution = request.headers.first(name: "Altcha") ?? (try? request.content.get(String.self, at: ProofOfWorkCheck.field))
        try await Self.admit(request, solution: solution)
        return try await next.respond(to: request)
    }

    /// The gate itself, for a handler whose body is collected only once it runs (the urgent form's 16 MB).
    static func admit(_ request: Request, solution: String?) async throws {
        do {
            try await check(request, solution: solution)
        } catch let error as RequestError {
            switch error {
            case .proofOfWork(let refusal): request.guichet.metrics.refused(refusal.label)
            case .tooManySubmissions: request.guichet.metrics.refused("limit")
            default: break
            }
            throw error
        }
    }

    private static func check(_ request: Request, solution: String?) async throws {
        let services = request.guichet
        let now = services.clock.now()
        let challenge = try services.proofOfWork.verify(solution, now: now)
        let address = ClientSignals.clientAddress(peer: request.remoteAddress?.ipAddress,
                                                  forwardedFor: request.headers[.xForwardedFor],
                                                  trusted: services.config.trustedProxies)
        let keys = SharedLimits.keys(address: address, limits: services.config.submissionLimits)
        guard challenge != nil || !keys.isEmpty else { return }
        let expires = now.addingTimeInterval(services.proofOfWork.lifetime)
        try await request.db.write(through: services.writeGate) { tx in
            if let challenge { try await SharedLimits.spend(challenge, expires: expires, on: tx) }
            if let wait = try await SharedLimits.count(keys, now: now, on: tx) {
                throw RequestError.tooManySubmissions(seconds: max(1, Int(wait.rounded(.up))))
            }
        }
    }
}

extension ProofOfWork.Refusal {
    /// The `reason` label of `guichet_submission_refusals_total`.
    var label: String {
        switch self {
        case .malformed: "proof_of_work_malformed"
        case .forged: "proof_of_work_forged"
        case .expired: "proof_of_work_expired"
        case .wrongNumber: "proof_of_work_wrong_number"
        case .spent: "proof_of_work_spent"
        }
    }
}

/// The tables behind `SubmissionGate`.
enum SharedLimits {
    /// The address's and its network's keys, with their rules; none without an address or without limits.
    static func keys(address: String?, limits: SubmissionLimits?) -> [(key: String, rule: RateRule)] {
        guard let limits, let address else { return [] }
        var keys = [("a:" + address, limits.perAddress)]
        if let network = NetworkPrefix.of(address) { keys.append(("n:" + network, limits.perNetwork)) }
        return keys
    }

    /// Spends a proof-of-work answer once, on every node: a second spend violates the primary key.
    static func spend(_ challenge: String, expires: Date, on tx: any Database) async throws {
        do {
            try await tx.sql.raw("""
                INSERT INTO spent_challenges (challenge, expires_at) VALUES (\(bind: challenge), \(bind: expires))
                """).run()
        } catch where UniqueViolation.column(in: error) != nil {
            throw RequestError.proofOfWork(.spent)
        }
    }

    /// Counts one submission on every key, or returns how long until the fullest allows one (counting nothing: the
    /// caller's transaction rolls back). A key's window starts with its first submission after the last one ended,
    /// as `RateWindow` says; a clock set back ends it too.
    static func count(_ keys: [(key: String, rule: RateRule)], now: Date, on tx: any Database) async throws -> TimeInterval? {
        for (key, rule) in keys {
            let over = now.addingTimeInterval(-rule.window)
            let counted = try await tx.sql.raw("""
                INSERT INTO submission_counts (key, window_start, count) VALUES (\(bind: key), \(bind: now), 1) \
                ON CONFLICT (key) DO UPDATE SET \
                window_start = CASE WHEN submission_counts.window_start <= \(bind: over) \
                    OR submission_counts.window_start > \(bind: now) THEN \(bind: now) ELSE submission_counts.window_start END, \
                count = CASE WHEN submission_counts.window_start <= \(bind: over) \
                    OR submission_counts.window_start > \(bind: now) THEN 1 ELSE submission_counts.count + 1 END \
                WHERE submission_counts.window_start <= \(bind: over) OR submission_counts.window_start > \(bind: now) \
                    OR submission_counts.count < \(bind: rule.limit) \
                RETURNING count
                """).all()
            if counted.isEmpty {
                let row = try await tx.sql.raw("SELECT window_start FROM submission_counts WHERE key = \(bind: key)").first()
                let start = try row?.decode(column: "window_start", as: Date.self) ?? now
                return max(1, start.addingTimeInterval(rule.window).timeIntervalSince(now))
            }
        }
        return nil
    }

    /// Forgets spent answers past their challenge's expiry (they are refused as expired anyway) and windows over.
    static func purge(now: Date, longestWindow: TimeInterval, on tx: any Database) async throws {
        try await tx.sql.raw("DELETE FROM spent_challenges WHERE expires_at < \(bind: now)").run()
        try await tx.sql.raw("""
            DELETE FROM submission_counts WHERE window_start < \(bind: now.addingTimeInterval(-longestWindow))
            """).run()
    }
}
