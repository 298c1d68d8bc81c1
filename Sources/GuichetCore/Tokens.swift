import Crypto
import Foundation

/// Secrets handed to applicants: confirmation codes, manage tokens, convocation short codes.
///
/// The generator is injected so that tests and the simulation are reproducible; production passes
/// `SystemRandomNumberGenerator`, which is cryptographically secure. Bits are turned into symbols here, not by the
/// standard library's `random(in:using:)`, whose algorithm may change between Swift releases and would silently
/// change every seeded test.
public enum Tokens {
    /// Crockford's base32: no I, L, O or U, so nothing is misread (1/I/L, 0/O) when read aloud or typed from paper.
    static let crockford = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    /// 6 decimal digits, uniformly drawn (reject sampling), from the injected generator.
    public static func confirmationCode<G: RandomNumberGenerator>(using g: inout G) -> String {
        let bound: UInt64 = 1_000_000
        // The largest multiple of `bound` that fits: values at or above it would favour the low codes.
        let limit = UInt64.max - UInt64.max % bound
        var draw = g.next()
        while draw >= limit { draw = g.next() }
        let digits = String(draw % bound)
        return String(repeating: "0", count: 6 - digits.count) + digits
    }

    /// 32 random bytes, base64url without padding.
    public static func manageToken<G: RandomNumberGenerator>(using g: inout G) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(32)
        for _ in 0..<4 {
            withUnsafeBytes(of: g.next().littleEndian) { bytes.append(contentsOf: $0) }
        }
        return Base64URL.encode(bytes)
    }

    /// A short code a person can type: 10 characters of Crockford base32 (no I, L, O, U) grouped "XXXXX-XXXXX".
    public static func shortCode<G: RandomNumberGenerator>(using g: inout G) -> String {
        // 50 bits from one 64-bit draw; 32 is a power of two, so every symbol is equally likely.
        var bits = g.next()
        var symbols = ""
        for index in 0..<10 {
            if index == 5 { symbols.append("-") }
            symbols.append(crockford[Int(bits & 31)])
            bits >>= 5
        }
        return symbols
    }

    /// Reads a short code the way Crockford intends (case-insensitive, I and L as 1, O as 0, hyphens and spaces
    /// ignored) and returns it in the canonical "XXXXX-XXXXX" form, or nil if it cannot be one.
    public static func normaliseShortCode(_ typed: String) -> String? {
        var symbols = ""
        for character in typed.uppercased() {
            switch character {
            case "-", " ": continue
            case "I", "L": symbols.append("1")
            case "O": symbols.append("0")
            case _ where crockford.contains(character): symbols.append(character)
            default: return nil
            }
        }
        guard symbols.count == 10 else { return nil }
        return "\(symbols.prefix(5))-\(symbols.suffix(5))"
    }

    /// lowercase hex SHA-256 (for storing codes and tokens hashed).
    public static func sha256Hex(_ s: String) -> String {
        Hex.encode(SHA256.hash(data: Data(s.utf8)))
    }

    /// Whether `secret` (a code or a token as the person typed or followed it) is the one whose `sha256Hex` was stored,
    /// compared in constant time.
    public static func matches(_ secret: String, hash: String) -> Bool {
        constantTimeEquals(sha256Hex(secret), hash)
    }

    /// constant-time comparison of two strings' UTF-8 bytes.
    ///
    /// Only the length may leak, which is public anyway for fixed-size codes and hashes.
    public static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8)
        let right = Array(b.utf8)
        var difference = UInt8(left.count == right.count ? 0 : 1)
        for index in 0..<max(left.count, right.count) {
            let x = index < left.count ? left[index] : 0
            let y = index < right.count ? right[index] : 0
            difference |= x ^ y
        }
        return difference == 0
    }
}
