import Foundation

/// What SMTP needs besides the message itself: the bare addresses of the envelope, and the message made safe for
/// the DATA command.
enum SMTPEnvelope {
    /// The address inside `Display Name <addr>`, or the whole value when there are no angle brackets. Refuses what
    /// would break the command line (CR, LF, angle brackets, spaces) rather than let it through.
    static func bareAddress(_ value: String) -> String? {
        var address = Substring(value.trimmingCharacters(in: .whitespaces))
        if let open = address.lastIndex(of: "<"), address.hasSuffix(">") {
            address = address[address.index(after: open)..<address.index(before: address.endIndex)]
        }
        guard let at = address.lastIndex(of: "@"), at != address.startIndex,
            address.index(after: at) != address.endIndex,
            !address.contains(where: {
                $0 == "<" || $0 == ">" || $0.isWhitespace || ($0.asciiValue.map { $0 < 32 || $0 == 127 } ?? false)
            })
        else { return nil }
        return String(address)
    }

    /// The message as DATA sends it: every line ends in CRLF (a bare LF or CR becomes CRLF), a line starting with
    /// `.` gets a second one (RFC 5321 §4.5.2, so the server cannot mistake it for the end), and the terminating
    /// `.` line follows.
    static func data(_ message: String) -> [UInt8] {
        let bytes = Array(message.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 32 + 5)
        var atLineStart = true
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n") {
                out += [UInt8(ascii: "\r"), UInt8(ascii: "\n")]
                // CRLF is one line end, not two.
                if byte == UInt8(ascii: "\r"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n") {
                    index += 1
                }
                atLineStart = true
            } else {
                if atLineStart, byte == UInt8(ascii: ".") { out.append(UInt8(ascii: ".")) }
                out.append(byte)
                atLineStart = false
            }
            index += 1
        }
        if !atLineStart { out += [UInt8(ascii: "\r"), UInt8(ascii: "\n")] }
        out += Array(".\r\n".utf8)
        return out
    }
}
