import Crypto
import Foundation

/// A file sent with an email (the `.ics` of an appointment). Text content: that is all the service attaches.
struct MailAttachment: Sendable, Equatable, Codable {
    let filename: String
    /// The full `Content-Type` value without the `name` parameter, e.g. `text/calendar; charset=utf-8; method=PUBLISH`.
    let contentType: String
    let content: String

    static func calendar(_ ics: String) -> MailAttachment {
        MailAttachment(
            filename: "rendez-vous.ics", contentType: "text/calendar; charset=utf-8; method=PUBLISH",
            content: ics)
    }
}

/// One email as delivered: addresses, subject, a plain-text body, optionally an HTML body and attachments.
struct MailMessage: Sendable, Equatable {
    let id: String
    let from: String
    let to: String
    let subject: String
    let text: String
    var html: String? = nil
    var attachments: [MailAttachment] = []
    let date: Date

    /// The message as RFC 5322 text with a MIME body in UTF-8. Text and HTML are quoted-printable (every line stays
    /// short and 7-bit), attachments base64. With an HTML body: `multipart/alternative` (plain text first, as
    /// RFC 2046 wants the richest last); with attachments, that inside a `multipart/mixed`.
    func rfc5322() -> String {
        var lines = [
            "From: \(Self.encodeHeader(from))",
            "To: \(to)",
            "Subject: \(Self.encodeHeader(subject))",
            "Date: \(Self.rfc5322Date(date))",
            "Message-ID: <\(id)>",
            "MIME-Version: 1.0",
        ]
        lines += body()
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    private func body() -> [String] {
        let textPart = Self.textPart(text, subtype: "plain")
        guard let html else {
            guard !attachments.isEmpty else { return textPart }
            return Self.multipart(
                "mixed", boundary: boundary("mixed"),
                parts: [textPart] + attachments.map(Self.attachmentPart))
        }
        let alternative = Self.multipart(
            "alternative", boundary: boundary("alt"),
            parts: [textPart, Self.textPart(html, subtype: "html")])
        guard !attachments.isEmpty else { return alternative }
        return Self.multipart(
            "mixed", boundary: boundary("mixed"), parts: [alternative] + attachments.map(Self.attachmentPart))
    }

    /// `=_` cannot occur in quoted-printable (`=` is always followed by two hex digits or a line end) nor in
    /// base64 (`_` is not in its alphabet), and every part is one or the other: a boundary starting with `=_`
    /// can never appear inside the content. The rest, from a hash of the message, makes it unique per message
    /// and keeps the output deterministic.
    func boundary(_ kind: String) -> String {
        var hasher = SHA256()
        hasher.update(data: Data(id.utf8))
        hasher.update(data: Data(text.utf8))
        hasher.update(data: Data((html ?? "").utf8))
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        return "=_\(kind)_\(digest.prefix(24))"
    }

    private static func multipart(_ subtype: String, boundary: String, parts: [[String]]) -> [String] {
        var lines = ["Content-Type: multipart/\(subtype); boundary=\"\(boundary)\"", ""]
        for part in parts {
            lines.append("--\(boundary)")
            lines += part
        }
        lines.append("--\(boundary)--")
        return lines
    }

    private static func textPart(_ content: String, subtype: String) -> [String] {
        [
            "Content-Type: text/\(subtype); charset=utf-8", "Content-Transfer-Encoding: quoted-printable", "",
            quotedPrintable(content),
        ]
    }

    private static func attachmentPart(_ attachment: MailAttachment) -> [String] {
        let name = attachment.filename.filter { $0.isASCII && $0 != "\"" && $0 != "\\" && !$0.isNewline }
        // Folded before `name`, so the header stays under 78 characters.
        return [
            "Content-Type: \(attachment.contentType);\r\n name=\"\(name)\"",
            "Content-Disposition: attachment; filename=\"\(name)\"",
            "Content-Transfer-Encoding: base64", "",
            base64Lines(Data(attachment.content.utf8)),
        ]
    }

    /// Base64 in lines of 76 characters (RFC 2045 §6.8), CRLF between them.
    static func base64Lines(_ data: Data) -> String {
        let encoded = Array(data.base64EncodedString().utf8)
        return stride(from: 0, to: encoded.count, by: 76).map {
            String(decoding: encoded[$0..<min($0 + 76, encoded.count)], as: UTF8.self)
        }.joined(separator: "\r\n")
    }

    /// RFC 2047 encoded words for headers that are not plain ASCII. Each word holds at most 39 bytes (64
    /// characters once encoded: under the RFC's 75, and "Subject: " plus a word stays under 78), cut between
    /// characters, and words go on folded lines.
    static func encodeHeader(_ value: String) -> String {
        guard value.unicodeScalars.contains(where: { !$0.isASCII }) else { return value }
        // Keep a display name's address outside the encoded words.
        if let open = value.lastIndex(of: "<"), value.hasSuffix(">") {
            let name = value[..<open].trimmingCharacters(in: .whitespaces)
            return "\(encodedWords(name)) \(value[open...])"
        }
        return encodedWords(value)
    }

    private static func encodedWords(_ value: String) -> String {
        var words: [String] = []
        var chunk = ""
        for character in value {
            if chunk.utf8.count + String(character).utf8.count > 39, !chunk.isEmpty {
                words.append(chunk)
                chunk = ""
            }
            chunk.append(character)
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words.map { "=?utf-8?B?\(Data($0.utf8).base64EncodedString())?=" }.joined(separator: "\r\n ")
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
