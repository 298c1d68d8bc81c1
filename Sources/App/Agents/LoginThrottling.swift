import Fluent
import Foundation
import GuichetCore
import SQLKit

/// How the back office's login throttle counts (`docs/decisions/0019`).
///
/// Every attempt is counted before its password is looked at, by one conditional statement per key that either
/// counts it or finds the key full, so that parallel guesses get at most the limit checked, on SQLite and on
/// PostgreSQL alike. A checked attempt that succeeds gives its count back; one that fails and fills a key locks it
/// for a quarter of an hour.
///
/// The keys: the client's address (every attempt), and for an email that names an account, the account and the
/// client's network. Attempts on unknown emails count on their address only, so nobody locks out a network's agents
/// by guessing addresses that do not exist.
extension LoginThrottle {
    struct Rule: Sendable {
        let key: String
        let limit: Int
    }

    static func rules(account: String?, address: String?) -> [Rule] {
        var rules: [Rule] = []
        if let account { rules.append(Rule(key: "account:" + account, limit: AgentAccounts.accountFailures)) }
        if account != nil, let network = address.flatMap(NetworkPrefix.of) {
            rules.append(Rule(key: "network:" + network, limit: AgentAccounts.networkFailures))
        }
        rules.append(Rule(key: "address:" + (address ?? "unknown"), limit: AgentAccounts.addressFailures))
        return rules
    }

    /// Counts the attempt on every key, or throws `lockedOut` with the wait of the first full one. Inside the
    /// caller's transaction: a refusal rolls back what the keys before it counted.
    static func count(_ rules: [Rule], now: Date, on tx: any Database) async throws {
        let over = now.addingTimeInterval(-AgentAccounts.window)
        for rule in rules {
            // A window is over once it is older than its length (or a clock set back put it in the future).
            let counted = try await tx.sql.raw(
                """
                INSERT INTO login_throttles (key, failures, window_start) VALUES (\(bind: rule.key), 1, \(bind: now)) \
                ON CONFLICT (key) DO UPDATE SET \
                failures = CASE WHEN login_throttles.window_start <= \(bind: over) \
                    OR login_throttles.window_start > \(bind: now) THEN 1 ELSE login_throttles.failures + 1 END, \
                window_start = CASE WHEN login_throttles.window_start <= \(bind: over) \
                    OR login_throttles.window_start > \(bind: now) THEN \(bind: now) ELSE login_throttles.window_start END \
                WHERE (login_throttles.locked_until IS NULL OR login_throttles.locked_until <= \(bind: now)) \
                    AND (login_throttles.window_start <= \(bind: over) OR login_throttles.window_start > \(bind: now) \
                        OR login_throttles.failures < \(bind: rule.limit)) \
                RETURNING failures
                """
            ).all()
            guard counted.isEmpty else { continue }
            let row = try await tx.sql.raw(
                """
                SELECT window_start, locked_until FROM login_throttles WHERE key = \(bind: rule.key)
                """
            ).first()
            let start = try row?.decode(column: "window_start", as: Date?.self) ?? now
            let locked = try row?.decode(column: "locked_until", as: Date?.self)
            let until = locked.flatMap { $0 > now ? $0 : nil } ?? start.addingTimeInterval(AgentAccounts.window)
            throw AgentError.lockedOut(until: until, seconds: max(1, Int(until.timeIntervalSince(now).rounded(.up))))
        }
    }

    /// A counted attempt whose password was wrong: every key it filled is locked for `AgentAccounts.lockout`.
    /// Returns those keys.
    @discardableResult
    static func failed(_ rules: [Rule], now: Date, on tx: any Database) async throws -> [String] {
        var locked: [String] = []
        for rule in rules {
            let rows = try await tx.sql.raw(
                """
                UPDATE login_throttles SET locked_until = \(bind: now.addingTimeInterval(AgentAccounts.lockout)) \
                WHERE key = \(bind: rule.key) AND failures >= \(bind: rule.limit) \
                    AND (locked_until IS NULL OR locked_until <= \(bind: now)) \
                RETURNING key
                """
            ).all()
            if !rows.isEmpty { locked.append(rule.key) }
        }
        return locked
    }

    /// A counted attempt that signed in: it was no failure. The account starts afresh; the address and network
    /// give back the one attempt (an attacker holding one account cannot clear a network's count with it).
    static func succeeded(_ rules: [Rule], on tx: any Database) async throws {
        for rule in rules {
            if rule.key.hasPrefix("account:") {
                try await tx.sql.raw("DELETE FROM login_throttles WHERE key = \(bind: rule.key)").run()
            } else {
                try await tx.sql.raw(
                    """
                    UPDATE login_throttles SET failures = failures - 1 WHERE key = \(bind: rule.key) AND failures > 0
                    """
                ).run()
            }
        }
    }

    /// Forgets keys whose window and lock are over (run with the shared limits' purge).
    static func purge(now: Date, on tx: any Database) async throws {
        try await tx.sql.raw(
            """
            DELETE FROM login_throttles WHERE window_start < \(bind: now.addingTimeInterval(-AgentAccounts.window)) \
                AND (locked_until IS NULL OR locked_until < \(bind: now))
            """
        ).run()
    }
}
