import Foundation

/// The key under which "one person, one active appointment" is enforced.
///
/// The foreign-national number identifies a person best when they have one; otherwise the folded names, birth date
/// and nationality stand in. The unique indexes hold the hash: fixed length, and the names are not repeated in one
/// more column.
public struct IdentityKey: Hashable, Sendable {
    /// lowercase hex SHA-256 of the canonical text below (we never store the clear key)
    public let value: String
    /// "fn:0123456789" or "id:<family>|<given>|<yyyy-mm-dd>|<NAT>", names as `NameFolding.skeleton` makes them
    public let canonical: String

    init(canonical: String) {
        self.canonical = canonical
        self.value = Tokens.sha256Hex(canonical)
    }

    /// `foreignNumber` is already normalised, or nil/empty.
    public static func make(
        familyName: String, givenNames: String, birthDate: CivilDate, nationality: String, foreignNumber: String?
    ) -> IdentityKey {
        if let number = foreignNumber?.trimmingCharacters(in: .whitespaces), !number.isEmpty {
            return IdentityKey(canonical: "fn:" + number)
        }
        return byNames(familyName: familyName, givenNames: givenNames, birthDate: birthDate, nationality: nationality)
    }

    /// The names-based key even when a foreign-national number exists. Without it, one person could hold a second
    /// appointment simply by leaving the number out; callers that want to close that gap check both keys.
    public static func byNames(
        familyName: String, givenNames: String, birthDate: CivilDate, nationality: String
    ) -> IdentityKey {
        // "|" separates fields; validated names never contain it, and removing it keeps unvalidated input from
        // shifting text between fields. Look-alike letters are folded: "Раѕсо" (Cyrillic) is "Pasco" here.
        func field(_ name: String) -> String { NameFolding.skeleton(name).replacingOccurrences(of: "|", with: "") }
        let nat = nationality.trimmingCharacters(in: .whitespaces).uppercased()
        return IdentityKey(canonical: "id:\(field(familyName))|\(field(givenNames))|\(birthDate.iso)|\(nat)")
    }
}
