import Foundation

/// Folds a name into the form used for matching, never for display.
///
/// The aim is that two spellings a clerk would call "the same name" get the same key (case, accents, hyphen or
/// space, apostrophe or none), while names that differ in a real letter stay apart. Latin, Greek and Cyrillic
/// accents and Arabic short vowels are optional in everyday writing, so they go; the vowel signs of Indic scripts
/// are letters in all but name, so they stay.
public enum NameFolding {
    /// Matching key for a name: NFC → NFD, remove combining diacritical marks of Latin/Greek/Cyrillic (U+0300–036F, U+1AB0–1AFF, U+1DC0–1DFF, U+20D0–20FF, U+FE20–FE2F) and Arabic harakat (U+064B–065F, U+0670) but NOT the vowel signs of Indic scripts, → NFC, lower-cased, ß→ss, œ→oe, æ→ae, ø→o, đ→d, ł→l, ı→i, þ→th; hyphens → space; apostrophes removed; whitespace collapsed to single spaces and trimmed.
    ///
    /// Compatibility decomposition (NFKD) is used rather than NFD so that full-width "Ｊｅａｎ" and ligatures such as
    /// "ﬁ" match their plain forms; invisible characters (joiners, variation selectors, the Arabic tatweel) are
    /// dropped for the same reason; final sigma folds to sigma as in Unicode case folding.
    public static func fold(_ s: String) -> String {
        let composed: String
        if s.isASCII {
            composed = s.lowercased()  // no marks to drop, nothing to decompose or compose
        } else {
            var stripped = String.UnicodeScalarView()
            for scalar in s.lowercased().decomposedStringWithCompatibilityMapping.unicodeScalars
            where !isDroppedMark(scalar) {
                stripped.append(scalar)
            }
            composed = String(stripped).precomposedStringWithCanonicalMapping.lowercased()
        }

        var result = ""
        var pendingSpace = false
        for scalar in composed.unicodeScalars {
            let replacement: String
            switch scalar {
            case "ß": replacement = "ss"
            case "œ": replacement = "oe"
            case "æ": replacement = "ae"
            case "ø": replacement = "o"
            case "đ": replacement = "d"
            case "ł": replacement = "l"
            case "ı": replacement = "i"
            case "þ": replacement = "th"
            case "ς": replacement = "σ"
            case "-", "\u{2010}", "\u{2011}": replacement = " "
            case "'", "\u{2018}", "\u{2019}", "\u{02BC}", "`": continue
            default: replacement = String(scalar)
            }
            if replacement == " " || scalar.properties.isWhitespace {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace {
                result.append(" ")
                pendingSpace = false
            }
            result.append(replacement)
        }
        return result
    }

    /// The key names are matched on: `fold`, then every letter of another alphabet that prints like a Latin letter
    /// replaced by that letter (`LookalikeLetters`), so that "Раѕсо" (Cyrillic) and "Pasco" are one name. Identity
    /// keys, the near-duplicate rule and the placeholder check compare names this way; `fold` alone keeps the
    /// alphabet, for whoever wants to know which one a name is written in.
    public static func skeleton(_ s: String) -> String {
        LookalikeLetters.latinSkeleton(fold(s))
    }

    private static func isDroppedMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0300...0x036F, 0x1AB0...0x1AFF, 0x1DC0...0x1DFF, 0x20D0...0x20FF, 0xFE20...0xFE2F:
            true  // combining diacritics of Latin, Greek and Cyrillic
        case 0x064B...0x065F, 0x0670:
            true  // Arabic harakat, usually left unwritten
        case 0x0640, 0x200C, 0x200D, 0x034F, 0xFE00...0xFE0F, 0xE0100...0xE01EF:
            true  // tatweel, joiners, grapheme joiner, variation selectors: invisible in a printed name
        default:
            false
        }
    }
}
