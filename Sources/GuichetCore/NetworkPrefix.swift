/// The network a client address belongs to, as the abuse rules count it: the /24 of an IPv4 address, the /48 of
/// an IPv6 address (what one household, office or cybercafé typically holds).
public enum NetworkPrefix {
    /// "203.0.113.57" → "203.0.113.0/24"; "2001:db8:1234:5678::1" → "2001:db8:1234::/48"; nil for anything else.
    public static func of(_ address: String) -> String? {
        if let v4 = ipv4(address) { return "\(v4[0]).\(v4[1]).\(v4[2]).0/24" }
        // IPv4-mapped IPv6 ("::ffff:203.0.113.57") counts as IPv4.
        if address.lowercased().hasPrefix("::ffff:"), let v4 = ipv4(String(address.dropFirst(7))) {
            return "\(v4[0]).\(v4[1]).\(v4[2]).0/24"
        }
        guard let groups = ipv6(address) else { return nil }
        return groups.prefix(3).map { String($0, radix: 16) }.joined(separator: ":") + "::/48"
    }

    static func ipv4(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        let bytes = parts.compactMap { part -> UInt8? in
            guard (1...3).contains(part.count), part.allSatisfy(\.isASCII), part.allSatisfy(\.isNumber) else {
                return nil
            }
            return UInt8(part)
        }
        return bytes.count == 4 ? bytes : nil
    }

    /// The eight 16-bit groups of an IPv6 address (zone index dropped), or nil.
    static func ipv6(_ text: String) -> [UInt16]? {
        let address = text.split(separator: "%", maxSplits: 1).first.map(String.init) ?? ""
        guard address.contains(":"), address.count <= 45 else { return nil }
        func groups(_ part: Substring) -> [UInt16]? {
            if part.isEmpty { return [] }
            var result: [UInt16] = []
            for piece in part.split(separator: ":", omittingEmptySubsequences: false) {
                if piece.contains(".") {
                    guard let v4 = ipv4(String(piece)) else { return nil }
                    result.append(UInt16(v4[0]) << 8 | UInt16(v4[1]))
                    result.append(UInt16(v4[2]) << 8 | UInt16(v4[3]))
                } else {
                    guard (1...4).contains(piece.count), let value = UInt16(piece, radix: 16) else { return nil }
                    result.append(value)
                }
            }
            return result
        }
        let halves = address.components(separatedBy: "::")
        switch halves.count {
        case 1:
            guard let all = groups(Substring(address)), all.count == 8 else { return nil }
            return all
        case 2:
            guard let head = groups(Substring(halves[0])), let tail = groups(Substring(halves[1])),
                head.count + tail.count < 8
            else { return nil }
            return head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        default:
            return nil
        }
    }
}
