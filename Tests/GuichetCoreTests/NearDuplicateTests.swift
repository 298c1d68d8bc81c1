import Foundation
import GuichetCore
import Testing

@Suite struct NearDuplicateTests {
    static func id(
        _ family: String, _ given: String, _ born: String = "1990-05-17", nationality: String = "MAR",
        number: String? = nil
    ) -> IdentityFacts {
        IdentityFacts(
            familyName: family, givenNames: given, birthDate: CivilDate(iso: born)!, nationality: nationality,
            foreignNumber: number)
    }

    /// The rule both ways round: it must not depend on which booking came first.
    static func reason(_ a: IdentityFacts, _ b: IdentityFacts) -> NearDuplicate.Reason? {
        let forward = NearDuplicate.reason(a, b)
        #expect(forward == NearDuplicate.reason(b, a), "\(a) / \(b)")
        return forward
    }

    // MARK: what is one person typed twice

    @Test(arguments: [
        // the fields swapped, in several scripts
        (id("Wang", "Wei", nationality: "CHN"), id("Wei", "Wang", nationality: "CHN")),
        (id("Nguyễn", "Văn An", nationality: "VNM"), id("Van An", "Nguyen", nationality: "VNM")),
        (id("Diallo", "Mamadou Saliou", nationality: "GIN"), id("Mamadou Saliou", "Diallo", nationality: "GIN")),
        (id("Иванова", "Ольга", nationality: "RUS"), id("Ольга", "Иванова", nationality: "RUS")),
        (id("Yılmaz", "Ayşe", nationality: "TUR"), id("AYSE", "YILMAZ", nationality: "TUR")),
        // a surname word moved into the given names, or the given names put first with the boundary elsewhere
        (
            id("García López", "María Fernanda", nationality: "COL"),
            id("García", "López María Fernanda", nationality: "COL")
        ),
        (id("Silva Santos", "João Pedro", nationality: "BRA"), id("João Pedro Silva", "Santos", nationality: "BRA")),
        // spacing: the same words joined or split
        (id("Ben Ali", "Abdel Kader", nationality: "DZA"), id("Benali", "Abdelkader", nationality: "DZA")),
        (id("El Amrani", "Fatima Zahra"), id("Elamrani", "Fatima Zahra")),
        (id("Zhang", "Xiaoming", nationality: "CHN"), id("Zhang", "Xiao Ming", nationality: "CHN")),
        (id("Ould Ahmed", "Sidi", nationality: "MRT"), id("Sidi", "Ouldahmed", nationality: "MRT")),
    ])
    func swappedOrResplitNames(_ a: IdentityFacts, _ b: IdentityFacts) {
        #expect(Self.reason(a, b) == .swappedNames)
    }

    @Test(arguments: [
        (id("Alaoui", "Mohamed Amine"), id("Alaoui", "Mohamed")),
        (id("Alaoui", "Mohamed Amine"), id("ALAOUI", "Amine")),
        (id("Nguyen", "Van An", nationality: "VNM"), id("Nguyen", "An", nationality: "VNM")),
        (id("Nguyễn", "Thị Minh Khai", nationality: "VNM"), id("Nguyen", "Thi Khai", nationality: "VNM")),
        (id("Diallo", "Mamadou", nationality: "SEN"), id("Diallo", "Mamadou Lamine", nationality: "SEN")),
        (id("Öztürk", "Mehmet Ali", nationality: "TUR"), id("Ozturk", "Mehmet", nationality: "TUR")),
        (id("Shevchenko", "Olena Petrivna", nationality: "UKR"), id("Shevchenko", "Olena", nationality: "UKR")),
        (
            id("Rodríguez Martínez", "Juan Carlos", nationality: "COL"),
            id("Rodriguez Martinez", "Juan", nationality: "COL")
        ),
        (id("Oliveira", "Ana Clara Beatriz", nationality: "BRA"), id("Oliveira", "Ana Beatriz", nationality: "BRA")),
        (
            id("Hossain", "Mohammad Rafiqul Islam", nationality: "BGD"),
            id("Hossain", "Rafiqul Islam", nationality: "BGD")
        ),
    ])
    func aGivenNameLeftOutOrAdded(_ a: IdentityFacts, _ b: IdentityFacts) {
        #expect(Self.reason(a, b) == .givenNameMissing)
    }

    @Test(arguments: [
        ("1990-05-17", "1990-05-11"),  // one digit of the day
        ("1985-03-12", "1995-03-12"),  // one digit of the year
        ("1990-01-17", "1990-07-17"),  // one digit of the month
        ("1989-03-12", "1998-03-12"),  // adjacent year digits transposed
        ("1990-11-12", "1990-11-21"),  // day digits transposed
        ("1990-04-07", "1990-07-04"),  // day and month swapped
        ("1979-12-01", "1979-01-12"),  // day and month swapped, two digits each
    ])
    func aBirthDateOneTypoAway(_ a: String, _ b: String) {
        let (first, second) = (
            Self.id("Traoré", "Aminata", a, nationality: "MLI"),
            Self.id("TRAORE", "Aminata", b, nationality: "MLI")
        )
        #expect(Self.reason(first, second) == .birthDateTypo)
    }

    @Test(arguments: [
        ("1990-05-17", "1990-05-28"),  // two digits, not a transposition
        ("1990-05-17", "1991-05-18"),  // two fields
        ("1995-08-17", "1998-05-17"),  // digits of the year and the month swapped
        ("1990-05-17", "1990-06-18"),  // the next month and day: two digits
        ("1990-05-17", "1990-05-17"),  // the same date, same names: an exact duplicate
    ])
    func datesFurtherApartAreTwoPeople(_ a: String, _ b: String) {
        let (first, second) = (
            Self.id("Traoré", "Aminata", a, nationality: "MLI"),
            Self.id("Traoré", "Aminata", b, nationality: "MLI")
        )
        #expect(Self.reason(first, second) == nil)
    }

    @Test func aTranspositionStaysInsideOneField() {
        // 2001-01-01 and 2000-11-01: the year's last digit and the month's first swapped, adjacent on paper but
        // in two fields
        let seydou = Self.id("Koné", "Seydou", "2001-01-01", nationality: "CIV")
        #expect(Self.reason(seydou, Self.id("Koné", "Seydou", "2000-11-01", nationality: "CIV")) == nil)
        #expect(Self.reason(seydou, Self.id("Koné", "Seydou", "2010-01-01", nationality: "CIV")) == .birthDateTypo)
    }

    @Test func aForeignNumberOnOneSideOnlyDoesNotSeparate() {
        let withNumber = Self.id("Benali", "Karim", number: "0123456789")
        #expect(Self.reason(withNumber, Self.id("Karim", "Benali")) == .swappedNames)
        #expect(Self.reason(withNumber, Self.id("Benali", "Karim", "1990-05-18")) == .birthDateTypo)
    }

    // MARK: what is two people, or already the identity key's business

    @Test(arguments: [
        // a common family name and a birth date shared, another given name
        (id("Wang", "Wei", nationality: "CHN"), id("Wang", "Fang", nationality: "CHN")),
        (id("Mohamed", "Ali", nationality: "EGY"), id("Mohamed", "Amine", nationality: "EGY")),
        (id("Nguyen", "Van An", nationality: "VNM"), id("Nguyen", "Thi An", nationality: "VNM")),
        (id("Diop", "Fatou", nationality: "SEN"), id("Diop", "Fatoumata", nationality: "SEN")),
        (id("Kaya", "Mehmet Ali", nationality: "TUR"), id("Kaya", "Mehmet Emin", nationality: "TUR")),
        (id("Ivanov", "Sergei", nationality: "RUS"), id("Ivanova", "Sergei", nationality: "RUS")),
        (id("Khan", "Imran", nationality: "PAK"), id("Khan", "Irfan", nationality: "PAK")),
        // twins: the same words in another order are another name
        (id("García", "José María", nationality: "COL"), id("García", "María José", nationality: "COL")),
        (id("Santos", "Pedro Henrique", nationality: "BRA"), id("Santos", "Henrique Pedro", nationality: "BRA")),
        // the letters re-split elsewhere
        (id("Li", "Na", nationality: "CHN"), id("Lin", "A", nationality: "CHN")),
        // a family name alone is not a given name left out
        (id("Murugan", "", nationality: "LKA"), id("Murugan", "Kamala", nationality: "LKA")),
        // a family-name word left out does not count (see NearDuplicate)
        (id("García López", "María", nationality: "MEX"), id("García", "María", nationality: "MEX")),
        (id("Silva Santos", "Ana", nationality: "BRA"), id("Santos", "Ana", nationality: "BRA")),
        (id("El Amrani", "Youssef"), id("Amrani", "Youssef")),
        // namesakes with their own foreign-national numbers
        (
            id("Diallo", "Mamadou", nationality: "GIN", number: "0123456789"),
            id("Diallo", "Mamadou", "1990-05-18", nationality: "GIN", number: "0123456780")
        ),
        (
            id("Diallo", "Mamadou", nationality: "GIN", number: "0123456789"),
            id("Mamadou", "Diallo", nationality: "GIN", number: "0123456780")
        ),
        // another nationality
        (id("Diallo", "Mamadou", nationality: "GIN"), id("Diallo", "Mamadou", "1990-05-18", nationality: "SEN")),
        (id("Wang", "Wei", nationality: "CHN"), id("Wei", "Wang", nationality: "TWN")),
        // two ways at once
        (id("Wang", "Wei", nationality: "CHN"), id("Wei", "Wang", "1990-05-18", nationality: "CHN")),
        (id("Alaoui", "Mohamed Amine"), id("Alaoui", "Mohamed", "1990-05-18")),
        (id("Ben Ali", "Abdel Kader Mohamed", nationality: "DZA"), id("Benali", "Abdelkader", nationality: "DZA")),
    ])
    func namesakesAreNotMerged(_ a: IdentityFacts, _ b: IdentityFacts) {
        #expect(Self.reason(a, b) == nil)
    }

    @Test func exactDuplicatesAreTheIdentityKeysBusiness() {
        #expect(
            Self.reason(
                Self.id("MÜLLER", "Jean-Pierre", nationality: "DEU"),
                Self.id("muller", "jean pierre", nationality: "DEU")) == nil)
        #expect(
            Self.reason(
                Self.id("N'Diaye", "Aminata", nationality: "SEN"),
                Self.id("NDIAYE", "Aminata", nationality: "SEN")) == nil)
        #expect(
            Self.reason(
                Self.id("Yılmaz", "Ayşe", nationality: "TUR"),
                Self.id("Yilmaz", "Ayse", nationality: " tur ")) == nil)
        // one number on one side: the names key already holds them apart
        #expect(Self.reason(Self.id("Benali", "Karim", number: "0123456789"), Self.id("Benali", "Karim")) == nil)
        // the same number is one identity key, whatever the names
        #expect(
            Self.reason(
                Self.id("Benali", "Karim", number: "0123456789"),
                Self.id("Karim", "Benali", number: " 0123456789 ")) == nil)
    }

    /// Hundreds of honest people from nine regions, every one born the same day: common family names crossed with
    /// common given names. Nobody is merged.
    @Test func aCrowdOfNamesakesBornTheSameDayIsNotMerged() {
        var crowd: [IdentityFacts] = []
        for region in Names.regions {
            for family in region.families {
                for given in region.givens {
                    crowd.append(Self.id(family, given, "1990-01-01", nationality: region.nationality))
                }
            }
        }
        #expect(crowd.count > 600)
        #expect(NearDuplicate.pairs(crowd).isEmpty)
        // and born a typo apart from each other, with other given names: still nobody
        let shifted = crowd.enumerated().map { index, person in
            IdentityFacts(
                familyName: person.familyName, givenNames: person.givenNames,
                birthDate: CivilDate(iso: index.isMultiple(of: 2) ? "1990-01-01" : "1990-01-10")!,
                nationality: person.nationality, foreignNumber: person.foreignNumber)
        }
        #expect(NearDuplicate.pairs(shifted).isEmpty)
    }

    // MARK: pairs

    @Test func pairsNamesEachTwinOnceInOrder() {
        let items = [
            Self.id("Wang", "Wei", nationality: "CHN"),  // 0
            Self.id("Alaoui", "Mohamed Amine"),  // 1
            Self.id("Wei", "Wang", nationality: "CHN"),  // 2: swaps 0
            Self.id("Wang", "Fang", nationality: "CHN"),  // 3: nobody
            Self.id("Alaoui", "Mohamed"),  // 4: 1 left out a name
            Self.id("Alaoui", "Mohamed Amine", "1990-05-11"),  // 5: typo of 1
            Self.id("Alaoui", "Mohamed Amine"),  // 6: exact duplicate of 1
        ]
        #expect(
            NearDuplicate.pairs(items) == [
                .init(first: 0, second: 2, reason: .swappedNames),
                .init(first: 1, second: 4, reason: .givenNameMissing),
                .init(first: 1, second: 5, reason: .birthDateTypo),
                .init(first: 4, second: 6, reason: .givenNameMissing),
                .init(first: 5, second: 6, reason: .birthDateTypo),
            ])
        #expect(NearDuplicate.pairs([]).isEmpty)
    }

    @Test func pairsEqualsAllPairsOnGeneratedIdentities() {
        var generator = SeededGenerator(seed: 2024)
        var items = Names.population(2_500, twins: 0.4, days: 400, using: &generator)
        // one name shared by many, born on many days: the block that enumerates each date's typo neighbours
        let start = CivilDate(iso: "1988-01-01")!
        items += (0..<150).map { index in
            Self.id(
                "Wang", "Wei", start.adding(days: Int.random(in: 0..<800, using: &generator)).iso,
                nationality: "CHN", number: index.isMultiple(of: 5) ? String(1_000_000_000 + index) : nil)
        }
        items.shuffle(using: &generator)
        let folded = items.map(NearDuplicate.Folded.init)
        var expected: [NearDuplicate.Pair] = []
        for i in items.indices {
            for j in items.indices where j > i {
                if let reason = NearDuplicate.reason(folded[i], folded[j]) {
                    expected.append(.init(first: i, second: j, reason: reason))
                }
            }
        }
        let found = NearDuplicate.pairs(items)
        #expect(found == expected)
        // the generated mix exercises every reason, and many near misses
        #expect(Set(found.map(\.reason)) == Set(NearDuplicate.Reason.allCases))
        #expect(found.count > 200)
        // the folded comparison is the public one
        for pair in found.prefix(300) {
            #expect(NearDuplicate.reason(items[pair.first], items[pair.second]) == pair.reason)
        }
    }

    /// Not a timed assertion: 100,000 identities go through (quadratic work would not finish), and the planted
    /// twins are all found. The time is printed for whoever wants it.
    @Test func oneHundredThousandIdentities() {
        var generator = SeededGenerator(seed: 99)
        let crowd = Names.population(99_000, twins: 0, days: 16_000, using: &generator)
        // a thousand of them typed again with the names swapped
        let twins = (0..<1_000).map { crowd[$0 * 97] }.map { person in
            IdentityFacts(
                familyName: person.givenNames, givenNames: person.familyName, birthDate: person.birthDate,
                nationality: person.nationality, foreignNumber: nil)
        }
        let items = crowd + twins
        let clock = ContinuousClock()
        var pairs: [NearDuplicate.Pair] = []
        let elapsed = clock.measure { pairs = NearDuplicate.pairs(items) }
        print("NearDuplicate.pairs: \(items.count) identities, \(pairs.count) pairs in \(elapsed)")
        let found = Set(pairs.map { [$0.first, $0.second] })
        for twin in twins.indices {
            #expect(found.contains([twin * 97, crowd.count + twin]))
        }
    }
}

/// Common names by region, as people type them (accents or not).
enum Names {
    struct Region {
        let nationalities: [String]
        let families: [String]
        let givens: [String]
        var nationality: String { nationalities[0] }
    }

    /// Given names here never contain each other (no "Mohamed" beside "Mohamed Amine"), so a crowd of them holds
    /// no near-duplicate; the generator below makes the variants.
    static let regions: [Region] = [
        Region(
            nationalities: ["MAR", "DZA", "TUN"],
            families: [
                "Benali", "Haddad", "Bouzid", "Saidi", "El Amrani", "Alaoui", "Benmoussa", "Cherif",
                "Mansouri", "Belkacem", "Ben Salah", "Ait Ouali",
            ],
            givens: [
                "Mohamed", "Ahmed", "Youssef", "Karim", "Fatima Zahra", "Khadija", "Nadia", "Samir",
                "Rachid", "Abdelkader", "Meriem", "Sofiane", "Hanane",
            ]),
        Region(
            nationalities: ["SEN", "MLI", "GIN", "CIV"],
            families: [
                "Diallo", "Traoré", "Diop", "Ndiaye", "Sow", "Koné", "Camara", "Keïta", "Coulibaly", "Ba",
                "Touré", "Sylla",
            ],
            givens: [
                "Mamadou", "Aminata", "Moussa", "Fatoumata", "Ibrahima", "Awa", "Ousmane", "Mariama",
                "Seydou", "Abdoulaye", "Aïssatou", "Cheikh Tidiane",
            ]),
        Region(
            nationalities: ["TUR"],
            families: ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Öztürk", "Aydın", "Arslan", "Doğan"],
            givens: ["Mehmet", "Mustafa", "Ahmet", "Ayşe", "Fatma", "Emine", "Hüseyin", "Zeynep", "Elif", "Murat"]),
        Region(
            nationalities: ["CHN"],
            families: ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Zhou", "Xu"],
            givens: ["Wei", "Fang", "Na", "Min", "Jing", "Lei", "Jun", "Yan", "Hui", "Xiuying", "Xiaoming", "Hao"]),
        Region(
            nationalities: ["VNM"],
            families: ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Vũ", "Đặng"],
            givens: [
                "Văn An", "Thị An", "Văn Minh", "Thị Lan", "Văn Hùng", "Thị Hương", "Đức Anh", "Thị Mai",
                "Quang Huy", "Thị Thu",
            ]),
        Region(
            nationalities: ["RUS", "UKR"],
            families: [
                "Ivanov", "Ivanova", "Smirnov", "Kuznetsova", "Shevchenko", "Kovalenko", "Bondarenko",
                "Melnyk", "Petrova", "Tkachenko",
            ],
            givens: [
                "Olga", "Olena", "Aleksandr", "Oleksandr", "Sergei", "Natalia", "Iryna", "Dmytro", "Tatiana",
                "Andriy", "Yulia",
            ]),
        Region(
            nationalities: ["COL", "MEX", "PER"],
            families: [
                "García López", "Rodríguez Martínez", "Hernández", "Gómez Díaz", "Pérez Sánchez",
                "Ramírez", "Torres Flores", "Vargas",
            ],
            givens: [
                "Juan Carlos", "José María", "María José", "Ana Lucía", "Luis Fernando", "Diana Carolina",
                "Andrés Felipe", "Valentina", "Santiago",
            ]),
        Region(
            nationalities: ["BRA", "CPV", "AGO"],
            families: [
                "Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa", "Ferreira", "Almeida",
                "Rodrigues", "Lima",
            ],
            givens: [
                "João Pedro", "Ana Clara", "Maria Eduarda", "Pedro Henrique", "Gabriel", "Lucas", "Júlia",
                "Francisca", "Rafael", "Beatriz",
            ]),
        Region(
            nationalities: ["IND", "PAK", "BGD", "LKA"],
            families: [
                "Kumar", "Singh", "Sharma", "Khan", "Hossain", "Rahman", "Patel", "Chowdhury", "Iqbal",
                "Perera",
            ],
            givens: [
                "Rahul", "Priya", "Amit", "Imran", "Ayesha", "Mohammad", "Sanjay", "Farhana", "Nusrat",
                "Kavya",
            ]),
    ]

    /// `count` people drawn from the regions (birth dates over `days` days from 1965, a third with a number), and
    /// for a share `twins` of them a variant typed by the same person or by someone close: swapped, re-spaced, a
    /// given name dropped or added, a date typo, a surname word dropped, a substituted name, two changes at once,
    /// another nationality or another number. The list is shuffled.
    static func population(
        _ count: Int, twins: Double, days: Int,
        using generator: inout SeededGenerator
    ) -> [IdentityFacts] {
        func pick<T>(_ values: [T]) -> T { values[Int.random(in: 0..<values.count, using: &generator)] }
        func number() -> String? {
            Int.random(in: 0..<3, using: &generator) == 0
                ? String(format: "%010d", Int.random(in: 0..<1_000_000_000, using: &generator)) : nil
        }
        let start = CivilDate(iso: "1965-01-01")!
        var people: [IdentityFacts] = []
        while people.count < count {
            let region = pick(regions)
            var given = pick(region.givens)
            if Int.random(in: 0..<4, using: &generator) == 0 { given += " " + pick(region.givens) }
            let person = IdentityFacts(
                familyName: pick(region.families), givenNames: given,
                birthDate: start.adding(days: Int.random(in: 0..<days, using: &generator)),
                nationality: pick(region.nationalities), foreignNumber: number())
            people.append(person)
            if Double.random(in: 0..<1, using: &generator) < twins {
                people.append(variant(of: person, region: region, using: &generator))
            }
        }
        people.shuffle(using: &generator)
        return Array(people.prefix(count))
    }

    static func variant(
        of person: IdentityFacts, region: Region,
        using generator: inout SeededGenerator
    ) -> IdentityFacts {
        func pick<T>(_ values: [T]) -> T { values[Int.random(in: 0..<values.count, using: &generator)] }
        var family = person.familyName
        var given = person.givenNames
        var born = person.birthDate
        var nationality = person.nationality
        var number = Int.random(in: 0..<2, using: &generator) == 0 ? person.foreignNumber : nil
        let givenWords = given.split(separator: " ").map(String.init)
        func typo() -> CivilDate {
            let candidates = [
                CivilDate(year: born.year, month: born.day, day: born.month),
                CivilDate(year: born.year, month: born.month, day: born.day % 10 == 9 ? born.day - 1 : born.day + 1),
                CivilDate(year: born.year + 10, month: born.month, day: born.day),
                CivilDate(year: born.year, month: born.month, day: (born.day % 10) * 10 + born.day / 10),
                CivilDate(year: born.year, month: born.month, day: born.day % 10 == 0 ? born.day + 5 : born.day + 11),
            ].compactMap { $0 }
            return pick(candidates)
        }
        switch Int.random(in: 0..<11, using: &generator) {
        case 0: swap(&family, &given)
        case 1:
            family = family.replacingOccurrences(of: " ", with: "")
            given = given.replacingOccurrences(of: " ", with: "")
        case 2 where givenWords.count > 1: given = givenWords.dropFirst().joined(separator: " ")
        case 2, 3: given += " " + pick(region.givens)
        case 4: born = typo()
        case 5: family = String(family.split(separator: " ").last!)
        case 6: given = pick(region.givens)
        case 7:
            swap(&family, &given)
            born = typo()
        case 8: nationality = pick(regions.flatMap(\.nationalities))
        case 9: number = String(format: "%010d", Int.random(in: 0..<1_000_000_000, using: &generator))
        default:
            family = family.uppercased()
            given = given.lowercased()
        }
        if family.isEmpty { swap(&family, &given) }
        return IdentityFacts(
            familyName: family, givenNames: given, birthDate: born, nationality: nationality,
            foreignNumber: number)
    }
}
