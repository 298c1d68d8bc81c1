/// Email domains refused for bookings: throwaway-address services, whose addresses a reseller creates by the
/// thousand and which nobody reads a convocation from a month later. One domain per line; `#` starts a comment; a
/// listed domain also refuses its subdomains.
public struct EmailDomainList: Sendable, Equatable {
    public let domains: Set<String>

    public static let none = EmailDomainList(domains: [])

    public init(domains: Set<String>) {
        self.domains = Set(domains.map { $0.lowercased() })
    }

    /// Reads the operators' file format. Lines that are not a plausible domain are skipped.
    public init(text: String) {
        var domains = Set<String>()
        for line in text.split(whereSeparator: \.isNewline) {
            let entry = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
                .trimmingCharacters(in: .whitespaces).lowercased()
            guard entry.contains("."), !entry.contains("@"), !entry.contains(" ") else { continue }
            domains.insert(entry.hasPrefix(".") ? String(entry.dropFirst()) : entry)
        }
        self.domains = domains
    }

    /// Whether the address's domain, or one of its parent domains, is listed.
    public func refuses(_ email: String) -> Bool {
        guard !domains.isEmpty, let at = email.lastIndex(of: "@") else { return false }
        var domain = email[email.index(after: at)...].lowercased()
        while true {
            if domains.contains(domain) { return true }
            guard let dot = domain.firstIndex(of: ".") else { return false }
            domain = String(domain[domain.index(after: dot)...])
        }
    }
}
