import Foundation
import GuichetCore
import Testing

@Suite struct DuplicateFinderTests {
    static func candidate(_ id: String, _ minute: Double, _ keys: String...) -> DuplicateCandidate {
        DuplicateCandidate(id: id, createdAt: Date(timeIntervalSince1970: minute * 60), keys: Set(keys))
    }

    @Test func theEarliestOfEachGroupIsKept() {
        let groups = DuplicateFinder.groups([
            Self.candidate("b", 2, "email:x"), Self.candidate("a", 1, "email:x"), Self.candidate("c", 3, "email:y"),
        ])
        #expect(groups == [DuplicateFinder.Group(kept: "a", removed: ["b"])])
    }

    @Test func chainsOfSharedKeysFormOneGroup() {
        let groups = DuplicateFinder.groups([
            Self.candidate("a", 1, "email:x", "phone:1"), Self.candidate("b", 2, "phone:1", "id:p"),
            Self.candidate("c", 3, "id:p"), Self.candidate("d", 0, "email:z"),
        ])
        #expect(groups == [DuplicateFinder.Group(kept: "a", removed: ["b", "c"])])
    }

    @Test func noSharedKeyNoGroup() {
        #expect(DuplicateFinder.groups([Self.candidate("a", 1, "k1"), Self.candidate("b", 1, "k2")]).isEmpty)
        #expect(DuplicateFinder.groups([]).isEmpty)
    }

    @Test func keysFollowTodaysRules() {
        let birth = CivilDate(year: 1990, month: 1, day: 2)!
        let one = DuplicateCandidate.keys(
            familyName: "Müller-Lüdenscheidt", givenNames: "Jean-Pierre", birthDate: birth,
            nationality: "DEU", foreignNumber: nil, email: "J.P.Muller+x@gmail.com", phone: nil)
        let two = DuplicateCandidate.keys(
            familyName: "MULLER LUDENSCHEIDT", givenNames: "jean pierre", birthDate: birth,
            nationality: "DEU", foreignNumber: "0123456789", email: "other@example.org",
            phone: "06 12 34 56 78")
        // the names key links them although the second gave a foreign number and another email
        #expect(!one.isDisjoint(with: two))
        #expect(one.contains("email:jpmuller@gmail.com"))
        #expect(two.contains("phone:+33612345678"))
    }
}
