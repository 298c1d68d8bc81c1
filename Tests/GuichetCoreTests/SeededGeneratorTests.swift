import GuichetCore
import Testing

@Suite struct SeededGeneratorTests {
    @Test func matchesTheSplitMix64ReferenceSequence() {
        var generator = SeededGenerator(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(generator.next() == 0x06C4_5D18_8009_454F)
        var other = SeededGenerator(seed: 42)
        #expect(other.next() == 13_679_457_532_755_275_413)
        #expect(other.next() == 2_949_826_092_126_892_291)
    }

    @Test func drivesStandardLibraryRandomness() {
        var a = SeededGenerator(seed: 5)
        var b = SeededGenerator(seed: 5)
        #expect(
            (0..<10).map { _ in Int.random(in: 0..<1000, using: &a) }
                == (0..<10).map { _ in Int.random(in: 0..<1000, using: &b) })
    }
}
