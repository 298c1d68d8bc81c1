import Foundation

/// The User-Agent header as suspicion signals keep it: 16 hex digits of its SHA-256. Equal headers give equal
/// digests, which is all the clustering needs; the header itself (a fingerprint once joined with a network and a
/// time) is not stored.
public enum UserAgentDigest {
    public static func of(_ userAgent: String?) -> String? {
        guard let userAgent else { return nil }
        let trimmed = userAgent.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        return String(Tokens.sha256Hex(trimmed).prefix(16))
    }
}
