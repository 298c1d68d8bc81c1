import Foundation

/// Groups bookings and requests that look like one hand at work, without sweeping up the honest people beside them.
///
/// Clusters are the connected components of strong links only: a burst from one network that is most of the
/// arrivals of its minutes, one phone or one mailbox for several people, and near-duplicate identities. Weak
/// signals (an email pattern, a browser build arriving in a burst, a release rush, churn) are what honest crowds
/// share too: they never create or merge a cluster; they raise its score and are shown per member, and the rows
/// that share only them with a cluster are listed beside it, never in it (`docs/decisions/0012`).
///
/// Every step is a dictionary pass or a sort, so 100,000 rows take well under a second. The output is fully
/// ordered: same rows, same clusters.
public enum ClusterFinder {
    /// `differentPeople`: pairs of bookings an agent found to be two people although their identities nearly match
    /// (the twins review at draws): they are no near-duplicates here either.
    public static func clusters(
        _ input: [SuspicionRow], thresholds: ClusterThresholds = ClusterThresholds(),
        differentPeople: Set<Set<SuspicionSubject>> = []
    ) -> [SuspicionCluster] {
        let rows = input.sorted { ($0.createdAt, $0.subject) < ($1.createdAt, $1.subject) }
        var finder = Finder(rows: rows, thresholds: thresholds, differentPeople: differentPeople)
        finder.groupNetworkBursts()
        finder.groupByValue(.phone, minimum: thresholds.phonePeople) { $0.phoneKey }
        finder.groupByValue(.email, minimum: thresholds.emailPeople) { $0.emailKey.isEmpty ? nil : $0.emailKey }
        finder.groupNearDuplicates()
        finder.groupByValue(.emailPattern, minimum: thresholds.emailPatternPeople) { $0.emailPattern }
        finder.groupUserAgentBursts()
        finder.groupReleaseRushes()
        finder.groupChurn()
        return finder.clusters()
    }

    /// One point per member, two more per member that also shows a weak signal (or is marked churn or release
    /// rush), three per kind of strong link beyond the first (independent links agreeing weigh more than one link
    /// repeated), one per kind of weak signal.
    public static func score(members: [ClusterMember], features: [SharedFeature]) -> Int {
        let signalled = members.filter { member in
            !member.signals.isEmpty || member.marks.contains(.churn) || member.marks.contains(.releaseRush)
        }.count
        let strong = Set(features.filter(\.kind.isStrong).map(\.kind)).count
        let weak = Set(features.filter { !$0.kind.isStrong }.map(\.kind)).count
        return members.count + 2 * signalled + 3 * max(0, strong - 1) + weak
    }

    private struct Group {
        let kind: SharedFeature.Kind
        let value: String
        let members: [Int]
    }

    private struct Finder {
        let rows: [SuspicionRow]
        let thresholds: ClusterThresholds
        var groups: [Group] = []
        var marks: [Set<ClusterMember.Mark>]
        /// Per row: its near-duplicate twins and how they differ.
        var twins: [[(twin: Int, reason: NearDuplicate.Reason)]]
        /// Per row, the person behind it: rows with one name key, or with near-duplicate identities (someone who
        /// corrected a typo by cancelling and booking again, from the same mailbox), are one person.
        let person: [Int]
        let nearDuplicates: [NearDuplicate.Pair]
        let logFactorials: [Double]

        init(rows: [SuspicionRow], thresholds: ClusterThresholds, differentPeople: Set<Set<SuspicionSubject>> = []) {
            self.rows = rows
            self.thresholds = thresholds
            marks = rows.map { $0.isFlagged ? [.flagged] : [] }
            twins = Array(repeating: [], count: rows.count)
            let identified = rows.indices.filter { rows[$0].identity != nil }
            nearDuplicates = NearDuplicate.pairs(identified.map { rows[$0].identity! }).map {
                NearDuplicate.Pair(first: identified[$0.first], second: identified[$0.second], reason: $0.reason)
            }.filter { !differentPeople.contains([rows[$0.first].subject, rows[$0.second].subject]) }
            var sets = DisjointSets(count: rows.count)
            var firstWithKey: [String: Int] = [:]
            for index in rows.indices {
                if let other = firstWithKey[rows[index].nameKey] {
                    sets.union(other, index)
                } else {
                    firstWithKey[rows[index].nameKey] = index
                }
            }
            for pair in nearDuplicates { sets.union(pair.first, pair.second) }
            person = rows.indices.map { sets.root($0) }
            var logFactorials = [0.0]
            logFactorials.reserveCapacity(rows.count + 1)
            for i in stride(from: 1, through: rows.count, by: 1) {
                logFactorials.append(logFactorials[i - 1] + log(Double(i)))
            }
            self.logFactorials = logFactorials
        }

        func people(_ members: [Int]) -> Int { Set(members.map { person[$0] }).count }

        /// Enough people; for a strong link, two are enough when one of them is flagged: a flagged booking brings
        /// its close links along. Weak signals are never lowered: they link nobody.
        func isKept(_ members: [Int], kind: SharedFeature.Kind, minimum: Int) -> Bool {
            let count = people(members)
            return count >= minimum || (kind.isStrong && count >= 2 && members.contains { rows[$0].isFlagged })
        }

        /// Row indices by value, in arrival order, values sorted.
        func buckets(_ value: (SuspicionRow) -> String?) -> [(String, [Int])] {
            var buckets: [String: [Int]] = [:]
            for index in rows.indices {
                if let key = value(rows[index]) { buckets[key, default: []].append(index) }
            }
            return buckets.sorted { $0.key < $1.key }
        }

        mutating func groupByValue(_ kind: SharedFeature.Kind, minimum: Int, _ value: (SuspicionRow) -> String?) {
            for (key, members) in buckets(value) where isKept(members, kind: kind, minimum: minimum) {
                groups.append(Group(kind: kind, value: key, members: members))
            }
        }

        /// Per network, runs of arrivals each within `networkWindow` of the previous one (`keepNetworkBurst` says
        /// which runs link their rows).
        mutating func groupNetworkBursts() {
            for (network, members) in buckets(\.network) {
                var burst: [Int] = []
                for index in members {
                    if let last = burst.last,
                        rows[index].createdAt.timeIntervalSince(rows[last].createdAt) > thresholds.networkWindow
                    {
                        keepNetworkBurst(burst, network: network)
                        burst = []
                    }
                    burst.append(index)
                }
                keepNetworkBurst(burst, network: network)
            }
        }

        /// A burst links when it holds enough households (a family booking together from one box is one) and is too
        /// dense to be chance: were the network carrying `networkShare` of everyone arriving meanwhile, so many of
        /// those arrivals would come from it less than `networkEvidence` of the time. With a flagged member, two
        /// people and `flaggedNetworkEvidence` are enough.
        mutating func keepNetworkBurst(_ burst: [Int], network: String) {
            guard burst.count > 1 else { return }
            let flagged = burst.contains { rows[$0].isFlagged }
            let enough = flagged ? people(burst) >= 2 : households(burst) >= thresholds.networkPeople
            guard enough else { return }
            let arrivals = rowsArriving(from: rows[burst.first!].createdAt, to: rows[burst.last!].createdAt)
            let chance = binomialTail(atLeast: burst.count, of: arrivals, share: thresholds.networkShare)
            guard chance < (flagged ? thresholds.flaggedNetworkEvidence : thresholds.networkEvidence) else { return }
            groups.append(Group(kind: .network, value: network, members: burst))
        }

        /// Distinct family names (folded) among the members' people; a row without an identity is its own.
        func households(_ members: [Int]) -> Int {
            Set(
                members.map { index in
                    rows[index].identity.map { "f:" + NameFolding.skeleton($0.familyName) } ?? "p:\(person[index])"
                }
            ).count
        }

        /// P(X ≥ k) for X ~ Binomial(n, p), summed from k until the terms no longer count (k is above the mean
        /// whenever it matters, so the terms fall). `logFactorials[i]` is log(i!).
        func binomialTail(atLeast k: Int, of n: Int, share p: Double) -> Double {
            guard k > 0 else { return 1 }
            guard k <= n, p > 0 else { return 0 }
            guard p < 1 else { return 1 }
            let (logP, logQ) = (log(p), log(1 - p))
            var total = 0.0
            for i in k...n {
                let logChoose = logFactorials[n] - logFactorials[i] - logFactorials[n - i]
                let term = exp(logChoose + Double(i) * logP + Double(n - i) * logQ)
                total += term
                if Double(i) > Double(n) * p, term < total * 1e-12 { break }
            }
            return min(1, total)
        }

        /// Rows created in `from...to` (rows are sorted by creation).
        func rowsArriving(from: Date, to: Date) -> Int {
            func firstIndex(where isAfter: (Date) -> Bool) -> Int {
                var low = 0
                var high = rows.count
                while low < high {
                    let middle = (low + high) / 2
                    if isAfter(rows[middle].createdAt) { high = middle } else { low = middle + 1 }
                }
                return low
            }
            return firstIndex { $0 > to } - firstIndex { $0 >= from }
        }

        /// Near-duplicate identities that can both still hold a seat (or one of them was flagged): one person holding
        /// two. A near-duplicate of a booking its person cancelled is that person correcting a typo, the way the
        /// service asks (a change is a cancellation), and links nothing.
        mutating func groupNearDuplicates() {
            for pair in nearDuplicates {
                let (a, b) = (pair.first, pair.second)
                guard rows[a].isActive || rows[b].isActive, rows[a].isActive || rows[a].isFlagged,
                    rows[b].isActive || rows[b].isFlagged
                else { continue }
                groups.append(Group(kind: .nearDuplicate, value: pair.reason.rawValue, members: [a, b]))
                twins[a].append((b, pair.reason))
                twins[b].append((a, pair.reason))
            }
        }

        mutating func groupUserAgentBursts() {
            let common = max(thresholds.commonUserAgentFloor, Int(thresholds.commonUserAgentShare * Double(rows.count)))
            for (agent, members) in buckets(\.userAgent) where members.count <= common {
                var burst: [Int] = []
                for index in members {
                    if let last = burst.last,
                        rows[index].createdAt.timeIntervalSince(rows[last].createdAt) > thresholds.userAgentWindow
                    {
                        keepUserAgentBurst(burst, agent: agent)
                        burst = []
                    }
                    burst.append(index)
                }
                keepUserAgentBurst(burst, agent: agent)
            }
        }

        mutating func keepUserAgentBurst(_ burst: [Int], agent: String) {
            if isKept(burst, kind: .userAgent, minimum: thresholds.userAgentPeople) {
                groups.append(Group(kind: .userAgent, value: agent, members: burst))
            }
        }

        mutating func groupReleaseRushes() {
            var rushed: [Int: [Int]] = [:]
            for (index, row) in rows.enumerated() {
                guard let seconds = row.secondsSinceRelease, seconds >= 0, seconds <= thresholds.releaseRushSeconds
                else { continue }
                marks[index].insert(.releaseRush)
                let release = (row.createdAt.timeIntervalSince1970 - seconds).rounded()
                rushed[Int(release), default: []].append(index)
            }
            for (release, members) in rushed.sorted(by: { $0.key < $1.key })
            where isKept(members, kind: .releaseRush, minimum: thresholds.releaseRushPeople) {
                let instant = Date(timeIntervalSince1970: TimeInterval(release))
                groups.append(Group(kind: .releaseRush, value: ParisTime.iso8601(instant), members: members))
            }
        }

        /// Per name key and per email key: each row made within the churn window after another row of the key was
        /// cancelled by its person is an event (binary search in the key's sorted cancellations).
        mutating func groupChurn() {
            for (key, members) in buckets({ "name:" + $0.nameKey }) + buckets({ "email:" + $0.emailKey }) {
                let cancellations = members.compactMap { rows[$0].cancelledAt }.sorted()
                guard !cancellations.isEmpty, members.count > 1 else { continue }
                var events = 0
                for index in members {
                    let created = rows[index].createdAt
                    var before = Self.count(
                        cancellations, in: created.addingTimeInterval(-thresholds.churnWindow)...created)
                    if let own = rows[index].cancelledAt, own <= created { before -= 1 }
                    if before > 0 {
                        events += 1
                        marks[index].insert(.churn)
                    }
                }
                if events >= thresholds.churnEvents {
                    groups.append(Group(kind: .churn, value: key, members: members))
                }
            }
        }

        static func count(_ sorted: [Date], in range: ClosedRange<Date>) -> Int {
            func firstIndex(where belongsAfter: (Date) -> Bool) -> Int {
                var low = 0
                var high = sorted.count
                while low < high {
                    let middle = (low + high) / 2
                    if belongsAfter(sorted[middle]) { high = middle } else { low = middle + 1 }
                }
                return low
            }
            return firstIndex { $0 > range.upperBound } - firstIndex { $0 >= range.lowerBound }
        }

        func feature(_ group: Group) -> SharedFeature {
            SharedFeature(
                kind: group.kind, value: group.value, members: group.members.count,
                people: people(group.members), from: rows[group.members.first!].createdAt,
                to: rows[group.members.last!].createdAt)
        }

        /// What ties `index` in and what it shows: its groups, and its near-duplicate twins by name.
        func member(_ index: Int, groupsOfRow: [[Int]]) -> ClusterMember {
            var reasons = Set<MemberReason>()
            for group in groupsOfRow[index].map({ groups[$0] }) where group.kind != .nearDuplicate {
                reasons.insert(MemberReason(kind: group.kind, value: group.value))
            }
            for (twin, reason) in twins[index] {
                reasons.insert(
                    MemberReason(
                        kind: .nearDuplicate, value: rows[twin].subject.description,
                        nearDuplicate: reason))
            }
            let ordered = reasons.sorted { ($0.isStrong ? 0 : 1, $0) < ($1.isStrong ? 0 : 1, $1) }
            return ClusterMember(
                subject: rows[index].subject, createdAt: rows[index].createdAt,
                isActive: rows[index].isActive, marks: marks[index].sorted(), reasons: ordered)
        }

        func clusters() -> [SuspicionCluster] {
            var sets = DisjointSets(count: rows.count)
            var inCluster = Set(rows.indices.filter { rows[$0].isFlagged })
            var groupsOfRow = Array(repeating: [Int](), count: rows.count)
            for (number, group) in groups.enumerated() {
                for member in group.members { groupsOfRow[member].append(number) }
                guard group.kind.isStrong else { continue }
                for member in group.members.dropFirst() { sets.union(group.members[0], member) }
                inCluster.formUnion(group.members)
            }
            // Row indices are in arrival order, so sorted indices are sorted members.
            let components = Dictionary(grouping: inCluster.sorted(), by: { sets.root($0) })
            let clusters = components.values.map { indices in
                let members = indices.map { member($0, groupsOfRow: groupsOfRow) }
                let touched = Set(indices.flatMap { groupsOfRow[$0] })
                let related = Set(touched.filter { !groups[$0].kind.isStrong }.flatMap { groups[$0].members })
                    .subtracting(inCluster).sorted().map { member($0, groupsOfRow: groupsOfRow) }
                let features = touched.map { feature(groups[$0]) }.sorted {
                    ($0.kind.isStrong ? 0 : 1, -$0.people, $0.kind, $0.value)
                        < ($1.kind.isStrong ? 0 : 1, -$1.people, $1.kind, $1.value)
                }
                return SuspicionCluster(
                    key: members[0].subject.description, features: features, members: members,
                    related: related, score: ClusterFinder.score(members: members, features: features))
            }
            return clusters.sorted { a, b in
                if a.isFlagged != b.isFlagged { return a.isFlagged }
                return (b.score, b.members.count, a.key) < (a.score, a.members.count, b.key)
            }
        }
    }
}
