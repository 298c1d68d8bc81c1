import Foundation
import GuichetCore
import Testing

/// A week of bookings as the trial saw them: a scalper operation (bots on a few networks at every release, the
/// placeholder-then-buyer trick on one mailbox or phone, a cybercafé, one buyer booked twice under swapped names)
/// beside hundreds of honest people who share what honest people share: firstname.lastname##@gmail.com addresses,
/// two or three mainstream browser builds, carrier NAT networks, households on one home box, and arrivals right
/// after a release.
@Suite struct ClusterMixTests {
    @Test(arguments: [1, 2, 3] as [UInt64])
    func scalpersAreClusteredAndNoHonestPersonIs(seed: UInt64) {
        var mix = Mix(seed: seed)
        mix.build()
        let clusters = ClusterFinder.clusters(mix.rows)
        let members = Set(clusters.flatMap(\.subjects))

        // every scalper booking is in a cluster, tied in by a strong link
        let scalpers = Set(mix.rows.map(\.subject)).subtracting(mix.honest)
        #expect(scalpers.count > 400)
        #expect(scalpers.subtracting(members).isEmpty, "\(scalpers.subtracting(members).count) scalper bookings missed")
        for cluster in clusters {
            #expect(
                cluster.members.allSatisfy { !$0.links.isEmpty }, "a member without a strong link in \(cluster.key)")
        }

        // no honest person is in a cluster, except the one who holds two bookings under near-duplicate identities,
        // who is a cluster of their own
        let honestMembers = members.intersection(mix.honest)
        #expect(honestMembers == mix.honestTwins, "honest members: \(honestMembers.count)")
        let twins = clusters.filter { Set($0.subjects) == mix.honestTwins }
        #expect(twins.count == 1 && twins[0].features.filter(\.kind.isStrong).map(\.kind) == [.nearDuplicate])

        // honest people do share weak signals with the scalpers' clusters: they are listed beside them, apart
        let related = Set(clusters.flatMap { $0.related.map(\.subject) })
        #expect(related.intersection(mix.honest).count > 5)
        #expect(related.isDisjoint(with: members))
        for cluster in clusters {
            #expect(Set(cluster.cancellable).isSubset(of: Set(cluster.subjects)))
        }
    }
}

/// The generator behind the mix: deterministic for a seed.
private struct Mix {
    var generator: SeededGenerator
    var rows: [SuspicionRow] = []
    var honest = Set<SuspicionSubject>()
    var honestTwins = Set<SuspicionSubject>()
    var mailboxes = Set<String>()
    var count = 0

    let start = Date(timeIntervalSince1970: 1_772_438_400)  // a Monday, 08:00 Paris
    /// Release instants during the week, in hours after `start`.
    let releases: [TimeInterval] = [2.25, 25.6, 49.1, 72.9, 97.4].map { $0 * 3600 }
    let mainstream = ["chrome-android-131", "safari-ios-18", "chrome-windows-131"]
    /// Four operators, each spreading its customers over six /24s.
    let carriers = (0..<4).flatMap { operatorIndex in (0..<6).map { "92.184.\(100 + operatorIndex * 6 + $0).0/24" } }
    let bots = ["185.220.101.0/24", "45.134.212.0/24", "2a0e:97c0:3e2::/48"]
    let cafe = "81.250.17.0/24"

    init(seed: UInt64) {
        generator = SeededGenerator(seed: seed)
    }

    mutating func random(_ range: Range<Int>) -> Int { Int.random(in: range, using: &generator) }
    mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &generator) < probability }
    mutating func pick<T>(_ values: [T]) -> T { values[random(0..<values.count)] }

    /// Someone from one of the regions; half of them renewing, with a foreign-national number.
    mutating func person(numbered: Bool = false) -> IdentityFacts {
        let region = pick(Names.regions)
        var given = pick(region.givens)
        if chance(0.6) { given += " " + pick(region.givens.filter { $0 != given }) }
        let number = numbered && chance(0.5) ? String(format: "%010d", random(0..<1_000_000_000)) : nil
        return IdentityFacts(
            familyName: pick(region.families), givenNames: given,
            birthDate: CivilDate(iso: "1960-01-01")!.adding(days: random(0..<16_000)),
            nationality: pick(region.nationalities), foreignNumber: number)
    }

    /// firstname.lastname, with two digits most of the time: namesakes share the pattern. An address belongs to
    /// one person, so a taken one gets more digits, as mail providers ask.
    mutating func honestEmail(_ who: IdentityFacts) -> String {
        let first = NameFolding.fold(who.givenNames).split(separator: " ").first.map(String.init) ?? "x"
        let last = NameFolding.fold(who.familyName).replacingOccurrences(of: " ", with: "")
        var digits = chance(0.7) ? String(format: "%02d", chance(0.5) ? who.birthDate.year % 100 : random(0..<100)) : ""
        let domain = pick([
            "gmail.com", "gmail.com", "gmail.com", "gmail.com", "yahoo.fr", "hotmail.fr", "outlook.fr",
            "orange.fr",
        ])
        while !mailboxes.insert(EmailAddress.key("\(first).\(last)\(digits)@\(domain)")).inserted {
            digits += String(random(0..<10))
        }
        return "\(first).\(last)\(digits)@\(domain)"
    }

    mutating func honestAgent() -> String {
        let roll = random(0..<100)
        return roll < 45
            ? mainstream[0] : roll < 75 ? mainstream[1] : roll < 95 ? mainstream[2] : "rare-\(random(0..<40))"
    }

    mutating func honestNetwork() -> String {
        chance(0.6) ? pick(carriers) : "\(80 + random(0..<10)).\(random(0..<30)).\(random(0..<10)).0/24"
    }

    /// When an honest person arrives: just after a release (delays of a few minutes, a few within seconds), or
    /// any time in the week.
    mutating func honestArrival() -> (created: Date, sinceRelease: Double?) {
        if chance(0.55) {
            let release = pick(releases)
            let delay = -300 * log(1 - Double.random(in: 0..<1, using: &generator)) + 3
            return (start.addingTimeInterval(release + delay), delay)
        }
        let offset = Double(random(0..<(120 * 3600)))
        let since = releases.last { $0 <= offset }.map { offset - $0 }
        return (start.addingTimeInterval(offset), since)
    }

    @discardableResult
    mutating func add(
        _ who: IdentityFacts, email: String, phone: String? = nil, network: String?, agent: String?,
        created: Date, sinceRelease: Double?, cancelledAt: Date? = nil,
        kind: SuspicionSubject.Kind = .appointment, isHonest: Bool
    ) -> SuspicionSubject {
        count += 1
        let subject = SuspicionSubject(kind, String(format: "%05d", count))
        rows.append(
            SuspicionRow(
                subject: subject, createdAt: created, network: network, userAgent: agent,
                emailPattern: EmailPattern.of(email), phoneKey: phone,
                nameKey: IdentityKey.byNames(
                    familyName: who.familyName, givenNames: who.givenNames,
                    birthDate: who.birthDate, nationality: who.nationality
                ).value,
                emailKey: EmailAddress.key(email), secondsSinceRelease: kind == .request ? nil : sinceRelease,
                cancelledAt: cancelledAt, isActive: cancelledAt == nil, identity: who))
        if isHonest { honest.insert(subject) }
        return subject
    }

    mutating func build() {
        addHonestPeople(700)
        addHouseholds()
        addHonestCorrectionsAndTwins()
        addBots()
        addPlaceholderTrick()
        addCybercafe()
        addSwappedBuyer()
    }

    mutating func addHonestPeople(_ number: Int) {
        for _ in 0..<number {
            let who = person(numbered: true)
            let email = honestEmail(who)
            let phone = chance(0.7) ? "+336\(String(format: "%08d", random(0..<100_000_000)))" : nil
            let (network, agent) = (honestNetwork(), honestAgent())
            let arrival = honestArrival()
            let kind: SuspicionSubject.Kind = chance(0.15) ? .request : .appointment
            if chance(0.05) {
                // changed their mind: cancelled a first booking a few hours earlier, same person, same address
                let first = arrival.created.addingTimeInterval(-Double(random(3600..<(20 * 3600))))
                add(
                    who, email: email, phone: phone, network: honestNetwork(), agent: agent, created: first,
                    sinceRelease: nil, cancelledAt: arrival.created.addingTimeInterval(-600), isHonest: true)
            }
            add(
                who, email: email, phone: phone, network: network, agent: agent, created: arrival.created,
                sinceRelease: arrival.sinceRelease, kind: kind, isHonest: true)
        }
    }

    /// Couples and families booking one after another from one home box, right after a release.
    mutating func addHouseholds() {
        for size in Array(repeating: 2, count: 15) + Array(repeating: 3, count: 6) {
            let home = "\(80 + random(0..<10)).\(100 + random(0..<50)).\(random(0..<200)).0/24"
            let family = person()
            var created = start.addingTimeInterval(pick(releases) + Double(random(20..<600)))
            let agent = honestAgent()
            for _ in 0..<size {
                let region = Names.regions.first { $0.nationalities.contains(family.nationality) }!
                let who = IdentityFacts(
                    familyName: family.familyName, givenNames: pick(region.givens),
                    birthDate: CivilDate(iso: "1965-01-01")!.adding(days: random(0..<14_000)),
                    nationality: family.nationality, foreignNumber: nil)
                add(
                    who, email: honestEmail(who), network: home, agent: agent, created: created,
                    sinceRelease: nil, isHonest: true)
                created = created.addingTimeInterval(Double(random(60..<240)))
            }
        }
    }

    /// Honest people who mistyped their birth date, cancelled and booked again (a correction links nothing), and
    /// one who holds two bookings under near-duplicate identities (one person with two: their own cluster).
    mutating func addHonestCorrectionsAndTwins() {
        for _ in 0..<8 {
            let who = person()
            // the last digit of the year mistyped (a 29 February falls back on the day's last digit)
            let (year, month, day) = (who.birthDate.year, who.birthDate.month, who.birthDate.day)
            let mistyped =
                CivilDate(year: year % 10 == 9 ? year - 1 : year + 1, month: month, day: day)
                ?? CivilDate(year: year, month: month, day: day - 1)!
            let typo = IdentityFacts(
                familyName: who.familyName, givenNames: who.givenNames, birthDate: mistyped,
                nationality: who.nationality, foreignNumber: nil)
            let email = honestEmail(who)
            let created = start.addingTimeInterval(Double(random(3600..<(100 * 3600))))
            add(
                typo, email: email, network: honestNetwork(), agent: honestAgent(), created: created,
                sinceRelease: nil, cancelledAt: created.addingTimeInterval(900), isHonest: true)
            add(
                who, email: email, network: honestNetwork(), agent: honestAgent(),
                created: created.addingTimeInterval(1200), sinceRelease: nil, isHonest: true)
        }
        let region = Names.regions[0]
        let twice = IdentityFacts(
            familyName: "Alaoui", givenNames: "Mohamed Amine", birthDate: CivilDate(iso: "1987-06-14")!,
            nationality: region.nationality, foreignNumber: nil)
        let shorter = IdentityFacts(
            familyName: "Alaoui", givenNames: "Mohamed", birthDate: twice.birthDate,
            nationality: region.nationality, foreignNumber: nil)
        let first = add(
            twice, email: "mohamed.alaoui87@gmail.com", network: pick(carriers), agent: mainstream[0],
            created: start.addingTimeInterval(30 * 3600), sinceRelease: nil, isHonest: true)
        let second = add(
            shorter, email: "m.alaoui@hotmail.fr", network: honestNetwork(), agent: mainstream[2],
            created: start.addingTimeInterval(75 * 3600), sinceRelease: nil, kind: .request, isHonest: true)
        honestTwins = [first, second]
    }

    mutating func botEmail() -> String {
        switch random(0..<10) {
        case 0..<5: "rdv.pref\(String(format: "%02d", random(0..<100)))@gmail.com"
        case 5..<8: "prefecture.rdv\(random(100..<999))@outlook.fr"
        default: "titre.sejour.\(random(1000..<9999))@yahoo.fr"
        }
    }

    /// At every release, each bot network holds 25 seats within seconds, under buyers' names.
    mutating func addBots() {
        for release in releases {
            for network in bots {
                for _ in 0..<25 {
                    let delay = 1.5 + Double(random(0..<185)) / 10
                    add(
                        person(), email: botEmail(), network: network,
                        agent: chance(0.5) ? mainstream[2] : "python-httpx/0.27",
                        created: start.addingTimeInterval(release + delay), sinceRelease: delay, isHonest: false)
                }
            }
        }
    }

    /// A placeholder held in the rush, cancelled once a buyer pays, the seat rebooked under the buyer's name with
    /// the same mailbox (or phone) later, from the same network but outside any burst.
    mutating func addPlaceholderTrick() {
        for index in 0..<60 {
            let release = pick(releases)
            let network = pick(bots)
            let delay = 2 + Double(random(0..<150)) / 10
            let held = start.addingTimeInterval(release + delay)
            let cancelled = held.addingTimeInterval(Double(random(1800..<7200)))
            let email = botEmail()
            let phone = index.isMultiple(of: 3) ? "+3375700\(String(format: "%04d", index))" : nil
            add(
                person(), email: email, phone: phone, network: network, agent: "python-httpx/0.27", created: held,
                sinceRelease: delay, cancelledAt: cancelled, isHonest: false)
            let buyerEmail = phone == nil ? email.replacingOccurrences(of: "@", with: "+buyer@") : botEmail()
            add(
                person(), email: buyerEmail, phone: phone, network: network, agent: mainstream[2],
                created: cancelled.addingTimeInterval(Double(random(30..<300))), sinceRelease: nil, isHonest: false)
        }
    }

    /// Someone at a cybercafé typing eight identities one after another on a quiet afternoon.
    mutating func addCybercafe() {
        var created = start.addingTimeInterval(55 * 3600)
        for _ in 0..<8 {
            let who = person()
            add(
                who, email: honestEmail(who), network: cafe, agent: mainstream[2], created: created,
                sinceRelease: Double(random(3000..<9000)), isHonest: false)
            created = created.addingTimeInterval(Double(random(50..<110)))
        }
    }

    /// One buyer booked twice: in a bot burst, and two days later from a home network with the names swapped.
    mutating func addSwappedBuyer() {
        let buyer = person()
        let swapped = IdentityFacts(
            familyName: buyer.givenNames, givenNames: buyer.familyName,
            birthDate: buyer.birthDate, nationality: buyer.nationality, foreignNumber: nil)
        let delay = 4.0
        add(
            buyer, email: botEmail(), network: bots[0], agent: "python-httpx/0.27",
            created: start.addingTimeInterval(releases[1] + delay), sinceRelease: delay, isHonest: false)
        add(
            swapped, email: "k\(count)x@gmail.com", network: honestNetwork(),
            agent: mainstream[1], created: start.addingTimeInterval(releases[1] + 2 * 86_400), sinceRelease: nil,
            isHonest: false)
    }
}
