import Fluent
import Foundation
import GuichetCore
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Before a hold, a draw request, a lottery ticket or an urgent request: a solved proof of work, spent once, and the
/// submission limits per address and per network (`docs/decisions/0011`, `docs/decisions/0017`, `docs/decisions/0023`).
///
/// Both live in the database, so that every node and every restart sees them: a proof spent on node A is refused on
/// node B, and a client gets its limit once, not once per node. The order is the decision's: a missing, forged,
/// expired or already spent proof is refused first and counts nothing (a thousand requests without the work cannot
/// lock a network out); only a submission that paid the work counts, whatever becomes of it. The proof is spent and
/// the counts taken in one transaction, so a refusal over the limit leaves the proof unspent and nothing counted.
///
/// The middleware checks the proof's signature, expiry and number at once (no database work), then lets the handler
/// run with the rest pending (`PendingAdmission`): the submission's own write transaction spends the proof and takes
/// the counts first, so a hold costs one transaction, not two. A handler that refuses before writing (a form error,
/// an unknown slot) gets the admission applied on its own afterwards, and the gate's refusal, if any, is the answer.
struct SubmissionGate: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let solution = request.headers.first(name: "Altcha") ?? (try? request.content.get(String.self, at: ProofOfWorkCheck.field))
        do {
            guard let admission = try PendingAdmission(request, solution: solution) else {
                return try await next.respond(to: request)
            }
            let answer: Result<Response, any Error>
            do {
                answer = .success(try await PendingAdmission.$current.withValue(admission) { try await next.respond(to: request) })
            } catch {
                answer = .failure(error)
            }
            if admission.take() {
                try await request.db.write(through: request.guichet.writeGate) { tx in try await admission.admit(on: tx) }
            }
            return try answer.get()
        } catch {
            Self.countRefusal(error, metrics: request.guichet.metrics)
            throw error
        }
    }

    /// The gate in one go, for a handler whose body is collected only once it runs (the urgent form's 16 MB).
    static func admit(_ request: Request, solution: String?) async throws {
        do {
            guard let admission = try PendingAdmission(request, solution: solution), admission.take() else { return }
            try await request.db.write(through: request.guichet.writeGate) { tx in try await admission.admit(on: tx) }
        } catch {
            countRefusal(error, metrics: request.guichet.metrics)
            throw error
        }
    }

    private static func countRefusal(_ error: any Error, metrics: GuichetMetrics) {
        switch error as? RequestError {
        case .proofOfWork(let refusal): metrics.refused(refusal.label)
        case .tooManySubmissions: metrics.refused("limit")
        default: break
        }
    }
}

/// What a submission still owes the gate once its proof checked out: the answer to spend and the counts to take, in
/// the first write transaction of its request (`Database.write(through:)` finds it in the task), else on its own.
final class PendingAdmission: Sendable {
    @TaskLocal static var current: PendingAdmission?

    private let challenge: String?
    private let keys: [(key: String, rule: RateRule)]
    private let now: Date
    private let expires: Date
    private let taken = NIOLockedValueBox(false)

    /// Checks the proof (a refusal throws, counting nothing); nil when there is nothing to spend or count.
    init?(_ request: Request, solution: String?) throws {
        let services = request.guichet
        now = services.clock.now()
        challenge = try services.proofOfWork.verify(solution, now: now)
        let address = ClientSignals.clientAddress(peer: request.remoteAddress?.ipAddress,
                                                  forwardedFor: request.headers[.xForwardedFor],
                                                  trusted: services.config.trustedProxies)
        keys = SharedLimits.keys(address: address, limits: services.config.submissionLimits)
        expires = now.addingTimeInterval(services.proofOfWork.lifetime)
        guard challenge != nil || !keys.isEmpty else { return nil }
    }

    /// Claims the admission for one transaction; false if one has it already.
    func take() -> Bool {
        taken.withLockedValue { taken in
            defer { taken = true }
            return !taken
        }
    }

    /// Spends the proof and counts the submission in the caller's transaction, or throws the refusal (the
    /// transaction then rolls back: the proof stays unspent and nothing is counted).
    func admit(on tx: any Database) async throws {
        if let challenge { try await SharedLimits.spend(challenge, expires: expires, on: tx) }
        if let wait = try await SharedLimits.count(keys, now: now, on: tx) {
            throw RequestError.tooManySubmissions(seconds: max(1, Int(wait.rounded(.up))))
        }
    }

    /// The admission, then the submission's own statements behind a savepoint: if they fail (the slot is full, the
    /// person holds a booking already), they alone are undone and the transaction commits the admission, since a
    /// refused submission paid the work and counts. Their error comes back as the failure, to throw after the commit.
    func admit<T: Sendable>(then body: @Sendable (any Database) async throws -> T,
                            on tx: any Database) async throws -> Result<T, any Error> {
        try await admit(on: tx)
        try await tx.sql.raw("SAVEPOINT submission").run()
        do {
            return .success(try await body(tx))
        } catch {
            try await tx.sql.raw("ROLLBACK TO SAVEPOINT submission").run()
            return .failure(error)
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
