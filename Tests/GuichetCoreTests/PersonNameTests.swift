import Foundation
import GuichetCore
import Testing

@Suite struct PersonNameTests {
    @Test(arguments: [
        "Éléonore", "Nguyễn Thị Minh Khai", "محمد", "عبد الله", "Ёлкин", "Александра", "王", "小明", "Müller-Lüdenscheidt",
        "O'Brien", "N'Diaye", "d'Alembert", "Jean-Pierre", "முருகன்", "Þórunn", "Łukasz", "Çağlar",
        "O’Connor", "Hawaiʼi", "Jean‐Luc", "देवनागरी", "김", "김민준", "さくら", "冰冰", "Ba", "Sy", "Ng", "Li", "Otto",
        "Anna", "Ἀλέξανδρος", "İsmail", "Mehr\u{200C}nush", "Հովհաննես", "שְׁלֹמֹה", "ﬁlippo", "佐藤さくら", "Hawaiʻi",
        "Αλεξίου", "Σωκράτης", "Ґанна", "Əliyev", "Ɗanjuma", "བསྒྲུབ", "नक़्शा",
        // Real family names that look like fillers in French
        "Na", "Foo", "Bar", "Tata", "Nil", "Titi",
    ])
    func realNamesAreAcceptedUnchanged(name: String) throws {
        #expect(try PersonName.validate(name) == name.precomposedStringWithCanonicalMapping)
    }

    @Test func decomposedInputComesBackComposed() throws {
        let decomposed = "E\u{301}le\u{301}onore Nguye\u{302}\u{303}n"
        let result = try PersonName.validate(decomposed)
        #expect(result == "Éléonore Nguyễn")
        #expect(Array(result.unicodeScalars) == Array("\u{C9}l\u{E9}onore Nguy\u{1EC5}n".unicodeScalars))
    }

    @Test func outerWhitespaceIsTrimmedButInnerTextIsKeptAsTyped() throws {
        #expect(try PersonName.validate("  Jean-Pierre \n") == "Jean-Pierre")
        #expect(try PersonName.validate("Jean  Pierre") == "Jean  Pierre")
        #expect(try PersonName.validate("\u{00A0}DUPONT\t") == "DUPONT")
    }

    @Test(arguments: ["", "  ", "\n\t", "\u{00A0}"])
    func blankNamesAreEmpty(name: String) {
        #expect(throws: NameError.empty) { try PersonName.validate(name) }
    }

    @Test(arguments: [
        "A", "x", "é", "ß", "Ø", "Ж", "ب", "test", "TEST", "Test", "Xxx", "xxx", "nom", "Nom", "prenom", "Prénom",
        "PRÉNOM", "name", "firstname", "lastname", "surname", "inconnu", "Unknown", "none", "null",
        "nn", "abc", "Azerty", "qwerty", "asdf", "toto", "aaa", "aaaa",
        "sans nom", "Sans-Nom", "no name", "NoName", "xyz", "aa", "xxxx", "ÀÂÄ", "X-X", "Ѣѣ",
    ])
    func placeholdersAreRefused(name: String) {
        #expect(throws: NameError.placeholder) { try PersonName.validate(name) }
    }

    @Test(arguments: [
        "1234", "Jean2", "-Jean", "Jean--", "Jean-", "'Jean", "<script>", "Jean_Pierre", "Jean😀", "😀", "Jean.Pierre",
        "Jean,Pierre", "Jean/Pierre", "Jean\u{0}", "Jean\u{200B}Pierre", "Jean\nPierre", "Jean\u{00A0}Pierre",
        "\u{301}Jean", "Jean \u{301}Pierre", "Mehr\u{200C}", "\u{200D}Jean", "Jean\u{200C} Pierre", "ʼ",
        "Jean%", "Ⅷ", "١٢٣",
    ])
    func invalidCharactersAreRefused(name: String) {
        #expect(throws: NameError.invalidCharacter) { try PersonName.validate(name) }
    }

    /// Issue 12, point 1: one script per name, as on a passport; look-alike letters of another alphabet are refused.
    @Test(arguments: [
        "J\u{0435}an",  // Cyrillic е in a Latin name
        "Pas\u{0441}o",  // Cyrillic с
        "\u{0420}asco",  // Cyrillic Р first
        "Nik\u{03BF}s",  // Greek ο
        "Pasc\u{0585}",  // Armenian օ
        "PASC\u{A4F3}",  // Lisu ꓳ
        "Hug\u{13BE}",  // Cherokee Ꮎ
        "Benali محمد", "王Wei", "Иван Smith",
    ])
    func lettersOfTwoScriptsAreRefused(name: String) {
        #expect(throws: NameError.mixedScripts) { try PersonName.validate(name) }
    }

    @Test func theFamilyAndGivenNamesAreInOneScript() throws {
        #expect(throws: NameError.mixedScripts) {
            try PersonName.checkOneScript("Pasco", "\u{408}\u{43E}\u{455}\u{435}")
        }
        #expect(throws: NameError.mixedScripts) { try PersonName.checkOneScript("Иванов", "Ivan") }
        try PersonName.checkOneScript("Раѕсо", "Јоѕе")
        try PersonName.checkOneScript("佐藤", "さくら")
        try PersonName.checkOneScript("김", "民俊")
        try PersonName.checkOneScript("Sukarno", "")
        try PersonName.checkOneScript("Hawaiʻi", "Kainoa")
    }

    /// Issue 12, point 2: a letter under thousands of accents is refused, and so is a field past 200 code points.
    @Test func stackedMarksAndOverlongFieldsAreRefused() throws {
        let zalgo = "Be" + String(repeating: "\u{301}", count: 3_000) + "nali"
        #expect(throws: NameError.tooManyMarks) { try PersonName.validate(zalgo) }
        // b takes no precomposed accent, so every mark stays one
        #expect(throws: NameError.tooManyMarks) { try PersonName.validate("Ab\u{301}\u{302}\u{303}\u{304}\u{306}el") }
        #expect(try PersonName.validate("Ab\u{301}\u{302}\u{303}\u{304}el").unicodeScalars.count == 8)
        // Hebrew with all its points, a Devanagari letter with nukta, vowel sign and candrabindu
        #expect(try PersonName.validate("שְׁלֹמֹה") == "שְׁלֹמֹה".precomposedStringWithCanonicalMapping)
        #expect(try PersonName.validate("क\u{93C}\u{940}\u{901}र") != "")
        // ninety-nine Tamil letters with a vowel sign each: 99 characters, 198 code points
        let tamil = String(repeating: "காமி", count: 49) + "கா"
        #expect(try PersonName.validate(tamil) == tamil)
        #expect(throws: NameError.tooLong) { try PersonName.validate(tamil + "கா" + "க") }
        // fifty-one characters of four code points each: few characters, too many code points
        #expect(throws: NameError.tooLong) {
            try PersonName.validate(String(repeating: "a\u{301}\u{302}\u{303}\u{304}", count: 51))
        }
    }

    @Test func namesLongerThanAHundredCharactersAreRefused() throws {
        let hundred = String(repeating: "Ab", count: 50)
        #expect(try PersonName.validate(hundred) == hundred)
        #expect(throws: NameError.tooLong) { try PersonName.validate(hundred + "c") }
        // Characters, not bytes or scalars: a hundred Vietnamese letters with two marks each are fine.
        let vietnamese = String(repeating: "ễa", count: 50)
        #expect(try PersonName.validate(vietnamese) == vietnamese)
    }

    @Test func givenNamesMayBeAbsent() throws {
        #expect(try PersonName.validateGivenNames(nil) == "")
        #expect(try PersonName.validateGivenNames("") == "")
        #expect(try PersonName.validateGivenNames("   ") == "")
        #expect(try PersonName.validateGivenNames(" Marie Claire ") == "Marie Claire")
        #expect(throws: NameError.placeholder) { try PersonName.validateGivenNames("x") }
        #expect(throws: NameError.invalidCharacter) { try PersonName.validateGivenNames("Marie2") }
    }
}
