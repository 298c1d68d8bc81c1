import Foundation

/// One email as delivered: addresses, subject, plain-text body.
struct MailMessage: Sendable, Equatable {
    let id: String
    let from: String
    let to: String
    let subject: String
    let text: String
    let date: Date

    /// The message as RFC 5322 text with a MIME body in UTF-8 (quoted-printable, so every line stays short).
    func rfc5322() -> String {
        var lines = [
            "From: \(Self.encodeHeader(from))",
            "To: \(to)",
            "Subject: \(Self.encodeHeader(subject))",
            "Date: \(Self.rfc5322Date(date))",
            "Message-ID: <\(id)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
            "",
        ]
        lines.append(Self.quotedPrintable(text))
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// RFC 2047 encoded-word for headers that are not plain ASCII.
    static func encodeHeader(_ value: String) -> String {
        guard value.unicodeScalars.contains(where: { !$0.isASCII }) else { return value }
        // Keep a display name's address outside the encoded word.
        if let open = value.lastIndex(of: "<"), value.hasSuffix(">") {
            let name = value[..<open].trimmingCharacters(in: .whitespaces)
            return "=?utf-8?B?\(Data(name.utf8).base64EncodedString())?= \(value[open...])"
        }
        return "=?utf-8?B?\(Data(value.utf8).base64EncodedString())?="
    }

    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }

    /// RFC 2045 quoted-printable with CRLF line ends and soft breaks under 76 characters.
    static func quotedPrintable(_ text: String) -> String {
        let normalised = text.replacingOccurrences(of: "\r\n", with: "\n")
        return normalised.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var encoded = ""
            var width = 0
            let bytes = Array(line.utf8)
            for (index, byte) in bytes.enumerated() {
                let isLast = index == bytes.count - 1
                let plain = (byte >= 33 && byte <= 126 && byte != 61) || (byte == 32 && !isLast)
                let piece = plain ? String(UnicodeScalar(byte)) : String(format: "=%02X", byte)
                if width + piece.count > 75 {
                    encoded += "=\r\n"
                    width = 0
                }
                encoded += piece
                width += piece.count
            }
            return encoded
        }.joined(separator: "\r\n")
    }
}
