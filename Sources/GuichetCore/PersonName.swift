import Foundation

public enum NameError: Error, Equatable, Sendable {
    case empty, tooLong, invalidCharacter, placeholder
}

/// The rules for a name as printed on a passport or permit.
///
/// The prefecture cancels appointments whose name is not the person's exact name, and scalpers book under
/// placeholders to resell the seat later; so placeholders are refused at the door, while every real script is
/// accepted. The name is stored as typed (only normalised to NFC, so equal-looking input is equal bytes).
public enum PersonName {
    public static let maximumLength = 100

    /// Real family names are left out even when they read like fillers elsewhere: Na (Korea), Foo (China),
    /// Bar (Israel), Tata (India), Nil, Titi.
    /// Compared after folding and with spaces removed, so "N/A"-like variants ("n-a", "N'A", "Prénom") are caught.
    static let placeholders: Set<String> = Set([
        "test", "xxx", "nom", "prenom", "prénom", "name", "firstname", "lastname", "surname", "inconnu", "unknown",
        "none", "null", "nn", "abc", "azerty", "qwerty", "asdf", "toto", "aaa", "sans nom", "no name", "xyz",
    ].map(compactKey))

    /// Validates one name field and returns it NFC-normalised with outer whitespace trimmed (inner text exactly as typed).
    /// Allowed: letters of any script (including combining marks, as needed by Tamil, Devanagari, Vietnamese, Arabic), spaces, hyphens (- and U+2010), apostrophes (' and U+2019 and U+02BC). Must contain a letter, must start and end with a letter, at most 100 characters.
    ///
    /// Zero-width joiners and non-joiners are also accepted between letters, because Persian and several Indic
    /// scripts need them to spell names correctly; the matching key ignores them. Latin, Greek and Cyrillic letters
    /// may not be mixed in one field (lookalike letters would defeat the duplicate check).
    public static func validate(_ raw: String) throws(NameError) -> String {
        let name = raw.trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping
        guard !name.isEmpty else { throw .empty }
        guard name.count <= maximumLength else { throw .tooLong }
        try checkCharacters(name)
        try checkPlaceholder(name)
        return name
    }

    /// Given names may be empty (single-name people, as on some passports): returns "" for empty/whitespace, else validate().
    public static func validateGivenNames(_ raw: String?) throws(NameError) -> String {
        guard let raw, !raw.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return "" }
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

    private static func checkCharacters(_ name: String) throws(NameError) {
        var scripts = Set<NameScript>()
        var previous: Kind?
        for scalar in name.unicodeScalars {
            guard let kind = kind(of: scalar) else { throw .invalidCharacter }
            switch kind {
            case .letter:
                let script = NameScript(scalar)
                if script.isLookalikeFamily { scripts.insert(script) }
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
              previous == .letter || previous == .mark,
              scripts.count <= 1
        else { throw .invalidCharacter }
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

    private static func compactKey(_ text: String) -> String {
        NameFolding.fold(text).replacingOccurrences(of: " ", with: "")
    }
}
