import Foundation

/// What the near-duplicate rule needs of an identity, as typed.
public struct IdentityFacts: Hashable, Sendable {
    public let familyName: String
    public let givenNames: String
    public let birthDate: CivilDate
    public let nationality: String
    public let foreignNumber: String?

    public init(
        familyName: String, givenNames: String, birthDate: CivilDate, nationality: String,
        foreignNumber: String?
    ) {
        self.familyName = familyName
        self.givenNames = givenNames
        self.birthDate = birthDate
        self.nationality = nationality
        self.foreignNumber = foreignNumber
    }

    public init(_ applicant: Applicant) {
        self.init(
            familyName: applicant.familyName, givenNames: applicant.givenNames, birthDate: applicant.birthDate,
            nationality: applicant.nationality, foreignNumber: applicant.foreignNumber)
    }
}

/// One person who typed their identity twice, slightly differently, and so holds two identity keys.
///
/// The rule is deliberately narrow, because a false merge costs an honest person their ticket: two identities are
/// near-duplicates only when they have the same nationality, do not carry two different foreign-national numbers,
/// and differ in exactly one of three ways that are typing accidents (or the scalpers' cheap variations), never
/// in a way that also describes two real people:
///
/// - **Swapped names** (`swappedNames`): the whole name, family then given or given then family, has the same
///   letters, and one spelling only joins words the other keeps apart (or the two agree word for word). That
///   covers the fields swapped ("Wang / Wei" and "Wei / Wang"), a surname word moved into the given names ("García
///   López / María" and "García / López María") and spacing ("Ben Ali / Abdel Kader" and "Benali / Abdelkader").
///   Letters re-split elsewhere ("Li / Na" and "Lin / A") are different names; words in another order within a
///   field ("José María" and "María José") are different names too, often given to twins.
/// - **Given name missing** (`givenNameMissing`): the same family name word for word, and the shorter list of
///   given names is a non-empty proper subsequence of the longer ("Mohamed Amine" and "Mohamed"; "Van An" and
///   "An"). A substituted word ("Wei" and "Fang", "Ali" and "Amine", "Van An" and "Thi An") is another person, and
///   an empty list is not a subsequence: a family name alone says too little.
/// - **Birth-date typo** (`birthDateTypo`): the same names word for word, and the dates differ by one digit, by two
///   adjacent digits of one field transposed (1989 and 1998, 12 and 21), or by day and month swapped.
///
/// A family-name word left out ("García López" and "García", "Silva Santos" and "Santos") does **not** count. The
/// first surname is the one a person with two goes by, so one "María García" would be tied to every "María García
/// López" and "María García Pérez" of her nationality born that day: real namesakes, in the countries where two
/// surnames are the rule. The counter's check of the exact name against the passport is the remedy for that
/// variation. Two of the ways at once (swapped names and a date typo) are not a near-duplicate either: each further
/// difference makes two people likelier than one typist.
public enum NearDuplicate {
    public enum Reason: String, Codable, Sendable, CaseIterable, Comparable {
        /// Family and given names swapped (or the same name words split differently).
        case swappedNames = "swapped-names"
        /// A given name left out or added (same family name).
        case givenNameMissing = "given-name-missing"
        /// One digit differs, two adjacent digits transposed, or day and month swapped.
        case birthDateTypo = "birth-date-typo"

        public static func < (a: Reason, b: Reason) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    public struct Pair: Hashable, Sendable, Comparable {
        public let first: Int
        public let second: Int
        public let reason: Reason

        public init(first: Int, second: Int, reason: Reason) {
            self.first = first
            self.second = second
            self.reason = reason
        }

        public static func < (a: Pair, b: Pair) -> Bool { (a.first, a.second) < (b.first, b.second) }
    }

    /// An identity folded once (`NameFolding.skeleton`, words split), for callers that compare it many times.
    public struct Folded: Hashable, Sendable {
        let nationality: String
        let foreignNumber: String?
        let birthDate: CivilDate
        let family: [String]
        let given: [String]

        public init(_ facts: IdentityFacts) {
            self.init(facts, words: Self.words)
        }

        /// `words` folds a name and splits it; `pairs` passes a memo of it, since real names repeat a lot.
        init(_ facts: IdentityFacts, words: (String) -> [String]) {
            nationality = Self.trimmed(facts.nationality).uppercased()
            let number = facts.foreignNumber.map(Self.trimmed)
            foreignNumber = number?.isEmpty == false ? number : nil
            birthDate = facts.birthDate
            family = words(facts.familyName)
            given = words(facts.givenNames)
        }

        static func words(_ name: String) -> [String] {
            NameFolding.skeleton(name).split(separator: " ").map(String.init)
        }

        /// Spaces and tabs trimmed, without Foundation's cost for the usual text that has none.
        private static func trimmed(_ text: String) -> String {
            guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
                first.properties.isWhitespace || last.properties.isWhitespace
            else { return text }
            return text.trimmingCharacters(in: .whitespaces)
        }
    }

    /// Why `a` and `b` look like one person typed twice, or nil. Nil when their identities are the same after folding
    /// (exact duplicates are the identity key's business), when nationalities differ, when both carry a foreign-national
    /// number and the numbers differ (two documents, two people), or when they differ in more than one of the ways above.
    public static func reason(_ a: IdentityFacts, _ b: IdentityFacts) -> Reason? {
        reason(Folded(a), Folded(b))
    }

    /// The same rule on identities folded beforehand.
    public static func reason(_ a: Folded, _ b: Folded) -> Reason? {
        guard a.nationality == b.nationality else { return nil }
        // Two different numbers are two documents; the same number is the same identity key already.
        if a.foreignNumber != nil, b.foreignNumber != nil { return nil }
        if a.family == b.family, a.given == b.given {
            return isTypo(a.birthDate, b.birthDate) ? .birthDateTypo : nil
        }
        guard a.birthDate == b.birthDate else { return nil }
        if isResplit(a, b) { return .swappedNames }
        if a.family == b.family, isGivenNameLeftOut(a.given, b.given) { return .givenNameMissing }
        return nil
    }

    /// Every near-duplicate pair among `items` (indices, first < second), sorted, found through blocking keys so that
    /// 100,000 identities take well under a second, never by comparing all pairs.
    ///
    /// Every near-duplicate shares a block with its twin. A date typo: same names and nationality, and within that
    /// block only dates a typo apart are paired (each date's neighbours are enumerated, about eighty, when the block
    /// holds many dates). Swapped or re-split names: same birth date, nationality and whole-name letters in either
    /// order. A given name left out: same birth date, nationality and family name. Only pairs inside a block are
    /// compared, so the work follows the number of namesakes born the same day, which for real people stays small.
    /// Measured on the 2-core development machine, release build: about 0.3 s of CPU for 100,000 identities, most
    /// of it folding names.
    public static func pairs(_ items: [IdentityFacts]) -> [Pair] {
        // Blocks are keyed by hashes of the folded texts: two texts that collide only put a few more pairs through
        // `reason`, which decides; equal texts always meet. Each distinct spelling is folded once.
        var spellings: [String: (words: [String], hash: Int)] = [:]
        func words(_ name: String) -> [String] {
            if let known = spellings[name] { return known.words }
            let words = Folded.words(name)
            spellings[name] = (words, words.joined(separator: " ").hashValue)
            return words
        }
        let folded = items.map { Folded($0, words: words) }
        // Every (block, member), sorted: runs of one key are the blocks. Sorting spares a dictionary of arrays.
        var entries: [BlockEntry] = []
        entries.reserveCapacity(4 * items.count)
        for index in items.indices {
            let identity = folded[index]
            let nationality = identity.nationality.hashValue
            let day = identity.birthDate.daysSinceEpoch
            let family = spellings[items[index].familyName]!.hash
            let given = spellings[items[index].givenNames]!.hash
            entries.append(BlockEntry(kind: 0, a: nationality, b: family, c: given, index: index))
            let familyFirst = (identity.family + identity.given).joined().hashValue
            let givenFirst = (identity.given + identity.family).joined().hashValue
            entries.append(BlockEntry(kind: 1, a: nationality, b: day, c: familyFirst, index: index))
            if givenFirst != familyFirst {
                entries.append(BlockEntry(kind: 1, a: nationality, b: day, c: givenFirst, index: index))
            }
            if !identity.given.isEmpty {
                entries.append(BlockEntry(kind: 2, a: nationality, b: day, c: family, index: index))
            }
        }
        entries.sort()

        var found: [Pair] = []
        func compare(_ i: Int, _ j: Int) {
            let (first, second) = i < j ? (i, j) : (j, i)
            if let reason = reason(folded[first], folded[second]) {
                found.append(Pair(first: first, second: second, reason: reason))
            }
        }
        let dates = folded.map(\.birthDate)
        // A pair can share two day blocks (the same family name, re-spaced given names).
        var seen = Set<Int>()
        var start = 0
        while start < entries.count {
            var end = start + 1
            while end < entries.count, entries[end].sameBlock(as: entries[start]) { end += 1 }
            if end - start > 1 {
                let members = entries[start..<end].map(\.index)
                if entries[start].kind == 0 {
                    // Same names on different days: only a date typo pairs them, and no day block holds such a pair.
                    pairTypos(members, dates: dates, compare: compare)
                } else {
                    for (position, i) in members.enumerated() {
                        for j in members[(position + 1)...] where seen.insert(i * items.count + j).inserted {
                            compare(i, j)
                        }
                    }
                }
            }
            start = end
        }
        return found.sorted()
    }

    /// One member of one block. Kind 0: same names (a nationality, b family, c given); kind 1: same day and the same
    /// whole-name letters in one order (a nationality, b day, c letters); kind 2: same day and family name. Texts are
    /// hashes.
    private struct BlockEntry: Comparable {
        let kind: Int, a: Int, b: Int, c: Int
        let index: Int

        func sameBlock(as other: BlockEntry) -> Bool {
            kind == other.kind && a == other.a && b == other.b && c == other.c
        }

        static func < (x: BlockEntry, y: BlockEntry) -> Bool {
            (x.kind, x.a, x.b, x.c, x.index) < (y.kind, y.a, y.b, y.c, y.index)
        }
    }

    /// Members share names and nationality: pairs those born a typo apart. Members born the same day are exact
    /// duplicates and are left to the identity key.
    private static func pairTypos(_ members: [Int], dates: [CivilDate], compare: (Int, Int) -> Void) {
        if members.count <= 40 {
            for (position, i) in members.enumerated() {
                for j in members[(position + 1)...] where isTypo(dates[i], dates[j]) { compare(i, j) }
            }
            return
        }
        var byDay: [Int: [Int]] = [:]
        for member in members { byDay[dates[member].daysSinceEpoch, default: []].append(member) }
        for (day, born) in byDay {
            for other in typoNeighbours(of: CivilDate(daysSinceEpoch: day)) {
                let otherDay = other.daysSinceEpoch
                guard day < otherDay, let others = byDay[otherDay] else { continue }
                for i in born { for j in others { compare(i, j) } }
            }
        }
    }

    /// The same letters in the whole name (in either field order), and one spelling's word breaks a subset of the
    /// other's: only joins and splits, never a break moved ("Li Na" and "Lin A").
    static func isResplit(_ a: Folded, _ b: Folded) -> Bool {
        for wordsA in [a.family + a.given, a.given + a.family] {
            for wordsB in [b.family + b.given, b.given + b.family] where wordsA.joined() == wordsB.joined() {
                let (breaksA, breaksB) = (breaks(wordsA), breaks(wordsB))
                if breaksA.isSubset(of: breaksB) || breaksB.isSubset(of: breaksA) { return true }
            }
        }
        return false
    }

    /// Character offsets between consecutive words.
    private static func breaks(_ words: [String]) -> Set<Int> {
        var offsets = Set<Int>()
        var offset = 0
        for word in words.dropLast() {
            offset += word.count
            offsets.insert(offset)
        }
        return offsets
    }

    /// The shorter list is non-empty, strictly shorter, and its words appear in the longer one in order.
    static func isGivenNameLeftOut(_ a: [String], _ b: [String]) -> Bool {
        let (shorter, longer) = a.count < b.count ? (a, b) : (b, a)
        guard !shorter.isEmpty, shorter.count < longer.count else { return false }
        var remaining = shorter[...]
        for word in longer where word == remaining.first {
            remaining = remaining.dropFirst()
            if remaining.isEmpty { return true }
        }
        return false
    }

    /// One digit differs, two adjacent digits of the year, the month or the day are transposed, or day and month
    /// are swapped. Equal dates are not a typo.
    static func isTypo(_ a: CivilDate, _ b: CivilDate) -> Bool {
        guard a != b else { return false }
        if a.year == b.year, a.month == b.day, a.day == b.month { return true }
        // As eight digits, yyyymmdd; position 0 is the first digit of the year.
        let (numberA, numberB) = (a.year * 10_000 + a.month * 100 + a.day, b.year * 10_000 + b.month * 100 + b.day)
        func digit(_ number: Int, _ position: Int) -> Int { number / powersOfTen[7 - position] % 10 }
        var first = -1
        var count = 0
        for position in 0..<8 where digit(numberA, position) != digit(numberB, position) {
            count += 1
            if count == 1 { first = position }
            if count > 2 { return false }
        }
        if count == 1 { return true }
        // Positions 0–3 are the year, 4–5 the month, 6–7 the day: a transposition stays inside one field.
        let second = first + 1
        return transpositionStarts.contains(first) && digit(numberA, second) != digit(numberB, second)
            && digit(numberA, first) == digit(numberB, second) && digit(numberA, second) == digit(numberB, first)
    }

    private static let powersOfTen = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000]

    /// Every valid date a typo away from `date` (see `isTypo`), each once.
    static func typoNeighbours(of date: CivilDate) -> [CivilDate] {
        // Single-digit changes differ in one position, transpositions in two adjacent ones, the day-month swap in
        // two apart or four: no date is reached twice.
        var digits = digits(date)
        var found: [CivilDate] = []
        found.reserveCapacity(80)
        func add() {
            let year = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3]
            if let other = CivilDate(year: year, month: digits[4] * 10 + digits[5], day: digits[6] * 10 + digits[7]),
                other != date
            {
                found.append(other)
            }
        }
        for position in 0..<8 {
            let kept = digits[position]
            for digit in 0...9 where digit != kept {
                digits[position] = digit
                add()
            }
            digits[position] = kept
        }
        for position in transpositionStarts {
            digits.swapAt(position, position + 1)
            add()
            digits.swapAt(position, position + 1)
        }
        if let swapped = CivilDate(year: date.year, month: date.day, day: date.month), swapped != date {
            found.append(swapped)
        }
        return found
    }

    /// Digit positions whose digit and the next one belong to the same field.
    private static let transpositionStarts = [0, 1, 2, 4, 6]

    private static func digits(_ date: CivilDate) -> [Int] {
        [
            date.year / 1000, date.year / 100 % 10, date.year / 10 % 10, date.year % 10,
            date.month / 10, date.month % 10, date.day / 10, date.day % 10,
        ]
    }
}
