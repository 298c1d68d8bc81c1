import Foundation
import QRCode
import Testing

/// Round-trip tests through an independent decoder: `zbarimg` from Debian's
/// `zbar-tools`. When the tool is missing the tests are skipped locally, but
/// fail with a clear message when the `CI` environment variable is set.
enum ZBar {
    static let path = "/usr/bin/zbarimg"
    static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: path) }
    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] != nil }
    static var shouldRun: Bool { isInstalled || isCI }

    /// Writes `code` as a PGM image and returns what `zbarimg --raw -q` prints,
    /// minus the trailing newline.
    static func decode(_ code: QRCode, moduleSize: Int = 4) throws -> (status: Int32, text: String) {
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("qrcode-test-\(UUID().uuidString).pgm")
        try Data(code.pgm(moduleSize: moduleSize)).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["--raw", "-q", file.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var text = String(decoding: data, as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        return (process.terminationStatus, text)
    }
}

@Suite(
    "QRCode decodes with zbarimg", .enabled(if: ZBar.shouldRun, "zbarimg not installed (apt-get install zbar-tools)"))
struct QRCodeDecodeTests {
    static let lengths = [
        1, 14, 15, 26, 27, 42, 43, 60, 62, 63, 84, 100, 106, 122, 150, 152, 180, 200, 213, 214, 300, 500, 1000,
    ]

    static let samples: [String] =
        lengths.map { sampleText(length: $0) } + [
            "https://guichet.example/verify/ABCDE-FGHJK?s=Zm9vYmFy&n=Ren%C3%A9e",
            "https://guichet.example/verify/ABCDE-FGHJK?s=c2lnbmF0dXJl&nom=Hélène Côté",
            "Guichet — ticket n° 42 pour Zoé à Genève",
        ]

    @Test("zbarimg returns the exact text", arguments: samples)
    func roundTrip(text: String) throws {
        guard ZBar.isInstalled else {
            Issue.record(
                "\(ZBar.path) is missing but CI is set: install Debian's zbar-tools to run the QR decode tests")
            return
        }
        let code = try QRCode(text: text)
        let result = try ZBar.decode(code)
        #expect(
            result.status == 0,
            "zbarimg failed for \(text.utf8.count) bytes (version \(code.version), mask \(code.mask))")
        #expect(result.text == text, "version \(code.version), mask \(code.mask)")
    }

    @Test("Codes using each of the 8 mask patterns decode")
    func everyMask() throws {
        guard ZBar.isInstalled else {
            Issue.record(
                "\(ZBar.path) is missing but CI is set: install Debian's zbar-tools to run the QR decode tests")
            return
        }
        // Varying contents lead the penalty rules to pick different masks;
        // decode the first code found for each mask.
        var seen = Set<Int>()
        var seed = 0
        while seen.count < 8 && seed < 500 {
            let text = "guichet-\(seed)-" + sampleText(length: (seed * 37) % 200)
            seed += 1
            let code = try QRCode(text: text)
            guard seen.insert(code.mask).inserted else { continue }
            let result = try ZBar.decode(code, moduleSize: 3)
            #expect(result.text == text, "version \(code.version), mask \(code.mask)")
        }
        #expect(seen == Set(0..<8), "masks selected: \(seen.sorted())")
    }
}
