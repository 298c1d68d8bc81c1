import GuichetCore
import Testing

@Suite struct NationalityTests {
    @Test func theFullISOListIsPresent() {
        #expect(Nationality.codes.subtracting(Nationality.travelDocumentCodes).count == 249)
        #expect(
            Nationality.codes.allSatisfy { code in
                code.count == 3 && code.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) }
            })
    }

    @Test(arguments: [
        "FRA", "DZA", "MAR", "TUN", "SEN", "CIV", "MLI", "CHN", "VNM", "UKR", "AFG", "SYR", "PSE", "TWN",
        "LKA", "IND", "USA", "GBR", "DEU", "ZWE", "ABW", "ALA", "SSD", "BES",
        // travel-document codes: Kosovo, stateless, refugees
        "XKX", "XXA", "XXB", "XXC",
    ])
    func assignedCodesAreValid(code: String) {
        #expect(Nationality.isValid(code))
    }

    @Test(arguments: ["XXX", "fra", "Fra", "FR", "FRAN", "", " FRA", "UK", "EUE", "ZZZ", "ANT", "YUG", "SUN"])
    func anythingElseIsInvalid(code: String) {
        #expect(!Nationality.isValid(code))
    }

    @Test func normaliseUppercasesAndValidates() {
        #expect(Nationality.normalise("fra") == "FRA")
        #expect(Nationality.normalise(" Mar ") == "MAR")
        #expect(Nationality.normalise("xxx") == nil)
        #expect(Nationality.normalise("") == nil)
    }
}
