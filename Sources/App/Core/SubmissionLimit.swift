import Foundation
import GuichetCore
import NIOConcurrencyHelpers
import Vapor

/// How many holds, draw requests and urgent requests one client may submit: per address and per network (/24 for
/// IPv4, /48 for IPv6), in ten minutes (`GUICHET_SUBMISSION_LIMIT`). Generous on purpose: an association helping
/// people book, or a carrier's NAT, puts many genuine people behind one address; the limits only stop a machine
/// firing at every release, and the suspicion review does the rest.
struct SubmissionLimits: Sendable, Equatable {
    var perAddress: RateRule
    var perNetwork: RateRule

    static let window: TimeInterval = 600
    static let standard = SubmissionLimits(perAddress: RateRule(limit: 30, window: window),
                                           perNetwork: RateRule(limit: 300, window: window))
}

/// The counts, in this process's memory: several processes each allow the limit (documented in the README). Kept
/// out of the database on purpose: the hold path stays five statements.
final class SubmissionThrottle: @unchecked Sendable {
    private let lock = NIOLock()
    private var windows: [String: RateWindow] = [:]
    let limits: SubmissionLimits?
    /// Above this many keys, windows that are over are dropped.
    static let pruneAbove = 100_000

    init(limits: SubmissionLimits?) { self.limits = limits }

    /// Counts one submission from `address` and returns nil, or refuses it (counting nothing) with the seconds to
    /// wait. No address (an in-process caller) or no limits: always allowed.
    func admit(address: String?, now: Date) -> TimeInterval? {
        guard let limits, let address else { return nil }
        var keys = [("a:" + address, limits.perAddress)]
        if let network = NetworkPrefix.of(address) { keys.append(("n:" + network, limits.perNetwork)) }
        return lock.withLock {
            if let wait = keys.compactMap({ windows[$0.0]?.wait(at: now, rule: $0.1) }).max() { return wait }
            for (key, rule) in keys { windows[key, default: RateWindow(start: now)].record(at: now, rule: rule) }
            if windows.count > Self.pruneAbove {
                let longest = max(limits.perAddress.window, limits.perNetwork.window)
                windows = windows.filter { now.timeIntervalSince($0.value.start) < longest }
            }
            return nil
        }
    }
}

/// Refuses a submission over the limits with 429 and `Retry-After`, before anything is read or written.
struct SubmissionLimit: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let services = request.guichet
        let address = ClientSignals.clientAddress(peer: request.remoteAddress?.ipAddress,
                                                  forwardedFor: request.headers[.xForwardedFor],
                                                  trusted: services.config.trustedProxies)
        if let wait = services.submissions.admit(address: address, now: services.clock.now()) {
            throw RequestError.tooManySubmissions(seconds: max(1, Int(wait.rounded(.up))))
        }
        return try await next.respond(to: request)
    }
}
