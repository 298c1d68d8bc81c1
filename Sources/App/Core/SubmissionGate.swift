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
/// the counts, in the same commit as the hold, so a hold costs one transaction, not two. A handler that refuses before writing (a form error,
/// an unknown slot) gets the admission applied on its own afterwards, and the gate's refusal, if any, is the answer.
struct SubmissionGate: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let solution =
            request.headers.first(name: "Altcha") ?? (try? request.content.get(String.self, at: ProofOfWorkCheck.field))
        do {
            guard let admission = try PendingAdmission(request, solution: solution) else {
                return try await next.respond(to: request)
            }
            let answer: Result<Response, any Error>
            do {
                answer = .success(
                    try await PendingAdmission.$current.withValue(admission) { try await next.respond(to: request) })
            } catch {
                answer = .failure(error)
            }
            if admission.take() {
                try await request.db.write(through: request.guichet.writeGate) { tx in try await admission.admit(on: tx)
                }
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
        let address = ClientSignals.clientAddress(
            peer: request.remoteAddress?.ipAddress,
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

    /// Gives the admission back, for the handler's end (`SubmissionGate`), when the transaction that took it rolled
    /// back.
    private func giveBack() {
        taken.withLockedValue { $0 = false }
    }

    /// Spends the proof and counts the submission in the caller's transaction, or throws the refusal (the
    /// transaction then rolls back: the proof stays unspent and nothing is counted).
    func admit(on tx: any Database) async throws {
        if let challenge { try await SharedLimits.spend(challenge, expires: expires, on: tx) }
        if let wait = try await SharedLimits.count(keys, now: now, on: tx) { throw Self.refusal(wait) }
    }

    /// The admission and the submission's own statements in one transaction. If the submission's statements fail (the
    /// slot is full, the person holds a booking already), the whole rolls back and the admission is given back, to be
    /// applied on its own at the handler's end: a refused submission paid the work and counts.
    ///
    /// On SQLite, whose writers take turns for whole transactions, the admission comes first. On PostgreSQL the proof
    /// is spent and the limits read in the first statement (a client over them is refused before any seat is
    /// touched), and the submission counted in the last: the count's row is one per address and per network, and its
    /// lock, held to the commit, would otherwise queue all of a network's holds behind each other's whole transactions.
    func admit<T: Sendable>(
        then body: @Sendable (any Database) async throws -> T, countingLast: Bool,
        on tx: any Database
    ) async throws -> T {
        if countingLast {
            if let wait = try await SharedLimits.spend(challenge, expires: expires, reading: keys, now: now, on: tx) {
                throw Self.refusal(wait)
            }
        } else {
            try await admit(on: tx)
        }
        let result: T
        do {
            result = try await body(tx)
        } catch {
            giveBack()
            throw error
        }
        if countingLast, let wait = try await SharedLimits.count(keys, now: now, on: tx) { throw Self.refusal(wait) }
        return result
    }

    /// The same on the SQLite writer's own connection (`WriteGate.write(direct:)`): the admission first, then the
    /// submission's statements; if those fail, the admission is given back as above.
    func admit(then body: (DirectConnection) throws -> Void, on connection: DirectConnection) throws {
        if let challenge { try SharedLimits.spend(challenge, expires: expires, on: connection) }
        if let wait = try SharedLimits.count(keys, now: now, on: connection) { throw Self.refusal(wait) }
        do {
            try body(connection)
        } catch {
            giveBack()
            throw error
        }
    }

    private static func refusal(_ wait: TimeInterval) -> RequestError {
        .tooManySubmissions(seconds: max(1, Int(wait.rounded(.up))))
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
            try await tx.sql.raw(spending(challenge, expires: expires)).run()
        } catch  where UniqueViolation.column(in: error) != nil {
            throw RequestError.proofOfWork(.spent)
        }
    }

    /// The same on the SQLite writer's own connection.
    static func spend(_ challenge: String, expires: Date, on connection: DirectConnection) throws {
        do {
            try connection.rows(spending(challenge, expires: expires))
        } catch  where UniqueViolation.column(in: error) != nil {
            throw RequestError.proofOfWork(.spent)
        }
    }

    private static func spending(_ challenge: String, expires: Date) -> SQLQueryString {
        "INSERT INTO spent_challenges (challenge, expires_at) VALUES (\(bind: challenge), \(bind: expires))"
    }

    /// PostgreSQL: spends the answer (if any) and reads the keys' counts in one statement (a data-modifying `WITH`),
    /// counting nothing. Returns how long until the fullest key allows one more submission, nil if every key has room
    /// now; `count` decides, since another submission may take the last place meanwhile.
    static func spend(
        _ challenge: String?, expires: Date, reading keys: [(key: String, rule: RateRule)], now: Date,
        on tx: any Database
    ) async throws -> TimeInterval? {
        let read: SQLQueryString = keys.isEmpty ? "" : counts(of: keys)
        let query: SQLQueryString
        switch challenge {
        case let challenge? where keys.isEmpty:
            query = spending(challenge, expires: expires)
        case let challenge?:
            query = """
                WITH spent AS (INSERT INTO spent_challenges (challenge, expires_at) \
                VALUES (\(bind: challenge), \(bind: expires)) RETURNING challenge) 
                """ + read
        case nil where keys.isEmpty: return nil
        case nil: query = read
        }
        let rows: [any SQLRow]
        do {
            rows = try await PreparedStatements.rows(query, on: tx)
        } catch  where UniqueViolation.column(in: error) != nil {
            throw RequestError.proofOfWork(.spent)
        }
        return try wait(rows, keys: keys, now: now)
    }

    /// The keys' rows of `submission_counts`, as `wait` reads them.
    private static func counts(of keys: [(key: String, rule: RateRule)]) -> SQLQueryString {
        "SELECT key, window_start, count FROM submission_counts WHERE key IN \(SQLGroupExpression(SQLList(keys.map { SQLBind($0.key) })))"
    }

    /// How long until the fullest of the keys' windows (rows of `submission_counts`) allows one more; nil if all
    /// have room. A window starts with its first submission after the last one ended, as `RateWindow` says; a clock
    /// set back ends it too.
    private static func wait(_ rows: [any SQLRow], keys: [(key: String, rule: RateRule)], now: Date) throws
        -> TimeInterval?
    {
        let rules = Dictionary(keys.map { ($0.key, $0.rule) }, uniquingKeysWith: { first, _ in first })
        var longest: TimeInterval?
        for row in rows {
            guard let rule = rules[try row.decode(column: "key", as: String.self)] else { continue }
            let start = try row.decode(column: "window_start", as: Date.self)
            let open = start > now.addingTimeInterval(-rule.window) && start <= now
            guard open, try row.decode(column: "count", as: Int.self) >= rule.limit else { continue }
            longest = max(longest ?? 0, max(1, start.addingTimeInterval(rule.window).timeIntervalSince(now)))
        }
        return longest
    }

    /// Counts one submission on every key in one statement, or returns how long until the fullest allows one
    /// (counting nothing: the caller's transaction rolls back, undoing the keys that had room).
    static func count(_ keys: [(key: String, rule: RateRule)], now: Date, on tx: any Database) async throws
        -> TimeInterval?
    {
        guard !keys.isEmpty else { return nil }
        guard try await PreparedStatements.rows(counting(keys, now: now), on: tx).count < keys.count else { return nil }
        return try wait(try await PreparedStatements.rows(counts(of: keys), on: tx), keys: keys, now: now) ?? 1
    }

    /// The same on the SQLite writer's own connection.
    static func count(_ keys: [(key: String, rule: RateRule)], now: Date, on connection: DirectConnection) throws
        -> TimeInterval?
    {
        guard !keys.isEmpty else { return nil }
        guard try connection.rows(counting(keys, now: now)).count < keys.count else { return nil }
        return try wait(try connection.rows(counts(of: keys)), keys: keys, now: now) ?? 1
    }

    /// The upsert that counts one submission on every key that has room, returning those keys.
    private static func counting(_ keys: [(key: String, rule: RateRule)], now: Date) -> SQLQueryString {
        // Each key's own rule, chosen by the row's key.
        func perKey(_ value: (RateRule) -> any SQLExpression) -> SQLQueryString {
            var expression: SQLQueryString = "CASE submission_counts.key"
            for (key, rule) in keys { expression = expression + " WHEN \(bind: key) THEN \(value(rule))" }
            return expression + " END"
        }
        let over = perKey { SQLBind(now.addingTimeInterval(-$0.window)) }
        let limit = perKey { SQLBind($0.limit) }
        let ended: SQLQueryString =
            "submission_counts.window_start <= \(over) OR submission_counts.window_start > \(bind: now)"
        let values = SQLList(keys.map { SQLGroupExpression([SQLBind($0.key), SQLBind(now), SQLLiteral.numeric("1")]) })
        return """
            INSERT INTO submission_counts (key, window_start, count) VALUES \(values) \
            ON CONFLICT (key) DO UPDATE SET \
            window_start = CASE WHEN \(ended) THEN \(bind: now) ELSE submission_counts.window_start END, \
            count = CASE WHEN \(ended) THEN 1 ELSE submission_counts.count + 1 END \
            WHERE \(ended) OR submission_counts.count < \(limit) \
            RETURNING key
            """
    }

    /// Forgets spent answers past their challenge's expiry (they are refused as expired anyway) and windows over.
    static func purge(now: Date, longestWindow: TimeInterval, on tx: any Database) async throws {
        try await tx.sql.raw("DELETE FROM spent_challenges WHERE expires_at < \(bind: now)").run()
        try await tx.sql.raw(
            """
            DELETE FROM submission_counts WHERE window_start < \(bind: now.addingTimeInterval(-longestWindow))
            """
        ).run()
    }
}
