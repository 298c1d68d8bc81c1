/// One SMTP reply: a three-digit code and its text lines (RFC 5321 §4.2). A multi-line reply repeats the code on
/// every line, with `-` after it on all lines but the last (`250-PIPELINING`, …, `250 SMTPUTF8`).
struct SMTPReply: Sendable, Equatable {
    let code: Int
    let lines: [String]

    var isPositive: Bool { (200..<400).contains(code) }

    /// The extensions an EHLO reply announces, upper-cased keyword first (`["AUTH", "PLAIN", "LOGIN"]`); the first
    /// line is the server's greeting, not an extension.
    var extensions: [String: [String]] {
        var found: [String: [String]] = [:]
        for line in lines.dropFirst() {
            let words = line.split(separator: " ").map { $0.uppercased() }
            guard let keyword = words.first else { continue }
            found[keyword] = Array(words.dropFirst())
        }
        return found
    }
}

/// Splits what a server sends into replies. Bytes arrive in arbitrary pieces; a reply is returned once its last
/// line is complete. Lines end with CRLF; a bare LF is tolerated, since some servers send one.
struct SMTPReplyParser: Sendable {
    /// RFC 5321 allows 512 octets per reply line; more than this is not an SMTP server.
    static let maxLineLength = 4096
    static let maxLines = 200

    private var pending: [UInt8] = []
    private var lines: [String] = []
    private var code: Int?

    /// True between replies, with nothing received beyond the last one.
    var isEmpty: Bool { pending.isEmpty && lines.isEmpty }

    mutating func append(_ bytes: some Sequence<UInt8>) {
        pending.append(contentsOf: bytes)
    }

    /// The next complete reply, or nil when more bytes are needed.
    mutating func nextReply() throws -> SMTPReply? {
        while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
            var line = pending[..<newline]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            pending.removeSubrange(...newline)
            if let reply = try take(line) { return reply }
        }
        if pending.count > Self.maxLineLength { throw Malformed() }
        return nil
    }

    private mutating func take(_ line: ArraySlice<UInt8>) throws -> SMTPReply? {
        guard line.count >= 3, line.count <= Self.maxLineLength,
            line.prefix(3).allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
            let lineCode = Int(String(decoding: line.prefix(3), as: UTF8.self)),
            (200...599).contains(lineCode)
        else { throw Malformed() }
        if let code, code != lineCode { throw Malformed() }
        let separator = line.dropFirst(3).first
        guard separator == nil || separator == UInt8(ascii: " ") || separator == UInt8(ascii: "-") else {
            throw Malformed()
        }
        code = lineCode
        lines.append(String(decoding: line.dropFirst(4), as: UTF8.self))
        guard lines.count <= Self.maxLines else { throw Malformed() }
        guard separator != UInt8(ascii: "-") else { return nil }
        defer {
            lines = []
            code = nil
        }
        return SMTPReply(code: lineCode, lines: lines)
    }

    struct Malformed: Error {}
}
