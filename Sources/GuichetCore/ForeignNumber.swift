public enum ForeignNumberError: Error, Equatable, Sendable {
    case invalid
}

/// The foreign-national number (numéro d'étranger, AGDREF), printed on every French residence permit.
public enum ForeignNumber {
    /// Exactly ten ASCII digits once spaces are removed (people copy it from the card in groups).
    public static func normalise(_ raw: String) throws(ForeignNumberError) -> String {
        let digits = raw.unicodeScalars.filter { !$0.properties.isWhitespace }
        guard digits.count == 10, digits.allSatisfy({ ("0"..."9").contains($0) }) else { throw .invalid }
        return String(String.UnicodeScalarView(digits))
    }
}
