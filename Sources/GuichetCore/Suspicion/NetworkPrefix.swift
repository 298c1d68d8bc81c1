import Foundation

/// The network a client address belongs to, as suspicion signals group them: the /24 of an IPv4 address, the /48
/// of an IPv6 address (what one customer, one office or one cybercafé usually holds). Addresses are kept only in
/// this coarse form: the prefix groups bookings without naming a machine.
public enum NetworkPrefix {
    /// "203.0.113.0/24" or "2001:db8:1::/48"; nil for anything that is not an IP address (a Unix socket, garbage).
    /// IPv4-mapped IPv6 addresses (`::ffff:203.0.113.9`) count as IPv4; brackets and zone ids are accepted.
    public static func of(_ address: String) -> String? {
        var text = address.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            text = String(text[text.index(after: text.startIndex)..<close])
        }
        if let percent = text.firstIndex(of: "%") { text = String(text[..<percent]) }
        if let v4 = ipv4(text) { return "\(v4[0]).\(v4[1]).\(v4[2]).0/24" }
        guard let groups = ipv6(text) else { return nil }
        let mapped = groups[0..<5].allSatisfy { $0 == 0 } && groups[5] == 0xFFFF
        if mapped { return "\(groups[6] >> 8).\(groups[6] & 0xFF).\(groups[7] >> 8).0/24" }
        return groups[0..<3].map { String($0, radix: 16) }.joined(separator: ":") + "::/48"
    }

    static func ipv4(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let value = UInt8(part) else { return nil }
            bytes.append(value)
        }
        return bytes
    }

    /// The eight 16-bit groups of an IPv6 address, with `::` expanded and a trailing dotted IPv4 part read.
    static func ipv6(_ text: String) -> [UInt16]? {
        guard text.contains(":") else { return nil }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt16]? {
            if part.isEmpty { return [] }
            var result: [UInt16] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if index == pieces.count - 1, piece.contains("."), let v4 = ipv4(String(piece)) {
                    result.append(UInt16(v4[0]) << 8 | UInt16(v4[1]))
                    result.append(UInt16(v4[2]) << 8 | UInt16(v4[3]))
                    continue
                }
                guard (1...4).contains(piece.count), piece.allSatisfy(\.isHexDigit), let value = UInt16(piece, radix: 16)
                else { return nil }
                result.append(value)
            }
            return result
        }
        guard let head = groups(halves[0]) else { return nil }
        if halves.count == 1 { return head.count == 8 ? head : nil }
        guard let tail = groups(halves[1]), head.count + tail.count <= 7 else { return nil }
        return head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
    }
}
