import GuichetCore
import Vapor

/// What the HTTP request behind a booking says about its client, kept with the booking for the supervisors'
/// clusters: the network (/24 or /48), never the full address, and a digest of the User-Agent, never the header.
struct ClientSignals: Sendable, Equatable {
    var network: String?
    var userAgent: String?

    /// Agents' bookings, tests, imports: no client to describe.
    static let none = ClientSignals()

    /// The client's address: the peer's, unless the peer is a trusted reverse proxy; then the right-most address of
    /// `X-Forwarded-For` that is not itself a trusted proxy (the left part of the header is whatever the client
    /// wrote, so only what our own proxies appended is believed).
    static func clientAddress(peer: String?, forwardedFor: [String], trusted: Set<String>) -> String? {
        guard let peer, trusted.contains(peer) else { return peer }
        let chain = forwardedFor.flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return chain.last { !trusted.contains($0) } ?? peer
    }
}

extension Request {
    /// This request's client's address, behind our own reverse proxies too (`GUICHET_TRUSTED_PROXY` in the README):
    /// what the submission limits, the login throttle and the audit's "from where" go by.
    var clientAddress: String? {
        ClientSignals.clientAddress(
            peer: remoteAddress?.ipAddress, forwardedFor: headers[.xForwardedFor],
            trusted: guichet.config.trustedProxies)
    }

    /// This request's client, as suspicion signals record it.
    var clientSignals: ClientSignals {
        ClientSignals(
            network: clientAddress.flatMap(NetworkPrefix.of),
            userAgent: UserAgentDigest.of(headers.first(name: .userAgent)))
    }
}
