/// The shape of an email address, to see one hand behind many addresses: `rdv.pref01@gmail.com`,
/// `rdv.pref02@gmail.com` and `rdvpref17@googlemail.com` all read `rdvpref#@gmail.com`.
public enum EmailPattern {
    /// The duplicate key (`EmailAddress.key`: lower case, `+tag` dropped, Gmail dots folded) with every run of digits
    /// replaced by one `#`. Nil when the address has no digits (the same address is the same person, which the
    /// duplicate rules and churn already see) or when fewer than three other characters remain in the local part
    /// (`0612345678@gmail.com` says nothing about who wrote it).
    public static func of(_ email: String) -> String? {
        let key = EmailAddress.key(email)
        guard let at = key.lastIndex(of: "@") else { return nil }
        let local = key[..<at]
        guard local.contains(where: isDigit) else { return nil }
        var pattern = ""
        var lettersKept = 0
        for character in local {
            if isDigit(character) {
                if pattern.last != "#" { pattern.append("#") }
            } else {
                pattern.append(character)
                if character.isLetter { lettersKept += 1 }
            }
        }
        guard lettersKept >= 3 else { return nil }
        return pattern + key[at...]
    }

    private static func isDigit(_ character: Character) -> Bool { character.isASCII && character.isWholeNumber }
}
