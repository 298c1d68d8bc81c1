import Vapor

extension Request {
    /// A query parameter's text, as `query[String.self, at: name]` gives it. A query of plain `name=value` pairs
    /// (letters, digits, `-._~`, so nothing to unescape) in which `name` appears once with a value is read here
    /// directly; any other goes to Vapor's decoder, so the answer is always the decoder's. Why: the decoder reads the
    /// whole query again through Foundation's `NSString` for each parameter asked (unescaping, `+` to space), 13 % of
    /// an availability read's CPU (issue 13.4).
    func queryText(_ name: String) -> String? {
        guard let query = url.query else { return nil }
        guard query.utf8.allSatisfy(Self.isPlainQueryByte) else { return self.query[String.self, at: name] }
        var found: Substring?
        for pair in query.split(separator: "&") {
            guard let equals = pair.firstIndex(of: "=") else {
                // A name without `=` (a flag) is the decoder's.
                if pair == name { return self.query[String.self, at: name] }
                continue
            }
            guard pair[..<equals] == name else { continue }
            let value = pair[pair.index(after: equals)...]
            // Twice, or empty: whatever the decoder makes of it.
            guard found == nil, !value.isEmpty else { return self.query[String.self, at: name] }
            found = value
        }
        return found.map(String.init)
    }

    private static func isPlainQueryByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"), UInt8(ascii: "="),
            UInt8(ascii: "&"):
            true
        default:
            false
        }
    }
}
