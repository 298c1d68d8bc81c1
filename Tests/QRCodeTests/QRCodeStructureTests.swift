import QRCode
import Testing

/// Builds deterministic printable ASCII text of the requested length.
func sampleText(length: Int) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%")
    return String((0..<length).map { alphabet[($0 * 7 + $0 / alphabet.count) % alphabet.count] })
}

/// Independent BCH(15,5) check of a format information word (after removing the 0x5412 mask).
private func isValidFormatCodeword(_ unmasked: Int) -> Bool {
    var value = unmasked
    for shift in stride(from: 14, through: 10, by: -1) where (value >> shift) & 1 == 1 {
        value ^= 0x537 << (shift - 10)
    }
    return value == 0
}

/// Independent BCH(18,6) check of a version information word.
private func isValidVersionCodeword(_ word: Int) -> Bool {
    var value = word
    for shift in stride(from: 17, through: 12, by: -1) where (value >> shift) & 1 == 1 {
        value ^= 0x1F25 << (shift - 12)
    }
    return value == 0
}

private func formatCopies(_ code: QRCode) -> (first: Int, second: Int) {
    func bit(_ row: Int, _ column: Int) -> Int { code.isDark(row: row, column: column) ? 1 : 0 }
    let n = code.size
    // Coordinates of bits 0...14 (bit 14 is the most significant).
    var firstPositions: [(Int, Int)] = (0...5).map { ($0, 8) }
    firstPositions += [(7, 8), (8, 8), (8, 7)]
    firstPositions += (9..<15).map { (8, 14 - $0) }
    var secondPositions: [(Int, Int)] = (0..<8).map { (8, n - 1 - $0) }
    secondPositions += (8..<15).map { (n - 15 + $0, 8) }
    var first = 0
    var second = 0
    for i in 0..<15 {
        first |= bit(firstPositions[i].0, firstPositions[i].1) << i
        second |= bit(secondPositions[i].0, secondPositions[i].1) << i
    }
    return (first, second)
}

@Suite("QRCode structure")
struct QRCodeStructureTests {
    static let capacitiesM = [14, 26, 42, 62, 84, 106, 122, 152, 180, 213]

    @Test("14 bytes fit version 1 at level M")
    func fourteenBytesIsVersionOne() throws {
        let code = try QRCode(text: sampleText(length: 14))
        #expect(code.version == 1)
        #expect(code.size == 21)
    }

    @Test("Byte-mode capacity boundaries at level M, versions 1 to 10", arguments: Array(1...10))
    func capacityBoundaries(version: Int) throws {
        let capacity = Self.capacitiesM[version - 1]
        let atCapacity = try QRCode(text: sampleText(length: capacity))
        #expect(atCapacity.version == version)
        #expect(atCapacity.size == 17 + 4 * version)
        let overCapacity = try QRCode(text: sampleText(length: capacity + 1))
        #expect(overCapacity.version == version + 1)
    }

    @Test("Empty text encodes as version 1")
    func emptyText() throws {
        #expect(try QRCode(text: "").version == 1)
    }

    @Test("Multi-byte UTF-8 is counted in bytes, after a 12-bit UTF-8 ECI header")
    func utf8ByteCount() throws {
        // With the ECI header version 1-M holds 12 bytes: 6 × "é" fits, 7 × "é" (14 bytes) does not.
        #expect(try QRCode(text: String(repeating: "é", count: 6)).version == 1)
        #expect(try QRCode(text: String(repeating: "é", count: 7)).version == 2)
        // Raw bytes carry no ECI header, so 14 bytes still fit version 1.
        #expect(try QRCode(bytes: Array(String(repeating: "é", count: 7).utf8)).version == 1)
    }

    @Test("Text beyond version 40 capacity throws tooLong")
    func tooLong() throws {
        #expect(try QRCode(text: sampleText(length: 2331)).version == 40)
        #expect(throws: QRCodeError.tooLong) {
            try QRCode(text: sampleText(length: 2332))
        }
    }

    @Test("Finder patterns and separators are present", arguments: [1, 14, 60, 213])
    func finderPatterns(length: Int) throws {
        let code = try QRCode(text: sampleText(length: length))
        let n = code.size
        for (top, left) in [(0, 0), (0, n - 7), (n - 7, 0)] {
            for dy in 0..<7 {
                for dx in 0..<7 {
                    let ring = max(abs(dy - 3), abs(dx - 3))
                    #expect(
                        code.isDark(row: top + dy, column: left + dx) == (ring != 2),
                        "finder at (\(top), \(left)) module (\(dy), \(dx))")
                }
            }
        }
        // Separators: light modules just inside the symbol next to each finder.
        for i in 0..<8 {
            #expect(!code.isDark(row: 7, column: i))
            #expect(!code.isDark(row: i, column: 7))
            #expect(!code.isDark(row: 7, column: n - 1 - i))
            #expect(!code.isDark(row: i, column: n - 8))
            #expect(!code.isDark(row: n - 8, column: i))
            #expect(!code.isDark(row: n - 1 - i, column: 7))
        }
        // Timing patterns and the dark module.
        for i in 8..<(n - 8) {
            #expect(code.isDark(row: 6, column: i) == (i % 2 == 0))
            #expect(code.isDark(row: i, column: 6) == (i % 2 == 0))
        }
        #expect(code.isDark(row: n - 8, column: 8))
        // Outside the symbol is light.
        #expect(!code.isDark(row: -1, column: 0))
        #expect(!code.isDark(row: 0, column: n))
    }

    @Test(
        "Format information is a valid BCH codeword for level M, in both copies",
        arguments: [1, 14, 27, 60, 100, 150, 213, 500])
    func formatBits(length: Int) throws {
        let code = try QRCode(text: sampleText(length: length))
        let copies = formatCopies(code)
        #expect(copies.first == copies.second)
        let unmasked = copies.first ^ 0x5412
        #expect(isValidFormatCodeword(unmasked))
        #expect(unmasked >> 13 == 0b00, "error correction level bits must be 00 (M)")
        #expect((unmasked >> 10) & 0b111 == code.mask)
    }

    @Test("Version information is present from version 7", arguments: [7, 8, 9, 10, 15, 40])
    func versionBits(version: Int) throws {
        let length = version <= 10 ? Self.capacitiesM[version - 1] : [15: 412, 40: 2331][version]!
        let code = try QRCode(text: sampleText(length: length))
        #expect(code.version == version)
        let n = code.size
        var topRight = 0
        var bottomLeft = 0
        for i in 0..<18 {
            let a = n - 11 + i % 3
            let b = i / 3
            if code.isDark(row: b, column: a) { topRight |= 1 << i }
            if code.isDark(row: a, column: b) { bottomLeft |= 1 << i }
        }
        #expect(topRight == bottomLeft)
        #expect(isValidVersionCodeword(topRight))
        #expect(topRight >> 12 == version)
    }

    @Test("Mask selection is deterministic")
    func deterministic() throws {
        let a = try QRCode(text: "https://guichet.example/verify/ABCDE-FGHJK")
        let b = try QRCode(text: "https://guichet.example/verify/ABCDE-FGHJK")
        #expect(a.mask == b.mask)
        #expect(a.svg() == b.svg())
        #expect((0..<8).contains(a.mask))
    }

    @Test("SVG is a single path with quiet zone, crisp edges and an escaped title")
    func svgShape() throws {
        let code = try QRCode(text: "hello")
        let svg = code.svg(moduleSize: 5, title: "Verify <ticket> & \"more\"")
        let extent = code.size + 8
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.hasSuffix("</svg>"))
        #expect(svg.contains("viewBox=\"0 0 \(extent) \(extent)\""))
        #expect(svg.contains("width=\"\(extent * 5)\" height=\"\(extent * 5)\""))
        #expect(svg.contains("shape-rendering=\"crispEdges\""))
        #expect(svg.contains("<title id=\"qr-title\">Verify &lt;ticket&gt; &amp; &quot;more&quot;</title>"))
        #expect(svg.contains("aria-labelledby=\"qr-title\""))
        #expect(svg.ranges(of: "<path").count == 1)
        #expect(!svg.contains("<rect x="))
        // The top-left finder starts at module (4, 4) because of the quiet zone.
        #expect(svg.contains("d=\"M4 4h7v1h-7z"))
        // The path's horizontal runs cover exactly the dark modules.
        var darkModules = 0
        for row in 0..<code.size {
            for column in 0..<code.size where code.isDark(row: row, column: column) { darkModules += 1 }
        }
        let runLengths = svg.split(separator: "h").dropFirst().compactMap { part -> Int? in
            part.hasPrefix("-") ? nil : Int(part.prefix { $0.isNumber })
        }
        #expect(runLengths.reduce(0, +) == darkModules)
        let untitled = code.svg()
        #expect(!untitled.contains("<title"))
        #expect(!untitled.contains("aria-labelledby"))
    }

    @Test("PGM has the P5 header and quiet zone")
    func pgmShape() throws {
        let code = try QRCode(text: "hello")
        let bytes = code.pgm(moduleSize: 2)
        let pixels = (code.size + 8) * 2
        let header = Array("P5\n\(pixels) \(pixels)\n255\n".utf8)
        #expect(Array(bytes.prefix(header.count)) == header)
        #expect(bytes.count == header.count + pixels * pixels)
        let body = Array(bytes.dropFirst(header.count))
        #expect(body[0] == 255)  // quiet zone
        #expect(body[8 * pixels + 8] == 0)  // first finder module at (4, 4) modules
    }
}
