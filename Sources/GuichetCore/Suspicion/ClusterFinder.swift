import Foundation

/// Groups bookings and requests that look like one hand at work: a shared network, email pattern or phone, one
/// User-Agent arriving in a burst, cancel-and-rebook churn, or arrivals within seconds of a release.
///
/// Each feature value gives a group (a User-Agent gives one per burst); groups with enough distinct people are
/// kept, and kept groups that share a member merge (union-find). Every step is a dictionary pass or a sort, so
/// 100,000 rows take well under a second. The output is fully ordered: same rows, same clusters.
public enum ClusterFinder {
    public static func clusters(_ input: [SuspicionRow], thresholds: ClusterThresholds = ClusterThresholds())
        -> [SuspicionCluster] {
        let rows = input.sorted { ($0.createdAt, $0.subject) < ($1.createdAt, $1.subject) }
        var finder = Finder(rows: rows, thresholds: thresholds)
        finder.groupByValue(.network, minimum: thresholds.networkPeople) { $0.network }
        finder.groupByValue(.emailPattern, minimum: thresholds.emailPatternPeople) { $0.emailPattern }
        finder.groupByValue(.phone, minimum: thresholds.phonePeople) { $0.phoneKey }
        finder.groupUserAgentBursts()
        finder.groupReleaseRushes()
        finder.groupChurn()
        return finder.clusters()
    }

    /// One point per member, two more per member marked churn or release rush, three per kind of feature beyond
    /// the first (independent signals agreeing weigh more than one signal repeated).
    public static func score(members: [ClusterMember], features: [SharedFeature]) -> Int {
        let marked = members.filter { $0.marks.contains(.churn) || $0.marks.contains(.releaseRush) }.count
        let kinds = Set(features.map(\.kind)).count
        return members.count + 2 * marked + 3 * max(0, kinds - 1)
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

        init(rows: [SuspicionRow], thresholds: ClusterThresholds) {
            self.rows = rows
            self.thresholds = thresholds
            marks = rows.map { $0.isFlagged ? [.flagged] : [] }
        }

        func people(_ members: [Int]) -> Int { Set(members.map { rows[$0].nameKey }).count }

        /// Enough people, or two when one of them is flagged: a flagged booking brings its close links along.
        func isKept(_ members: [Int], minimum: Int) -> Bool {
            let count = people(members)
            return count >= minimum || (count >= 2 && members.contains { rows[$0].isFlagged })
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
            for (key, members) in buckets(value) where isKept(members, minimum: minimum) {
                groups.append(Group(kind: kind, value: key, members: members))
            }
        }

        mutating func groupUserAgentBursts() {
            let common = max(thresholds.commonUserAgentFloor, Int(thresholds.commonUserAgentShare * Double(rows.count)))
            for (agent, members) in buckets(\.userAgent) where members.count <= common {
                var burst: [Int] = []
                for index in members {
                    if let last = burst.last,
                       rows[index].createdAt.timeIntervalSince(rows[last].createdAt) > thresholds.userAgentWindow {
                        keepBurst(burst, agent: agent)
                        burst = []
                    }
                    burst.append(index)
                }
                keepBurst(burst, agent: agent)
            }
        }

        mutating func keepBurst(_ burst: [Int], agent: String) {
            if isKept(burst, minimum: thresholds.userAgentPeople) {
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
            where isKept(members, minimum: thresholds.releaseRushPeople) {
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
                    var before = Self.count(cancellations, in: created.addingTimeInterval(-thresholds.churnWindow)...created)
                    if let own = rows[index].cancelledAt, own <= created { before -= 1 }
                    if before > 0 {
                        events += 1
                        marks[index].insert(.churn)
                    }
                }
                let flagged = members.contains { rows[$0].isFlagged }
                if events >= thresholds.churnEvents || (events > 0 && flagged) {
                    groups.append(Group(kind: .churn, value: key, members: members))
                }
            }
        }

        static func count(_ sorted: [Date], in range: ClosedRange<Date>) -> Int {
            func firstIndex(where belongsAfter: (Date) -> Bool) -> Int {
                var low = 0, high = sorted.count
                while low < high {
                    let middle = (low + high) / 2
                    if belongsAfter(sorted[middle]) { high = middle } else { low = middle + 1 }
                }
                return low
            }
            return firstIndex { $0 > range.upperBound } - firstIndex { $0 >= range.lowerBound }
        }

        func clusters() -> [SuspicionCluster] {
            var sets = DisjointSets(count: rows.count)
            var inCluster = Set(rows.indices.filter { rows[$0].isFlagged })
            for group in groups {
                for member in group.members.dropFirst() { sets.union(group.members[0], member) }
                inCluster.formUnion(group.members)
            }
            // Row indices are in arrival order, so sorted indices are sorted members.
            let components = Dictionary(grouping: inCluster.sorted(), by: { sets.root($0) })
            let featuresByRoot = Dictionary(grouping: groups, by: { sets.root($0.members[0]) })
            let clusters = components.map { root, indices in
                let members = indices.map { index in
                    ClusterMember(subject: rows[index].subject, createdAt: rows[index].createdAt,
                                  isActive: rows[index].isActive, marks: marks[index].sorted())
                }
                let features = (featuresByRoot[root] ?? []).map { group in
                    SharedFeature(kind: group.kind, value: group.value, members: group.members.count,
                                  people: people(group.members), from: rows[group.members.first!].createdAt,
                                  to: rows[group.members.last!].createdAt)
                }.sorted { ($1.people, $0.kind, $0.value) < ($0.people, $1.kind, $1.value) }
                return SuspicionCluster(key: members[0].subject.description, features: features, members: members,
                                        score: ClusterFinder.score(members: members, features: features))
            }
            return clusters.sorted { a, b in
                if a.isFlagged != b.isFlagged { return a.isFlagged }
                return (b.score, b.members.count, a.key) < (a.score, a.members.count, b.key)
            }
        }
    }
}
