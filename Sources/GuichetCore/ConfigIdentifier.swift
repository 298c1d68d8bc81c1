/// Identifiers admins give to new procedures and counters. They appear in addresses (`/procedures/{id}`), draw-window
/// ids and audit entries, and never change afterwards.
public enum ConfigIdentifier {
    public static let lengths = 2...40

    /// 2 to 40 characters of lower-case ASCII letters, digits and hyphens, starting with a letter.
    public static func isWellFormed(_ id: String) -> Bool {
        guard lengths.contains(id.count), let first = id.first, ("a"..."z").contains(first) else { return false }
        return id.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}
