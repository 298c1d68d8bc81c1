import Testing

@testable import GuichetCore

/// Issue 12, point 1: names in letters of another alphabet that print like Latin ones are one name; real names in
/// every script stay themselves and stay apart.
@Suite struct LookalikeLettersTests {
    @Test(arguments: [
        ("Pasco", "Раѕсо"),  // Cyrillic Р а ѕ с о
        ("Jose", "Јоѕе"),  // Cyrillic Ј о ѕ е
        ("PASCO", "РАЅСО"),
        ("NIKO", "ΝΙΚΟ"),  // Greek capitals
        ("Hugo", "\u{570}\u{57D}\u{581}\u{585}"),  // Armenian հ ս ց օ
        ("PASCO", "\u{A4D1}\u{A4EE}\u{A4E2}\u{A4DA}\u{A4F3}"),  // Lisu ꓑ ꓮ ꓢ ꓚ ꓳ
        ("JOSE", "\u{13AB}\u{13BE}\u{13DA}\u{13AC}"),  // Cherokee Ꭻ Ꮎ Ꮪ Ꭼ
        ("Pasco", "Pɑsco"),  // Latin alpha
        ("Ibrahim", "Ɨbrahim"),  // Latin I with stroke
        ("Danjuma", "Ɗanjuma"),  // Hausa hooked d, folded like an accent
    ])
    func aNameInLookalikesHasTheLatinNamesSkeleton(latin: String, lookalike: String) {
        #expect(NameFolding.skeleton(lookalike) == NameFolding.skeleton(latin))
        #expect(NameFolding.fold(lookalike) != NameFolding.fold(latin))
    }

    @Test(arguments: [
        ("ΚΩΣΤΑΣ", "Κώστας"), ("СЕРГЕЙ", "Сергей"), ("ΝΙΚΟΣ", "νίκος"), ("ЁЛКИН", "ёлкин"),
        ("ІВАН", "Іван"), ("ԱՐԱՄ", "Արամ"),
    ])
    func theSkeletonIgnoresCaseAsTheFoldDoes(upper: String, lower: String) {
        #expect(NameFolding.skeleton(upper) == NameFolding.skeleton(lower))
    }

    @Test(arguments: [
        ("Сергей", "Сергеев"), ("Иван", "Ivan"), ("Мария", "Maria"), ("Νίκος", "Νίκη"), ("Ελένη", "Ελπίδα"),
        ("Aliyev", "Əliyev"), ("Dom", "Dorn"), ("Alia", "Alla"), ("Ilona", "llona"), ("محمد", "محمود"),
        ("王小明", "王晓明"),
    ])
    func differentNamesStayApart(a: String, b: String) {
        #expect(NameFolding.skeleton(a) != NameFolding.skeleton(b))
    }

    @Test func plainLatinArabicAndCJKNamesAreTheirFold() {
        for name in ["Benali", "Nguyễn Thị", "Müller-Lüdenscheidt", "عبد الله", "王", "さくら", "김민준", "முருகன்"] {
            #expect(NameFolding.skeleton(name) == NameFolding.fold(name))
        }
    }

    @Test func everyEntryIsALetterTheFoldLeavesAndALowerCaseLatinLetter() {
        #expect(LookalikeLetters.table.count > 250)
        for (letter, latin) in LookalikeLetters.table {
            #expect(!letter.isASCII, "\(letter)")
            #expect(("a"..."z").contains(latin), "\(letter) → \(latin)")
            #expect(NameFolding.fold(String(letter)) == String(letter), "\(letter) is not what the fold leaves")
        }
    }
}
