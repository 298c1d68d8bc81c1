import GuichetCore
import Testing

@Suite struct ForeignNumberTests {
    @Test(arguments: [
        ("0123456789", "0123456789"), ("01 23 45 67 89", "0123456789"), (" 7501234567 ", "7501234567"),
        ("75 0123 4567", "7501234567"),
    ])
    func spacesAreRemoved(raw: String, expected: String) throws {
        #expect(try ForeignNumber.normalise(raw) == expected)
    }

    @Test(arguments: [
        "", "012345678", "01234567890", "012345678a", "01-23-45-67-89", "٠١٢٣٤٥٦٧٨٩", "０１２３４５６７８９",
        "+123456789",
    ])
    func anythingButTenASCIIDigitsIsInvalid(raw: String) {
        #expect(throws: ForeignNumberError.invalid) { try ForeignNumber.normalise(raw) }
    }
}
