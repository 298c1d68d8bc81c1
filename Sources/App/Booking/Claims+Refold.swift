import Fluent
import Foundation
import GuichetCore

extension Claims {
    /// Takes every active booking's `person:` keys again under today's `IdentityKey`, after a change of the rule
    /// (look-alike letters folded, `docs/decisions/0018`): a booking made under the old rule in Cyrillic look-alikes
    /// must block the same name typed in Latin today, and it can only if its claim holds the new key.
    ///
    /// Bookings are taken in the order they were made. One whose new key another booking already holds (two
    /// look-alike bookings made before the rule) keeps its old keys, so it still blocks its own duplicates, and is
    /// sent to the suspicion review with the reason; nothing is cancelled here (the duplicate sweep cancels the later
    /// of two appointments, supervisors decide for requests). Returns the bookings sent to review.
    @discardableResult
    static func refold(now: Date, on db: any Database) async throws -> [SuspicionSubject] {
        let claims = try await ActiveClaim.query(on: db).all()
        var holderOf: [String: String] = [:]
        for claim in claims { if let key = claim.id { holderOf[key] = claim.holderID } }
        let oldKeys = Dictionary(grouping: claims.filter { $0.id?.hasPrefix("person:") == true }, by: \.holderID)
            .mapValues { Set($0.compactMap(\.id)) }

        var holders: [(subject: SuspicionSubject, holder: Holder, createdAt: Date, keys: Set<String>)] = []
        for chunk in oldKeys.keys.compactMap(UUID.init(uuidString:)).chunked(500) {
            for row in try await Appointment.query(on: db).filter(\.$id ~~ Array(chunk)).all() {
                guard let id = row.id?.uuidString, let keys = personKeys(of: row) else { continue }
                holders.append((SuspicionSubject(.appointment, id), .appointment, row.createdAt, Set(keys)))
            }
            for row in try await ApplicantRequest.query(on: db).filter(\.$id ~~ Array(chunk)).all() {
                guard let id = row.id?.uuidString, let keys = personKeys(of: row) else { continue }
                holders.append((SuspicionSubject(.request, id), .request, row.createdAt, Set(keys)))
            }
        }
        holders.sort { ($0.createdAt, $0.subject.id) < ($1.createdAt, $1.subject.id) }

        var kept: [SuspicionSubject] = []
        for holder in holders {
            let id = holder.subject.id
            let old = oldKeys[id] ?? []
            guard holder.keys != old else { continue }
            let stale = old.subtracting(holder.keys)
            let fresh = holder.keys.subtracting(old)
            if fresh.contains(where: { holderOf[$0].map { $0 != id } ?? false }) {
                kept.append(holder.subject)
                try await db.transaction { tx in
                    try await Suspicion.flag(
                        holder.subject, reason: lookalikeReason, actor: "system", remote: nil,
                        now: now, on: tx)
                }
                continue
            }
            try await db.transaction { tx in
                try await ActiveClaim.query(on: tx).filter(\.$id ~~ Array(stale)).delete()
                try await take(Array(fresh), holder: holder.holder, id: id, now: now, on: tx)
            }
            for key in stale { holderOf[key] = nil }
            for key in fresh { holderOf[key] = id }
        }
        return kept
    }

    static let lookalikeReason =
        "Same identity as an earlier active booking once look-alike letters are folded (booked before the rule)"
}
