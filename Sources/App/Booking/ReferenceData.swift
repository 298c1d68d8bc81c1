import Fluent
import Foundation
import GuichetCore
import NIOConcurrencyHelpers

/// Procedures, counters and sites: read on every booking, changed rarely (by admins). Kept in memory and
/// reloaded after `ttl`, so a change made on another process shows within seconds.
struct ReferenceData: Sendable {
    struct CounterInfo: Sendable {
        let id: String
        let name: String
        let siteName: String
        let siteAddress: String
    }

    struct ProcedureInfo: Sendable {
        let id: String
        let name: Localized
        let mode: Mode
        let counterIDs: [String]
        /// Out of service: kept so that existing appointments still read its name, but offered, booked and drawn no more.
        let retired: Bool
    }

    /// A procedure in service with the counters that serve it (their sites loaded), as the public pages, the back
    /// office's booking pages and `GET /api/v1/procedures` list them. Shared by every request until the next load:
    /// read, never changed.
    struct Offered: Sendable {
        let procedure: Procedure
        let counters: [Counter]
    }

    let procedures: [String: ProcedureInfo]
    let counters: [String: CounterInfo]
    /// The procedures in service, in display order.
    let offered: [Offered]

    func offered(_ procedureID: String) -> Offered? {
        offered.first { $0.procedure.id == procedureID }
    }

    static func load(on db: any Database) async throws -> ReferenceData {
        let counters = try await Counter.query(on: db).with(\.$site).all()
        let links = try await CounterProcedure.query(on: db).all()
        let served = Dictionary(grouping: links, by: { $0.$procedure.id }).mapValues {
            $0.map { $0.$counter.id }.sorted()
        }
        let models = try await Procedure.query(on: db).sort(\.$position).sort(\.$id).all()
        let procedures = models.map {
            ProcedureInfo(
                id: $0.id!, name: Localized(fr: $0.nameFR, en: $0.nameEN), mode: $0.allocationMode,
                counterIDs: served[$0.id!] ?? [], retired: $0.retiredAt != nil)
        }
        let counterByID = Dictionary(uniqueKeysWithValues: counters.map { ($0.id!, $0) })
        return ReferenceData(
            procedures: Dictionary(uniqueKeysWithValues: procedures.map { ($0.id, $0) }),
            counters: Dictionary(
                uniqueKeysWithValues: counters.map {
                    (
                        $0.id!,
                        CounterInfo(id: $0.id!, name: $0.name, siteName: $0.site.name, siteAddress: $0.site.address)
                    )
                }),
            offered: models.filter { $0.retiredAt == nil }.map {
                Offered(procedure: $0, counters: (served[$0.id!] ?? []).compactMap { counterByID[$0] })
            })
    }
}

/// The cached `ReferenceData`.
final class ReferenceCache: @unchecked Sendable {
    private let lock = NIOLock()
    private var cached: (data: ReferenceData, loadedAt: ContinuousClock.Instant)?
    let ttl: Duration

    init(ttl: Duration = .seconds(10)) { self.ttl = ttl }

    func get(on db: any Database) async throws -> ReferenceData {
        let now = ContinuousClock.now
        if let cached = lock.withLock({ cached }), now - cached.loadedAt < ttl { return cached.data }
        let data = try await ReferenceData.load(on: db)
        lock.withLock { cached = (data, now) }
        return data
    }

    /// Called after a change to procedures, counters or sites in this process.
    func invalidate() {
        lock.withLock { cached = nil }
    }
}
