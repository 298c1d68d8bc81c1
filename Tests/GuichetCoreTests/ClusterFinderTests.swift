import Foundation
import GuichetCore
import Testing

@Suite struct ClusterFinderTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// A row `minute` minutes after `start`, one person per id unless `person` says otherwise.
    static func row(
        _ id: String, _ minute: Double, person: String? = nil, network: String? = nil, agent: String? = nil,
        pattern: String? = nil, phone: String? = nil, email: String? = nil, sinceRelease: Double? = nil,
        cancelledAfter: Double? = nil, kind: SuspicionSubject.Kind = .appointment,
        flagged: Bool = false, identity: IdentityFacts? = nil
    ) -> SuspicionRow {
        let created = start.addingTimeInterval(minute * 60)
        return SuspicionRow(
            subject: SuspicionSubject(kind, id), createdAt: created, network: network, userAgent: agent,
            emailPattern: pattern, phoneKey: phone, nameKey: person ?? "person-\(id)",
            emailKey: email ?? "\(id)@example.org", secondsSinceRelease: sinceRelease,
            cancelledAt: cancelledAfter.map { created.addingTimeInterval($0 * 60) },
            isActive: cancelledAfter == nil, isFlagged: flagged, identity: identity)
    }

    static func ids(_ cluster: SuspicionCluster) -> [String] { cluster.members.map(\.subject.id) }
    static func ids(_ members: [ClusterMember]) -> [String] { members.map(\.subject.id) }

    static func identity(_ family: String, _ given: String, _ born: String = "1991-02-03") -> IdentityFacts {
        IdentityFacts(
            familyName: family, givenNames: given, birthDate: CivilDate(iso: born)!, nationality: "MAR",
            foreignNumber: nil)
    }

    // MARK: strong links

    @Test func fourPeopleFromOneNetworkWithinMinutesFormACluster() {
        let net = "203.0.113.0/24"
        let clusters = ClusterFinder.clusters([
            Self.row("c", 3, network: net), Self.row("a", 1, network: net),
            Self.row("b", 2, network: net, kind: .request),
            Self.row("d", 4.5, network: net), Self.row("e", 5, network: "198.51.100.0/24"),
        ])
        #expect(clusters.count == 1)
        let cluster = clusters[0]
        #expect(Self.ids(cluster) == ["a", "b", "c", "d"])
        #expect(cluster.key == "appointment:a")
        #expect(
            cluster.features == [
                SharedFeature(
                    kind: .network, value: net, members: 4, people: 4,
                    from: Self.start.addingTimeInterval(60),
                    to: Self.start.addingTimeInterval(270))
            ])
        #expect(
            cluster.members.allSatisfy { $0.links == [MemberReason(kind: .network, value: net)] && $0.signals.isEmpty })
        #expect(cluster.activeCount == 4 && !cluster.isFlagged && cluster.related.isEmpty)
        #expect(cluster.cancellable == cluster.subjects)
    }

    @Test func aNetworkWithoutABurstOrWithFewPeopleLinksNobody() {
        let net = "203.0.113.0/24"
        // three people within minutes: a family at home
        #expect(ClusterFinder.clusters((0..<3).map { Self.row("f\($0)", Double($0), network: net) }).isEmpty)
        // four people an hour apart on one network: strangers behind one address block
        #expect(ClusterFinder.clusters((0..<4).map { Self.row("s\($0)", Double($0) * 60, network: net) }).isEmpty)
        // one person booking four times from home is not a network of four
        let home = (1...4).map { Self.row("h\($0)", Double($0), person: "same", network: "2001:db8:1::/48") }
        #expect(ClusterFinder.clusters(home).isEmpty)
        let office = (1...4).map { Self.row("o\($0)", 10 + Double($0), network: "2001:db8:2::/48") }
        #expect(ClusterFinder.clusters(home + office).map(\.members.count) == [4])
    }

    @Test func aFamilyBookingTogetherFromHomeIsOneHousehold() {
        // five relatives (two family names: a mother kept hers) one after another from one box
        let family = [
            ("Benali", "Karim"), ("Benali", "Nadia"), ("Haddad", "Fatima"), ("Benali", "Samir"),
            ("Benali", "Meriem"),
        ].enumerated().map { index, name in
            Self.row("f\(index)", Double(index), network: "home", identity: Self.identity(name.0, name.1))
        }
        #expect(ClusterFinder.clusters(family).isEmpty)
        // five strangers the same way: a cybercafé
        let strangers = ["Diallo", "Kaya", "Wang", "Silva", "Ivanova"].enumerated().map { index, name in
            Self.row("s\(index)", 30 + Double(index), network: "cafe", identity: Self.identity(name, "Ali"))
        }
        #expect(ClusterFinder.clusters(family + strangers).map(Self.ids) == [["s0", "s1", "s2", "s3", "s4"]])
    }

    @Test func aBurstMustBeTooDenseForChance() {
        // four people from one network in a row with nobody else around: a cluster
        let alone = (0..<4).map { Self.row("a\($0)", Double($0), network: "n") }
        #expect(ClusterFinder.clusters(alone).count == 1)
        // the same four among twelve other arrivals of those minutes: one network in four, not beyond chance for
        // a network that may carry a few per cent of everyone
        let crowd = (0..<12).map { Self.row("c\($0)", 0.2 + Double($0) / 4, network: "other-\($0)") }
        #expect(ClusterFinder.clusters(alone + crowd).isEmpty)
        // twenty-five from one network among eighty arrivals of a release: far beyond chance
        let bots = (0..<25).map { Self.row("b\($0)", Double($0) / 100, network: "vps") }
        let rush = (0..<55).map { Self.row("r\($0)", Double($0) / 220, network: "net-\($0)") }
        #expect(ClusterFinder.clusters(bots + rush).map(\.members.count) == [25])
    }

    @Test func aCarrierNetworkInsideAReleaseCrowdLinksNobody() {
        // a release: 60 people in three minutes, six of them behind one carrier-grade NAT /24
        var rows: [SuspicionRow] = []
        for index in 0..<60 {
            let network = index % 10 == 0 ? "carrier" : "home-\(index)"
            rows.append(Self.row("p\(index)", Double(index) / 20, network: network, sinceRelease: Double(index) * 3))
        }
        #expect(ClusterFinder.clusters(rows).isEmpty)
        // the same six alone, in a quiet hour, are most of the arrivals of their minutes: a cluster
        let quiet = rows.filter { $0.network == "carrier" }
        #expect(ClusterFinder.clusters(quiet).map(\.members.count) == [6])
    }

    @Test func twoPeopleSharingAPhoneOrAMailboxAreEnough() {
        let clusters = ClusterFinder.clusters([
            Self.row("a", 1, email: "rdv.pref@gmail.com"), Self.row("b", 500, email: "rdv.pref@gmail.com"),
            Self.row("c", 2, phone: "+33612345678"), Self.row("d", 900, phone: "+33612345678"),
            // one person twice is not two people
            Self.row("e", 3, person: "p", phone: "+33700000000"), Self.row("f", 4, person: "p", phone: "+33700000000"),
        ])
        #expect(Set(clusters.map(Self.ids)) == [["a", "b"], ["c", "d"]])
        #expect(Set(clusters.flatMap(\.features).map(\.kind)) == [.email, .phone])
    }

    @Test func nearDuplicateIdentitiesOfTwoActiveBookingsAreOneCluster() throws {
        let clusters = ClusterFinder.clusters([
            Self.row("a", 0, identity: Self.identity("Benali", "Karim")),
            Self.row("b", 300, identity: Self.identity("Karim", "Benali")),
            Self.row("c", 10, identity: Self.identity("Haddad", "Nadia Fatima")),
            Self.row("d", 20, identity: Self.identity("Haddad", "Nadia")),
            // a date typo corrected: the first booking cancelled by its person, the second made: no cluster
            Self.row("e", 30, cancelledAfter: 5, identity: Self.identity("Saidi", "Youssef", "1990-07-04")),
            Self.row("f", 40, identity: Self.identity("Saidi", "Youssef", "1990-04-07")),
            // namesakes: another given name
            Self.row("g", 50, identity: Self.identity("Alaoui", "Mohamed")),
            Self.row("h", 60, identity: Self.identity("Alaoui", "Ahmed")),
        ])
        #expect(Set(clusters.map(Self.ids)) == [["a", "b"], ["c", "d"]])
        let pair = try #require(clusters.first { Self.ids($0) == ["a", "b"] })
        #expect(pair.features.map(\.kind) == [.nearDuplicate] && pair.features[0].value == "swapped-names")
        #expect(
            pair.members[0].links == [
                MemberReason(
                    kind: .nearDuplicate, value: "appointment:b",
                    nearDuplicate: .swappedNames)
            ])
        #expect(
            pair.members[1].links == [
                MemberReason(
                    kind: .nearDuplicate, value: "appointment:a",
                    nearDuplicate: .swappedNames)
            ])
    }

    // MARK: weak signals

    @Test func weakSignalsAloneMakeNoCluster() {
        var rows = [
            // two namesakes' addresses share a pattern
            Self.row("a", 1, pattern: "mohamedali#@gmail.com"), Self.row("b", 50, pattern: "mohamedali#@gmail.com"),
            // one rare browser build arriving in a burst
            Self.row("c", 0, agent: "ua1"), Self.row("d", 9, agent: "ua1"), Self.row("e", 18, agent: "ua1"),
            // three people within seconds of one release
            Self.row("f", 100 + 2 / 60, sinceRelease: 2), Self.row("g", 100 + 4 / 60, sinceRelease: 4),
            Self.row("h", 100 + 9 / 60, sinceRelease: 9),
        ]
        // one person cancelling and rebooking, twice
        rows += [
            Self.row("i", 200, person: "same", cancelledAfter: 5), Self.row("j", 210, person: "same"),
            Self.row("k", 220, person: "same", cancelledAfter: 1), Self.row("l", 222, person: "same"),
        ]
        #expect(ClusterFinder.clusters(rows).isEmpty)
        // the placeholder trick: another person's name on the same address, which is one mailbox
        rows.append(Self.row("m", 230, email: "i@example.org"))
        #expect(ClusterFinder.clusters(rows).map(Self.ids) == [["i", "m"]])
    }

    @Test func weakSignalsNeverMergeClustersAndTheirRowsStandApart() {
        let rows = [
            // a cybercafé: four people in four minutes, one rare browser build, one address pattern
            Self.row("a", 0, network: "cafe", agent: "ua-cafe", pattern: "rdvpref#@gmail.com"),
            Self.row("b", 1, network: "cafe", agent: "ua-cafe", pattern: "rdvpref#@gmail.com"),
            Self.row("c", 2, network: "cafe", agent: "ua-cafe"),
            Self.row("d", 3, network: "cafe"),
            // elsewhere, someone with the same address pattern, and someone with the same browser build in the burst
            Self.row("x", 5, network: "home-1", pattern: "rdvpref#@gmail.com"),
            Self.row("y", 4, network: "home-2", agent: "ua-cafe"),
            // another pair linked by a phone, whose address also has the pattern: a cluster of its own
            Self.row("p", 30, pattern: "rdvpref#@gmail.com", phone: "+33611111111"),
            Self.row("q", 40, phone: "+33611111111"),
        ]
        let clusters = ClusterFinder.clusters(rows)
        #expect(clusters.map(Self.ids) == [["a", "b", "c", "d"], ["p", "q"]])
        let cafe = clusters[0]
        #expect(Self.ids(cafe.related) == ["y", "x"])
        #expect(cafe.cancellable.map(\.id) == ["a", "b", "c", "d"])
        #expect(cafe.members[0].links == [MemberReason(kind: .network, value: "cafe")])
        #expect(cafe.members[0].signals.map(\.kind) == [.emailPattern, .userAgent])
        #expect(cafe.members[3].signals.isEmpty)
        #expect(cafe.related[0].links.isEmpty && cafe.related[0].signals.map(\.kind) == [.userAgent])
        #expect(cafe.features.map(\.kind) == [.network, .emailPattern, .userAgent])
        // the phone pair's related rows are those sharing its pattern outside any cluster
        #expect(Self.ids(clusters[1].related) == ["x"])
    }

    @Test func churnAndReleaseRushAreMarkedOnMembers() {
        let rows =
            (0..<4).map { Self.row("r\($0)", 10 + Double($0) / 60, network: "vps", sinceRelease: Double($0 + 1)) }
            + [
                Self.row("z", 30, person: "person-r0", email: "r0@example.org", cancelledAfter: 1),
                Self.row("w", 31, person: "person-r0", email: "r0@example.org"),
            ]
        let clusters = ClusterFinder.clusters(rows)
        #expect(clusters.map(Self.ids) == [["r0", "r1", "r2", "r3"]])
        #expect(clusters[0].members.allSatisfy { $0.marks == [.releaseRush] })
        #expect(clusters[0].members.allSatisfy { $0.signals.map(\.kind) == [.releaseRush] })
    }

    // MARK: flags and order

    @Test func aFlaggedBookingPullsInItsStrongNeighboursOnly() {
        let rows = [
            // a big network cluster
            Self.row("n1", 0, network: "n"), Self.row("n2", 1, network: "n"), Self.row("n3", 2, network: "n"),
            Self.row("n4", 3, network: "n"), Self.row("n5", 4, network: "n"),
            // two people on one network within a minute (below four): flagged, so linked and first; a pattern
            // shared with a third person stays a weak signal
            Self.row("f1", 10, network: "m", flagged: true), Self.row("f2", 11, network: "m", pattern: "p#@x.org"),
            Self.row("f3", 12, pattern: "p#@x.org"),
            // a flagged booking with no link at all still shows, alone
            Self.row("s", 20, flagged: true),
        ]
        let clusters = ClusterFinder.clusters(rows)
        #expect(clusters.map(Self.ids) == [["f1", "f2"], ["s"], ["n1", "n2", "n3", "n4", "n5"]])
        #expect(clusters[0].isFlagged && clusters[0].features.map(\.kind) == [.network, .emailPattern])
        #expect(Self.ids(clusters[0].related) == ["f3"])
        #expect(clusters[1].features.isEmpty)
    }

    @Test func severityOrdersClustersAndTheOutputIsDeterministic() {
        var rows = (0..<5).map { Self.row("plain\($0)", Double($0), network: "a") }
        // four rushed arrivals that also share a network: fewer members, more signals
        rows += (0..<4).map { Self.row("rush\($0)", 100 + Double($0) / 60, network: "b", sinceRelease: Double($0 + 1)) }
        let clusters = ClusterFinder.clusters(rows)
        #expect(clusters.map(\.key) == ["appointment:rush0", "appointment:plain0"])
        #expect(clusters[0].score == 4 + 2 * 4 + 1)
        #expect(clusters[1].score == 5)
        #expect(ClusterFinder.clusters(Array(rows.reversed())) == clusters)
        #expect(ClusterFinder.clusters(rows.shuffled()) == clusters)
    }

    @Test func oneHundredThousandRowsAreQuick() {
        var generator = SeededGenerator(seed: 7)
        let rows = (0..<100_000).map { index in
            Self.row(
                "r\(index)", Double(index) / 20, network: "net\(UInt64.random(in: 0..<40_000, using: &generator))",
                agent: "ua\(UInt64.random(in: 0..<50_000, using: &generator))",
                phone: index % 97 == 0 ? "phone\(index % 5)" : nil,
                sinceRelease: Double(UInt64.random(in: 0..<600, using: &generator)),
                identity: Self.identity(
                    "Family\(index % 5_000)", "Given\(index % 7)",
                    CivilDate(iso: "1980-01-01")!.adding(days: index % 9_000).iso))
        }
        let clock = ContinuousClock()
        let elapsed = clock.measure { _ = ClusterFinder.clusters(rows) }
        // generous: debug builds on a busy CI machine; the point is "not quadratic" (that would take minutes)
        #expect(elapsed < .seconds(30))
    }
}
