import Foundation
import GuichetCore
import Testing

@Suite struct TokensTests {
    private static let crockford = Set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    @Test func confirmationCodesAreSixDigitsWithLeadingZeros() {
        var scripted = ScriptedGenerator([42, 999_999, 1_000_000])
        #expect(Tokens.confirmationCode(using: &scripted) == "000042")
        #expect(Tokens.confirmationCode(using: &scripted) == "999999")
        #expect(Tokens.confirmationCode(using: &scripted) == "000000")
    }

    @Test func confirmationCodesRejectTheBiasedTopOfTheRange() {
        // 2^64 − 1 is above the largest multiple of 10^6 and must be redrawn, not reduced modulo.
        let limit = UInt64.max - UInt64.max % 1_000_000
        var scripted = ScriptedGenerator([UInt64.max, limit, limit - 1])
        #expect(Tokens.confirmationCode(using: &scripted) == String((limit - 1) % 1_000_000))
        #expect(scripted.values.isEmpty)
    }

    @Test func confirmationCodesAreRoughlyUniform() {
        var generator = SeededGenerator(seed: 7)
        var leadingDigits = [Character: Int]()
        for _ in 0..<20_000 {
            let code = Tokens.confirmationCode(using: &generator)
            #expect(code.count == 6 && code.allSatisfy(\.isASCII) && code.allSatisfy(\.isNumber))
            leadingDigits[code.first!, default: 0] += 1
        }
        #expect(leadingDigits.count == 10)
        #expect(leadingDigits.values.allSatisfy { (1700...2300).contains($0) }, "\(leadingDigits)")
    }

    @Test func manageTokensAre32BytesOfBase64URL() throws {
        var scripted = ScriptedGenerator([
            0x0706_0504_0302_0100, 0x0F0E_0D0C_0B0A_0908, 0x1716_1514_1312_1110,
            0x1F1E_1D1C_1B1A_1918,
        ])
        let token = Tokens.manageToken(using: &scripted)
        #expect(token.count == 43)
        let base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/") + "="
        #expect(Data(base64Encoded: base64) == Data(0..<32))
    }

    @Test func manageTokensUseTheURLAlphabetWithoutPadding() {
        var ones = ScriptedGenerator(Array(repeating: UInt64.max, count: 4))
        #expect(Tokens.manageToken(using: &ones) == String(repeating: "_", count: 42) + "8")
        var zeros = ScriptedGenerator(Array(repeating: 0, count: 4))
        #expect(Tokens.manageToken(using: &zeros) == String(repeating: "A", count: 43))
        var generator = SeededGenerator(seed: 1)
        for _ in 0..<200 {
            let token = Tokens.manageToken(using: &generator)
            #expect(token.count == 43 && !token.contains("=") && !token.contains("+") && !token.contains("/"))
        }
    }

    @Test func shortCodesAreTwoGroupsOfFiveCrockfordSymbols() {
        var scripted = ScriptedGenerator([0, UInt64.max, 1, 31 << 45])
        #expect(Tokens.shortCode(using: &scripted) == "00000-00000")
        #expect(Tokens.shortCode(using: &scripted) == "ZZZZZ-ZZZZZ")
        #expect(Tokens.shortCode(using: &scripted) == "10000-00000")
        #expect(Tokens.shortCode(using: &scripted) == "00000-0000Z")
        var generator = SeededGenerator(seed: 3)
        var seen = Set<Character>()
        for _ in 0..<500 {
            let code = Tokens.shortCode(using: &generator)
            #expect(code.count == 11 && Array(code)[5] == "-")
            let symbols = code.filter { $0 != "-" }
            #expect(symbols.allSatisfy { Self.crockford.contains($0) })
            seen.formUnion(symbols)
        }
        #expect(seen == Self.crockford)
    }

    @Test(arguments: [
        ("ABCDE-FGHJK", "ABCDE-FGHJK"), ("abcde fghjk", "ABCDE-FGHJK"), ("abcdefghjk", "ABCDE-FGHJK"),
        ("ILO01-23456", "11001-23456"), ("  il0o1 - 2345 6 ", "11001-23456"),
    ])
    func typedShortCodesAreReadLeniently(typed: String, expected: String) {
        #expect(Tokens.normaliseShortCode(typed) == expected)
    }

    @Test(arguments: ["ABCDE-FGHJU", "ABCDE-FGHJ", "ABCDE-FGHJKM", "ABCDE_FGHJK", "", "ÀBCDE-FGHJK"])
    func impossibleShortCodesAreRefused(typed: String) {
        #expect(Tokens.normaliseShortCode(typed) == nil)
    }

    @Test func generatedShortCodesSurviveNormalisation() {
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<100 {
            let code = Tokens.shortCode(using: &generator)
            #expect(Tokens.normaliseShortCode(code.lowercased()) == code)
        }
    }

    @Test func sameSeedSameSecretsDifferentSeedDifferentSecrets() {
        var a = SeededGenerator(seed: 99)
        var b = SeededGenerator(seed: 99)
        var c = SeededGenerator(seed: 100)
        #expect(Tokens.manageToken(using: &a) == Tokens.manageToken(using: &b))
        #expect(Tokens.shortCode(using: &a) == Tokens.shortCode(using: &b))
        #expect(Tokens.manageToken(using: &a) != Tokens.manageToken(using: &c))
    }

    @Test func worksWithTheSystemGenerator() {
        var system = SystemRandomNumberGenerator()
        #expect(Tokens.confirmationCode(using: &system).count == 6)
        #expect(Tokens.manageToken(using: &system) != Tokens.manageToken(using: &system))
    }

    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ])
    func sha256HexMatchesTheStandardVectors(input: String, expected: String) {
        #expect(Tokens.sha256Hex(input) == expected)
    }

    @Test func sha256HexHashesUTF8() {
        #expect(Tokens.sha256Hex("é") == Tokens.sha256Hex("\u{E9}"))
        #expect(Tokens.sha256Hex("é") != Tokens.sha256Hex("e\u{301}"))
    }

    @Test(arguments: [
        ("123456", "123456", true), ("123456", "123457", false), ("123456", "12345", false), ("12345", "123456", false),
        ("", "", true), ("", "a", false), ("abc", "ABC", false), ("é", "e\u{301}", false),
    ])
    func constantTimeEqualsComparesBytes(a: String, b: String, equal: Bool) {
        #expect(Tokens.constantTimeEquals(a, b) == equal)
    }

    @Test func aSecretMatchesOnlyItsOwnStoredHash() {
        let stored = Tokens.sha256Hex("k7Qm2xR9")
        #expect(Tokens.matches("k7Qm2xR9", hash: stored))
        #expect(!Tokens.matches("k7Qm2xR8", hash: stored))
        #expect(!Tokens.matches("", hash: stored))
        #expect(!Tokens.matches("k7Qm2xR9", hash: stored.uppercased()))
    }
}
