import Foundation
import GuichetCore

/// How many holds, draw requests and urgent requests one client may submit: per address and per network (/24 for
/// IPv4, /48 for IPv6), in ten minutes (`GUICHET_SUBMISSION_LIMIT`). Generous on purpose: an association helping
/// people book, or a carrier's NAT, puts many genuine people behind one address; the limits only stop a machine
/// firing at every release, and the suspicion review does the rest.
struct SubmissionLimits: Sendable, Equatable {
    var perAddress: RateRule
    var perNetwork: RateRule

    static let window: TimeInterval = 600
    static let standard = SubmissionLimits(
        perAddress: RateRule(limit: 30, window: window),
        perNetwork: RateRule(limit: 300, window: window))
}
