import Foundation
import Testing

@testable import GuichetCore

/// The ASCII fast paths of the name and address rules give exactly what Foundation's general ones give.
@Suite struct StringTrimmedTests {
    static let samples = [
        "", " ", "\t\n\r\u{0B}\u{0C} ", "Jean", "  Jean  ", "\tMarie-Claire\n", "O'Brien ", " a b ", "x",
        "\u{00A0}Jean\u{00A0}", "\u{3000}李 小龙\u{3000}", "  Ζωή  ", "Jose\u{0301} ", "\u{2028}Anna\u{2029}", "e\u{0301}",
        " \u{0085}Ana\u{0085} ", "Ａｎａ ",
    ]

    @Test(arguments: samples) func trimmedIsFoundationsTrimming(_ text: String) {
        #expect(text.trimmed() == text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test(arguments: samples) func precomposedIsNFC(_ text: String) {
        #expect(text.precomposed == text.precomposedStringWithCanonicalMapping)
    }

    /// The look-alike table has no ASCII letter to replace, so ASCII text is its own skeleton.
    @Test func noASCIILetterHasALookalike() {
        #expect(LookalikeLetters.table.keys.allSatisfy { !$0.isASCII })
    }
}
