import Foundation

public enum ContactError: Error, Equatable, Sendable {
    case invalidEmail, invalidPhone
}

/// Email addresses: a plausibility check at the door (the emailed code is the real proof), and the key under which
/// "one active booking per email" is enforced.
public enum EmailAddress {
    /// Trimmed; one "@", a local part of 1–64 characters, a dotted domain of letters, digits and hyphens
    /// (non-ASCII letters allowed for internationalised domains), at most 254 characters, no spaces or controls.
    /// Quoted local parts and IP-literal domains are valid in RFC 5321 but refused: no real applicant uses them, and
    /// mail transports and duplicate keys would handle them inconsistently.
    public static func validate(_ raw: String) throws(ContactError) -> String {
        let email = raw.trimmed()
        guard email.unicodeScalars.count <= 254,
            !email.unicodeScalars.contains(where: { $0.properties.isWhitespace || isControl($0) })
        else { throw .invalidEmail }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, isValidLocalPart(parts[0]), isValidDomain(parts[1]) else { throw .invalidEmail }
        return email
    }

    /// The duplicate-detection key: lower-cased, "+tag" removed, and for Gmail dots removed and googlemail.com
    /// folded into gmail.com, since Gmail delivers all those variants to the same mailbox.
    public static func key(_ email: String) -> String {
        let lowered = email.trimmed().lowercased()
        guard let at = lowered.lastIndex(of: "@") else { return lowered }
        var local = String(lowered[..<at])
        var domain = String(lowered[lowered.index(after: at)...])
        if let plus = local.firstIndex(of: "+") {
            local = String(local[..<plus])
        }
        if domain == "gmail.com" || domain == "googlemail.com" {
            local = local.replacingOccurrences(of: ".", with: "")
            domain = "gmail.com"
        }
        return "\(local)@\(domain)"
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: true
        default: false
        }
    }

    private static let atextSymbols = Set("!#$%&'*+/=?^_`{|}~-".unicodeScalars)

    private static func isValidLocalPart(_ local: Substring) -> Bool {
        guard (1...64).contains(local.unicodeScalars.count), !local.hasPrefix("."), !local.hasSuffix("."),
            !local.contains("..")
        else { return false }
        return local.unicodeScalars.allSatisfy { scalar in
            scalar == "." || isASCIIAlphanumeric(scalar) || atextSymbols.contains(scalar) || isNonASCIILetter(scalar)
        }
    }

    private static func isValidDomain(_ domain: Substring) -> Bool {
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, let topLevel = labels.last,
            topLevel.unicodeScalars.contains(where: { !("0"..."9").contains($0) })
        else { return false }
        return labels.allSatisfy { label in
            (1...63).contains(label.unicodeScalars.count) && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.unicodeScalars.allSatisfy { $0 == "-" || isASCIIAlphanumeric($0) || isNonASCIILetter($0) }
        }
    }

    private static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    private static func isNonASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        guard !scalar.isASCII else { return false }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark:
            return true
        default:
            return false
        }
    }
}

/// Phone numbers in E.164 form, so that "06 12 34 56 78", "+33 6 12 34 56 78" and "0033612345678" are one number
/// for the duplicate check and one destination for text messages.
public enum PhoneNumber {
    /// French overseas departments share the national 0-prefixed plan but are dialled from abroad under their own
    /// country codes, so "0692…" (Réunion) is "+262692…", not "+33692…".
    private static let overseasCodes: [String: String] = [
        "0590": "590", "0690": "590", "0691": "590",
        "0594": "594", "0694": "594",
        "0596": "596", "0696": "596", "0697": "596",
        "0262": "262", "0263": "262", "0269": "262", "0692": "262", "0693": "262", "0639": "262",
        "0508": "508",
    ]

    /// Removes spaces, dots, dashes and parentheses (and the "(0)" trunk prefix some people write after the
    /// country code); "00" becomes "+"; a French national number (ten digits starting with 0) gets its country code.
    /// The result is "+" and 8 to 15 digits.
    public static func normalise(_ raw: String) throws(ContactError) -> String {
        var text = raw.trimmed()
        if text.hasPrefix("+") || text.hasPrefix("00") {
            text = text.replacingOccurrences(of: "(0)", with: "")
        }
        text = String(
            text.unicodeScalars.filter { scalar in
                !(scalar.properties.isWhitespace || [".", "-", "(", ")", "\u{2010}", "\u{2011}"].contains(scalar))
            }.map(Character.init))
        if text.hasPrefix("00") {
            text = "+" + text.dropFirst(2)
        } else if text.count == 10, text.hasPrefix("0"), text.allSatisfy(\.isASCIIDigit) {
            let countryCode = overseasCodes[String(text.prefix(4))] ?? "33"
            text = "+" + countryCode + text.dropFirst()
        }
        let digits = text.dropFirst()
        guard text.hasPrefix("+"), (8...15).contains(digits.count), digits.allSatisfy(\.isASCIIDigit) else {
            throw .invalidPhone
        }
        return text
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isWholeNumber }
}
