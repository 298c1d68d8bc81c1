import GuichetCore
import Testing

@Suite struct IdentityKeyTests {
    private let birth = CivilDate(year: 1990, month: 5, day: 17)!

    private func key(
        _ family: String, _ given: String, born: CivilDate? = nil, nationality: String = "DEU",
        number: String? = nil
    ) -> IdentityKey {
        IdentityKey.make(
            familyName: family, givenNames: given, birthDate: born ?? birth, nationality: nationality,
            foreignNumber: number)
    }

    @Test func canonicalTextAndHash() {
        let identity = key("MÜLLER", "Jean-Pierre")
        #expect(identity.canonical == "id:muller|jean pierre|1990-05-17|DEU")
        #expect(identity.value == "144a9cf58e6bed53f5ee2b6e68354c71154c9da0c4edc38b7d555840788eb2b7")
        #expect(identity.value == Tokens.sha256Hex(identity.canonical))
    }

    @Test func caseAccentsAndHyphensDoNotMatter() {
        #expect(key("MÜLLER", "Jean-Pierre") == key("muller", "jean pierre"))
        #expect(key("N'Diaye", "Aminata") == key("NDiaye", "Aminata"))
        #expect(
            key("Nguyễn", "Thị Minh Khai", nationality: "VNM") == key("Nguyen", "Thi Minh Khai", nationality: "VNM"))
    }

    @Test func differentFactsGiveDifferentKeys() {
        let reference = key("Müller", "Jean")
        #expect(reference != key("Müller", "Jean", born: birth.adding(days: 1)))
        #expect(reference != key("Müller", "Jean", nationality: "AUT"))
        #expect(reference != key("Müller", "Jeanne"))
        #expect(key("Jean", "Müller") != key("Müller", "Jean"))
        #expect(key("முருகன்", "கமலா", nationality: "LKA") != key("முருகன்", "கமலி", nationality: "LKA"))
    }

    /// Issue 12, point 1: the same names typed in look-alike letters of another alphabet are the same person.
    @Test func lookalikeLettersGiveTheSameKey() {
        let latin = key("Pasco", "Jose", nationality: "ESP")
        #expect(key("\u{420}\u{430}\u{455}\u{441}\u{43E}", "\u{408}\u{43E}\u{455}\u{435}", nationality: "ESP") == latin)
        #expect(key("PASCO", "\u{408}\u{41E}\u{405}\u{415}", nationality: "ESP") == latin)
        #expect(latin.canonical == "id:pasco|jose|1990-05-17|ESP")
        // genuinely different people stay apart, in any script
        #expect(key("Папа", "Ника", nationality: "GRC") != key("Παπα", "Νίκη", nationality: "GRC"))
        #expect(key("Иванов", "Сергей", nationality: "RUS") != key("Иванов", "Алексей", nationality: "RUS"))
        #expect(key("Ivanov", "Sergei", nationality: "RUS") != key("Иванов", "Сергей", nationality: "RUS"))
    }

    @Test func fieldSeparatorCannotShiftTextBetweenFields() {
        #expect(key("a|b", "c") != key("a", "b|c"))
    }

    @Test func foreignNumberWinsOverNames() {
        let first = key("Müller", "Jean", number: "0123456789")
        let second = key("Smith", "John", born: birth.adding(days: 400), nationality: "GBR", number: "0123456789")
        #expect(first == second)
        #expect(first.canonical == "fn:0123456789")
        #expect(first != key("Müller", "Jean", number: "0123456780"))
    }

    @Test func emptyForeignNumberFallsBackToNames() {
        #expect(key("Müller", "Jean", number: "") == key("Müller", "Jean"))
        #expect(key("Müller", "Jean", number: nil).canonical.hasPrefix("id:"))
    }

    @Test func byNamesIgnoresTheForeignNumber() {
        let byNames = IdentityKey.byNames(
            familyName: "Müller", givenNames: "Jean", birthDate: birth, nationality: "DEU")
        #expect(byNames == key("Müller", "Jean"))
        #expect(byNames != key("Müller", "Jean", number: "0123456789"))
    }

    @Test func singleNamePeopleHaveAnEmptyGivenNamesField() {
        #expect(key("Suharto", "", nationality: "IDN").canonical == "id:suharto||1990-05-17|IDN")
    }
}
