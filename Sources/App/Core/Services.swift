import Crypto
import GuichetCore
import Vapor

/// The dependencies every handler and job shares, built once in `configure` and injected from there.
struct GuichetServices: Sendable {
    let config: GuichetConfig
    let clock: any GuichetClock
    let random: RandomSource
    let writeGate: WriteGate
    let mailTransport: any MailTransport
    let mailRenderer: MailRenderer
    let reference: ReferenceCache
    let availability: AvailabilityCache
    /// The public statistics' weekly figures (eleven queries a period), reused for a minute: they describe past weeks.
    let statistics: AvailabilityCache
    /// Throwaway-address domains refused for bookings (`GUICHET_DISPOSABLE_DOMAINS`, or the bundled list).
    let disposableDomains: EmailDomainList
    /// Proof-of-work challenges for holds and requests (`GUICHET_PROOF_OF_WORK`).
    let proofOfWork: ProofOfWorkDesk
    /// Signs convocations and attestations.
    let signingKey: Curve25519.Signing.PrivateKey
    /// What `GET /metrics` shows.
    let metrics: GuichetMetrics
}

extension GuichetServices {
    /// The public addresses emails link to.
    var mailLinks: MailLinks { MailLinks(baseURL: config.baseURL) }
}

extension Application {
    private struct ServicesKey: StorageKey {
        typealias Value = GuichetServices
    }

    var guichet: GuichetServices {
        get {
            guard let services = storage[ServicesKey.self] else {
                fatalError("configure(_:) sets the Guichet services")
            }
            return services
        }
        set { storage[ServicesKey.self] = newValue }
    }

    /// The services when `configure` ran: for middleware that a test may mount on a bare application.
    var configuredGuichet: GuichetServices? { storage[ServicesKey.self] }
}

extension Request {
    var guichet: GuichetServices { application.guichet }

    /// The booking rules bound to this request's database.
    var booking: BookingService {
        BookingService(db: db, services: application.guichet, logger: logger)
    }

    /// The draw-request rules bound to this request's database.
    var requests: RequestService {
        RequestService(db: db, services: application.guichet, logger: logger)
    }
}
