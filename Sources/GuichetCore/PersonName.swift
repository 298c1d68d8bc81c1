import Foundation

public enum NameError: Error, Equatable, Sendable {
    case empty, tooLong, invalidCharacter, placeholder
    /// More combining marks on one letter than any script puts there: stacked accents drawn over the whole line.
    case tooManyMarks
    /// Letters of two scripts in one name, or in a family name and given names (`PersonName.checkOneScript`).
    case mixedScripts
}

/// The rules for a name as printed on a passport or permit.
///
/// The prefecture cancels appointments whose name is not the person's exact name, and scalpers book under
/// placeholders to resell the seat later; so placeholders are refused at the door, while every real script is
/// accepted. The name is stored as typed (only normalised to NFC, so equal-looking input is equal bytes).
public enum PersonName {
    /// Characters as people count them (a letter with its accents is one).
    public static let maximumLength = 100
    /// Code points, which is what is stored and printed: twice the characters leaves room for Indic and Tibetan
    /// letters, written with a vowel sign or a subjoined letter each.
    public static let maximumScalars = 200
    /// Combining marks after one letter. Hebrew with its points (dagesh, vowel, shin dot, meteg), Devanagari (nukta,
    /// vowel sign, candrabindu) and Tibetan stacks need up to four; Vietnamese, once composed, one.
    public static let maximumMarksPerLetter = 4

    /// Real family names are left out even when they read like fillers elsewhere: Na (Korea), Foo (China),
    /// Bar (Israel), Tata (India), Nil, Titi.
    /// Compared after folding and with spaces removed, so "N/A"-like variants ("n-a", "N'A", "Prénom") are caught.
    static let placeholders: Set<String> = Set(
        [
            "test", "xxx", "nom", "prenom", "prénom", "name", "firstname", "lastname", "surname", "inconnu", "unknown",
            "none", "null", "nn", "abc", "azerty", "qwerty", "asdf", "toto", "aaa", "sans nom", "no name", "xyz",
        ].map(compactKey))

    /// Validates one name field and returns it NFC-normalised with outer whitespace trimmed (inner text exactly as typed).
    /// Allowed: letters of any script (including combining marks, as needed by Tamil, Devanagari, Vietnamese, Arabic), spaces, hyphens (- and U+2010), apostrophes (' and U+2019 and U+02BC). Must contain a letter, must start and end with a letter, at most 100 characters and 200 code points, at most four combining marks on a letter.
    ///
    /// Zero-width joiners and non-joiners are also accepted between letters, because Persian and several Indic
    /// scripts need them to spell names correctly; the matching key ignores them. The letters must all be of one
    /// script (`NameScript`): "Jеan" with a Cyrillic е reads like "Jean" but is no name any passport prints.
    public static func validate(_ raw: String) throws(NameError) -> String {
        let name = raw.trimmed().precomposed
        guard !name.isEmpty else { throw .empty }
        // Marks first: a letter drowned in thousands of accents is one character, and that is what to say about it.
        try checkMarks(name)
        guard name.count <= maximumLength, name.unicodeScalars.count <= maximumScalars else { throw .tooLong }
        try checkCharacters(name)
        try checkPlaceholder(name)
        return name
    }

    /// The family name and the given names, each valid already, are written in one script, as on one line of the
    /// passport: a Latin family name with Cyrillic given names that only look Latin is refused.
    public static func checkOneScript(_ familyName: String, _ givenNames: String) throws(NameError) {
        guard let family = script(of: familyName), let given = script(of: givenNames) else { return }
        guard family == given else { throw .mixedScripts }
    }

    /// The script of a valid name's letters, nil for an empty one.
    static func script(of name: String) -> NameScript? {
        name.unicodeScalars.lazy.filter { kind(of: $0) == .letter }.map(NameScript.init).first { $0 != .common }
    }

    /// Given names may be empty (single-name people, as on some passports): returns "" for empty/whitespace, else validate().
    public static func validateGivenNames(_ raw: String?) throws(NameError) -> String {
        guard let raw, !raw.trimmed().isEmpty else { return "" }
        return try validate(raw)
    }

    private enum Kind { case letter, mark, separator, joiner }

    private static func kind(of scalar: Unicode.Scalar) -> Kind? {
        switch scalar {
        case " ", "-", "\u{2010}", "'", "\u{2019}", "\u{02BC}": return .separator
        case "\u{200C}", "\u{200D}": return .joiner
        default: break
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return .letter
        case .nonspacingMark, .spacingMark, .enclosingMark: return .mark
        default: return nil
        }
    }

    private static func checkMarks(_ name: String) throws(NameError) {
        var marks = 0
        for scalar in name.unicodeScalars {
            if kind(of: scalar) == .mark { marks += 1 } else { marks = 0 }
            guard marks <= maximumMarksPerLetter else { throw .tooManyMarks }
        }
    }

    private static func checkCharacters(_ name: String) throws(NameError) {
        var scripts = Set<NameScript>()
        var previous: Kind?
        for scalar in name.unicodeScalars {
            guard let kind = kind(of: scalar) else { throw .invalidCharacter }
            switch kind {
            case .letter:
                let script = NameScript(scalar)
                if script != .common { scripts.insert(script) }
            case .mark:
                // A mark must sit on a letter; on a space or hyphen it would be an invisible decoration.
                guard previous == .letter || previous == .mark || previous == .joiner else { throw .invalidCharacter }
            case .joiner:
                guard previous == .letter || previous == .mark else { throw .invalidCharacter }
            case .separator:
                guard previous != .joiner else { throw .invalidCharacter }
            }
            previous = kind
        }
        // Letter-first and letter-last are judged per character, so a Tamil name ending in a virama still counts.
        guard let first = name.first?.unicodeScalars.first, kind(of: first) == .letter,
            let last = name.last?.unicodeScalars.first, kind(of: last) == .letter,
            previous == .letter || previous == .mark
        else { throw .invalidCharacter }
        guard scripts.count <= 1 else { throw .mixedScripts }
    }

    private static func checkPlaceholder(_ name: String) throws(NameError) {
        let key = compactKey(name)
        guard let first = key.first else { throw .placeholder }
        let isIdeographic = first.unicodeScalars.first.map { NameScript($0) == .ideographic } ?? false
        if !isIdeographic {
            // Counted on the name as typed, so "Æ" is one letter even though it folds to "ae".
            let letters = name.filter { $0.unicodeScalars.first.map(kind(of:)) == .letter }
            if letters.count == 1 { throw .placeholder }
            // Repeated characters are legitimate in Chinese ("冰冰"), hence only outside ideographic scripts.
            if key.count >= 2, key.allSatisfy({ $0 == first }) { throw .placeholder }
        }
        if placeholders.contains(key) { throw .placeholder }
    }

    /// Look-alike letters folded, so that "ххх" in Cyrillic is the placeholder it looks like.
    private static func compactKey(_ text: String) -> String {
        NameFolding.skeleton(text).replacingOccurrences(of: " ", with: "")
    }
}
