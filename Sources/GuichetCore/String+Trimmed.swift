import Foundation

extension String {
    /// Every character ASCII: Unicode normalisation (NFC, NFKD) then changes nothing.
    var isASCII: Bool { utf8.allSatisfy { $0 < 0x80 } }

    /// The text without its outer whitespace and newlines, as `trimmingCharacters(in: .whitespacesAndNewlines)`
    /// gives it, without going through `NSString` when the text is ASCII (most names and addresses typed here: the
    /// bridge was a tenth of a hold's validation).
    func trimmed() -> String {
        guard isASCII else { return trimmingCharacters(in: .whitespacesAndNewlines) }
        // ASCII's whitespace and newlines: tab, line feed, vertical tab, form feed, carriage return, space.
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        let bytes = utf8
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) })
        else { return "" }
        if first == bytes.startIndex, last == bytes.index(before: bytes.endIndex) { return self }
        return String(self[first...last])
    }

    /// NFC, skipped for ASCII text, which it leaves as it is.
    var precomposed: String { isASCII ? self : precomposedStringWithCanonicalMapping }
}
