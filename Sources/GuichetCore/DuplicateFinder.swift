import Foundation

/// An active appointment or request as the duplicate sweep sees it: who, through which channels, since when.
public struct DuplicateCandidate: Hashable, Sendable {
    public let id: String
    public let createdAt: Date
    public let keys: Set<String>

    public init(id: String, createdAt: Date, keys: Set<String>) {
        self.id = id
        self.createdAt = createdAt
        self.keys = keys
    }

    /// The keys that make two bookings "the same person" under today's rules: identity (foreign number or names),
    /// names alone, email, phone. Recomputed from the stored identity, so a rule that changed catches old rows too.
    public static func keys(
        familyName: String, givenNames: String, birthDate: CivilDate, nationality: String,
        foreignNumber: String?, email: String, phone: String?
    ) -> Set<String> {
        var keys: Set<String> = [
            "id:"
                + IdentityKey.make(
                    familyName: familyName, givenNames: givenNames, birthDate: birthDate,
                    nationality: nationality, foreignNumber: foreignNumber
                ).value,
            "names:"
                + IdentityKey.byNames(
                    familyName: familyName, givenNames: givenNames, birthDate: birthDate,
                    nationality: nationality
                ).value,
        ]
        // No address (a booking made for someone at the counter) is not an address shared with others.
        if !email.trimmingCharacters(in: .whitespaces).isEmpty { keys.insert("email:" + EmailAddress.key(email)) }
        if let phone, let normalised = try? PhoneNumber.normalise(phone) { keys.insert("phone:" + normalised) }
        return keys
    }
}

/// The prefecture's rule "one person, one active booking", applied after the fact: whatever reached the database
/// (an agent's booking, an import, a rule that changed), bookings linked by any shared key form one group, the
/// earliest of the group is kept and the others are removed.
public enum DuplicateFinder {
    public struct Group: Hashable, Sendable {
        public let kept: String
        public let removed: [String]

        public init(kept: String, removed: [String]) {
            self.kept = kept
            self.removed = removed
        }
    }

    /// Groups linked directly or through a chain of shared keys (A shares an email with B, B a phone with C).
    public static func groups(_ candidates: [DuplicateCandidate]) -> [Group] {
        var sets = DisjointSets(count: candidates.count)
        var firstHolder: [String: Int] = [:]
        for (index, candidate) in candidates.enumerated() {
            for key in candidate.keys {
                if let other = firstHolder[key] {
                    sets.union(other, index)
                } else {
                    firstHolder[key] = index
                }
            }
        }
        let members = Dictionary(grouping: candidates.indices, by: { sets.root($0) })
        return members.values.filter { $0.count > 1 }.map { indices in
            let ordered = indices.map { candidates[$0] }.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
            return Group(kept: ordered[0].id, removed: ordered.dropFirst().map(\.id))
        }.sorted { $0.kept < $1.kept }
    }
}
