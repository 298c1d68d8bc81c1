import GuichetCore
import Testing

@Suite struct HexTests {
    @Test func encodesLowercaseTwoDigitsPerByte() {
        #expect(Hex.encode([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
        #expect(Hex.encode([UInt8]()) == "")
    }

    @Test func decodesEitherCaseAndRoundTrips() {
        let bytes = (0...255).map { UInt8($0) }
        #expect(Hex.decode(Hex.encode(bytes)) == bytes)
        #expect(Hex.decode("0FA0ff") == [0x0f, 0xa0, 0xff])
    }

    @Test(arguments: ["abc", "0x00", "zz", "00 11", "é0"])
    func refusesAnythingButPairsOfHexDigits(_ text: String) {
        #expect(Hex.decode(text) == nil)
    }
}
