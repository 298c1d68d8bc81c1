import Foundation
import GuichetCore
import Testing

@Suite struct ClusterFinderTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// A row `minute` minutes after `start`, one person per id unless `person` says otherwise.
    static func row(_ id: String, _ minute: Double, person: String? = nil, network: String? = nil, agent: String? = nil,
                    pattern: String? = nil, phone: String? = nil, email: String? = nil, sinceRelease: Double? = nil,
                    cancelledAfter: Double? = nil, kind: SuspicionSubject.Kind = .appointment,
                    flagged: Bool = false) -> SuspicionRow {
        let created = start.addingTimeInterval(minute * 60)
        return SuspicionRow(subject: SuspicionSubject(kind, id), createdAt: created, network: network, userAgent: agent,
                            emailPattern: pattern, phoneKey: phone, nameKey: person ?? "person-\(id)",
                            emailKey: email ?? "\(id)@example.org", secondsSinceRelease: sinceRelease,
                            cancelledAt: cancelledAfter.map { created.addingTimeInterval($0 * 60) },
                            isActive: cancelledAfter == nil, isFlagged: flagged)
    }

    static func ids(_ cluster: SuspicionCluster) -> [String] { cluster.members.map(\.subject.id) }

    @Test func threePeopleBehindOneSlash24FormACluster() {
        let clusters = ClusterFinder.clusters([
            Self.row("c", 3, network: "203.0.113.0/24"), Self.row("a", 1, network: "203.0.113.0/24"),
            Self.row("b", 2, network: "203.0.113.0/24", kind: .request), Self.row("d", 4, network: "198.51.100.0/24"),
        ])
        #expect(clusters.count == 1)
        let cluster = clusters[0]
        #expect(Self.ids(cluster) == ["a", "b", "c"])
        #expect(cluster.key == "appointment:a")
        #expect(cluster.features == [SharedFeature(kind: .network, value: "203.0.113.0/24", members: 3, people: 3,
                                                   from: Self.start.addingTimeInterval(60),
                                                   to: Self.start.addingTimeInterval(180))])
        #expect(cluster.activeCount == 3 && !cluster.isFlagged)
    }

    @Test func aSlash48CountsPeopleNotRows() {
        // one person booking three times from home is not a network of three
        let home = (1...3).map { Self.row("h\($0)", Double($0), person: "same", network: "2001:db8:1::/48") }
        #expect(ClusterFinder.clusters(home).isEmpty)
        let office = (1...3).map { Self.row("o\($0)", Double($0), network: "2001:db8:2::/48") }
        #expect(ClusterFinder.clusters(home + office).map(\.members.count) == [3])
    }

    @Test func twoPeopleSharingAnEmailPatternOrAPhoneAreEnough() {
        let clusters = ClusterFinder.clusters([
            Self.row("a", 1, pattern: "rdvpref#@gmail.com"), Self.row("b", 50, pattern: "rdvpref#@gmail.com"),
            Self.row("c", 2, phone: "+33612345678"), Self.row("d", 900, phone: "+33612345678"),
            Self.row("e", 3, pattern: "other#@example.org"),
        ])
        #expect(Set(clusters.map(Self.ids)) == [["a", "b"], ["c", "d"]])
        #expect(Set(clusters.flatMap(\.features).map(\.kind)) == [.emailPattern, .phone])
    }

    @Test func aUserAgentLinksOnlyArrivalsWithinTheWindow() {
        let burst = [Self.row("a", 0, agent: "ua1"), Self.row("b", 9, agent: "ua1"), Self.row("c", 18, agent: "ua1")]
        #expect(ClusterFinder.clusters(burst).map(Self.ids) == [["a", "b", "c"]])
        // the same three, 11 minutes apart: no burst
        let spread = [Self.row("a", 0, agent: "ua1"), Self.row("b", 11, agent: "ua1"), Self.row("c", 22, agent: "ua1")]
        #expect(ClusterFinder.clusters(spread).isEmpty)
        // a mainstream browser shared by more than 5% of many rows links nobody
        let crowd = (0..<30).map { Self.row("p\($0)", Double($0) / 10, agent: "chrome") }
            + (0..<70).map { Self.row("q\($0)", Double($0), agent: "ua-\($0)") }
        #expect(ClusterFinder.clusters(crowd).isEmpty)
    }

    @Test func churnIsCancellingAndRebookingUnderOneKeyRepeatedly() {
        // one placeholder cancelled and rebooked: someone changing their mind, marked but not a cluster
        let once = [Self.row("a", 0, email: "x@example.org", cancelledAfter: 5), Self.row("b", 10, email: "x@example.org")]
        #expect(ClusterFinder.clusters(once).isEmpty)
        // the same email cancelled and rebooked twice within a day: churn
        let twice = once + [Self.row("c", 20, email: "x@example.org", cancelledAfter: 1),
                            Self.row("d", 22, email: "x@example.org")]
        let clusters = ClusterFinder.clusters(twice)
        #expect(clusters.map(Self.ids) == [["a", "b", "c", "d"]])
        #expect(clusters[0].features.map(\.kind) == [.churn] && clusters[0].features[0].value == "email:x@example.org")
        let marked = clusters[0].members.filter { $0.marks.contains(.churn) }.map(\.subject.id)
        #expect(marked == ["b", "c", "d"])
        // outside the window it is not churn
        let late = [Self.row("a", 0, email: "y@example.org", cancelledAfter: 1),
                    Self.row("b", 25 * 60, email: "y@example.org", cancelledAfter: 1),
                    Self.row("c", 50 * 60, email: "y@example.org")]
        #expect(ClusterFinder.clusters(late).isEmpty)
    }

    @Test func arrivalsWithinSecondsOfOneReleaseFormACluster() {
        // released at minute 10: three holds 2, 4 and 9 seconds later, one 40 seconds later
        let rows = [Self.row("a", 10 + 2 / 60, sinceRelease: 2), Self.row("b", 10 + 4 / 60, sinceRelease: 4),
                    Self.row("c", 10 + 9 / 60, sinceRelease: 9), Self.row("d", 10 + 40 / 60, sinceRelease: 40)]
        let clusters = ClusterFinder.clusters(rows)
        #expect(clusters.map(Self.ids) == [["a", "b", "c"]])
        #expect(clusters[0].features.map(\.kind) == [.releaseRush])
        #expect(clusters[0].members.allSatisfy { $0.marks == [.releaseRush] })
        // two rushes of different releases do not add up
        let apart = [Self.row("a", 10, sinceRelease: 2), Self.row("b", 20, sinceRelease: 2), Self.row("c", 30, sinceRelease: 2)]
        #expect(ClusterFinder.clusters(apart).isEmpty)
    }

    @Test func featuresChainAndAFlaggedClusterComesFirst() {
        let rows = [
            // a big network cluster
            Self.row("n1", 0, network: "n"), Self.row("n2", 1, network: "n"), Self.row("n3", 2, network: "n"),
            Self.row("n4", 3, network: "n"), Self.row("n5", 4, network: "n"),
            // two people on one network (below three) and a pattern chaining a third: flagged, so kept and first
            Self.row("f1", 5, network: "m", flagged: true), Self.row("f2", 6, network: "m", pattern: "p#@x.org"),
            Self.row("f3", 7, pattern: "p#@x.org"),
            // a flagged booking with no link at all still shows, alone
            Self.row("s", 8, flagged: true),
        ]
        let clusters = ClusterFinder.clusters(rows)
        #expect(clusters.map(Self.ids) == [["f1", "f2", "f3"], ["s"], ["n1", "n2", "n3", "n4", "n5"]])
        #expect(clusters[0].isFlagged && clusters[0].features.map(\.kind) == [.network, .emailPattern])
        #expect(clusters[1].features.isEmpty)
    }

    @Test func severityOrdersClustersAndTheOutputIsDeterministic() {
        var rows = (0..<4).map { Self.row("plain\($0)", Double($0), network: "a") }
        // three rushed arrivals that also share a network: fewer members, more signals
        rows += (0..<3).map { Self.row("rush\($0)", 100 + Double($0) / 60, network: "b", sinceRelease: Double($0 + 1)) }
        let clusters = ClusterFinder.clusters(rows)
        #expect(clusters.map(\.key) == ["appointment:rush0", "appointment:plain0"])
        #expect(clusters[0].score == 3 + 2 * 3 + 3)
        #expect(ClusterFinder.clusters(Array(rows.reversed())) == clusters)
        #expect(ClusterFinder.clusters(rows.shuffled()) == clusters)
    }

    @Test func oneHundredThousandRowsAreQuick() {
        var generator = SeededGenerator(seed: 7)
        let rows = (0..<100_000).map { index in
            Self.row("r\(index)", Double(index) / 20, network: "net\(UInt64.random(in: 0..<40_000, using: &generator))",
                     agent: "ua\(UInt64.random(in: 0..<50_000, using: &generator))",
                     phone: index % 97 == 0 ? "phone\(index % 5)" : nil,
                     sinceRelease: Double(UInt64.random(in: 0..<600, using: &generator)))
        }
        let clock = ContinuousClock()
        let elapsed = clock.measure { _ = ClusterFinder.clusters(rows) }
        // generous: debug builds on a busy CI machine; the point is "not quadratic" (that would take minutes)
        #expect(elapsed < .seconds(30))
    }
}
