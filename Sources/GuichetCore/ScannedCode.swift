import Foundation

/// What a counter's check-in field received, read into a convocation's short code and, when the QR code was
/// scanned, its signature.
///
/// A USB scanner types the QR code's whole text (`{base}/verify/{code}?s={signature}`) as if on a keyboard; an
/// agent types the short code by hand, in any case, with or without its hyphen. Both land in the same field.
public struct ScannedCode: Hashable, Sendable {
    /// The canonical "XXXXX-XXXXX".
    public let code: String
    /// The signature carried by the QR code; nil when only the code was typed.
    public let signature: String?

    /// Longer input is not a convocation (a signature is 86 characters, a URL well under 300).
    public static let maximumLength = 400

    public init?(_ typed: String) {
        let text = typed.trimmed()
        guard !text.isEmpty, text.count <= Self.maximumLength else { return nil }
        var rest = Substring(text)
        if let marker = rest.range(of: "/verify/", options: [.caseInsensitive, .backwards]) {
            rest = rest[marker.upperBound...]
        }
        let query = rest.firstIndex(of: "?")
        let codePart = query.map { rest[..<$0] } ?? rest
        guard let code = Tokens.normaliseShortCode(String(codePart)) else { return nil }
        self.code = code
        var signature: String?
        if let query {
            for pair in rest[rest.index(after: query)...].split(separator: "&") where pair.hasPrefix("s=") {
                // Base64url only: a scanner's trailing Enter or a pasted fragment does not become part of it.
                let value = pair.dropFirst(2).prefix {
                    $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_")
                }
                if !value.isEmpty { signature = String(value) }
            }
        }
        self.signature = signature
    }
}
