import GuichetCore
import Testing

@Suite struct ConfigIdentifierTests {
    @Test(arguments: ["renewal", "student-permit", "guichet-3", "ab"])
    func wellFormedIdentifiers(_ id: String) {
        #expect(ConfigIdentifier.isWellFormed(id))
    }

    @Test(arguments: [
        "", "a", "Renewal", "3-desk", "-desk", "desk_2", "déjà", "desk 2", "desk/2",
        String(repeating: "a", count: 41), "ａｂ",
    ])
    func refusedIdentifiers(_ id: String) {
        #expect(!ConfigIdentifier.isWellFormed(id))
    }
}
