import GuichetCore
import Testing

@Suite struct EmailAddressTests {
    @Test(arguments: [
        ("jean.dupont@example.fr", "jean.dupont@example.fr"),
        ("  Jean.Dupont+rdv@Example.FR \n", "Jean.Dupont+rdv@Example.FR"),
        ("o'brien@example.ie", "o'brien@example.ie"),
        ("user@sub.domain.co.uk", "user@sub.domain.co.uk"),
        ("user@xn--bcher-kva.de", "user@xn--bcher-kva.de"),
        ("user@bücher.de", "user@bücher.de"),
        ("élodie@exemple.fr", "élodie@exemple.fr"),
        ("a@b.co", "a@b.co"),
        ("x_y-z@my-domain.org", "x_y-z@my-domain.org"),
    ])
    func plausibleAddressesAreAcceptedTrimmed(raw: String, expected: String) throws {
        #expect(try EmailAddress.validate(raw) == expected)
    }

    @Test(arguments: [
        "", "   ", "plain", "a@b", "a@@b.fr", "a@b@c.fr", "@example.fr", "jean@", "jean@.fr", "jean@example.",
        "jean@-example.fr", "jean@example-.fr", "jean@exa mple.fr", "jean dupont@example.fr", "jean..dupont@example.fr",
        ".jean@example.fr", "jean.@example.fr", "jean@example..fr", "\"jean\"@example.fr", "jean@[192.168.0.1]",
        "jean@192.168.0.1", "jean@exa_mple.fr", "jean\u{0}@example.fr", "jean@exa\u{200B}mple.fr", "jean(x)@example.fr",
        "jean@example.fr.", "<jean@example.fr>", "jean,paul@example.fr",
    ])
    func implausibleAddressesAreRefused(raw: String) {
        #expect(throws: ContactError.invalidEmail) { try EmailAddress.validate(raw) }
    }

    @Test func lengthLimitsAreEnforced() throws {
        let local64 = String(repeating: "a", count: 64)
        #expect(try EmailAddress.validate("\(local64)@example.fr") == "\(local64)@example.fr")
        #expect(throws: ContactError.invalidEmail) { try EmailAddress.validate("a\(local64)@example.fr") }
        let label63 = String(repeating: "b", count: 63)
        let domain = "\(label63).\(label63).\(label63).\(String(repeating: "c", count: 57)).fr"  // 252 characters
        #expect(try EmailAddress.validate("a@\(domain)") == "a@\(domain)")  // 254 in all
        #expect(throws: ContactError.invalidEmail) { try EmailAddress.validate("ab@\(domain)") }  // 255
        #expect(throws: ContactError.invalidEmail) { try EmailAddress.validate("a@\(label63)b.fr") }
    }

    @Test(arguments: [
        ("Jean.Dupont+rdv@Example.FR", "jean.dupont@example.fr"),
        ("jean.dupont@example.fr", "jean.dupont@example.fr"),
        ("J.e.a.n+scalper1@GoogleMail.com", "jean@gmail.com"),
        ("jean+2@gmail.com", "jean@gmail.com"),
        ("j.ean@gmail.com", "jean@gmail.com"),
        ("jean.dupont@gmail.fr", "jean.dupont@gmail.fr"),
        ("jean+a+b@example.fr", "jean@example.fr"),
    ])
    func keyFoldsVariantsOfOneMailbox(email: String, expected: String) {
        #expect(EmailAddress.key(email) == expected)
    }
}

@Suite struct PhoneNumberTests {
    @Test(arguments: [
        ("06 12 34 56 78", "+33612345678"),
        ("06.12.34.56.78", "+33612345678"),
        ("06-12-34-56-78", "+33612345678"),
        ("0612345678", "+33612345678"),
        ("01 40 20 50 50", "+33140205050"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("0033 6 12 34 56 78", "+33612345678"),
        ("+33 (0)6 12 34 56 78", "+33612345678"),
        ("(+1) 202-555-0143", "+12025550143"),
        ("+44 20 7946 0958", "+442079460958"),
        ("00 212 6 12 34 56 78", "+212612345678"),
        ("0692 12 34 56", "+262692123456"),
        ("0590 12 34 56", "+590590123456"),
        ("0696 12 34 56", "+596696123456"),
        ("+4912345678", "+4912345678"),
        ("+123456789012345", "+123456789012345"),
    ])
    func numbersBecomeE164(raw: String, expected: String) throws {
        #expect(try PhoneNumber.normalise(raw) == expected)
    }

    @Test(arguments: [
        "", "abc", "12345", "612345678", "0612345678x", "+33 6 12", "+1234567", "+1234567890123456", "++33612345678",
        "+33/612345678", "06 12 34 56 7", "06 12 34 56 789", "+33 6 12 34 56 78 ext 2", "+٣٣٦١٢٣٤٥٦٧٨", "00",
    ])
    func implausibleNumbersAreRefused(raw: String) {
        #expect(throws: ContactError.invalidPhone) { try PhoneNumber.normalise(raw) }
    }
}
