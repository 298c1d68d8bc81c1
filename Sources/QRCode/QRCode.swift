/// Errors thrown when building a QR code.
public enum QRCodeError: Error, Equatable, Sendable {
    /// The text does not fit in the largest supported version at error correction level M.
    case tooLong
}

/// A QR code (ISO/IEC 18004, Model 2) holding UTF-8 text in byte mode at
/// error correction level M. Versions 1 to 40 are supported; the smallest
/// version that fits the text is chosen and the mask with the lowest
/// penalty score (the four rules of the specification) is applied.
public struct QRCode: Sendable {
    /// The symbol version, 1...40.
    public let version: Int
    /// Number of modules per side, excluding the quiet zone (`17 + 4 * version`).
    public let size: Int
    /// The mask pattern that was applied, 0...7.
    public let mask: Int
    /// Row-major module matrix, `true` means dark.
    private let modules: [Bool]

    /// Width of the quiet zone in modules, added by the renderers on every side.
    public static let quietZone = 4

    /// Encodes `text` as UTF-8 in byte mode at error correction level M.
    ///
    /// Pure ASCII text is stored as plain byte mode. Text containing non-ASCII
    /// characters is preceded by an ECI designator for UTF-8 (ECI 000026), so
    /// decoders do not have to guess the character set (without it, zbar for
    /// example may read "Hélène" as Big5). The ECI header costs 12 bits.
    public init(text: String) throws(QRCodeError) {
        let bytes = Array(text.utf8)
        try self.init(bytes: bytes, utf8ECI: bytes.contains { $0 >= 0x80 })
    }

    /// Encodes raw bytes in byte mode at error correction level M, without an ECI header.
    public init(bytes: [UInt8]) throws(QRCodeError) {
        try self.init(bytes: bytes, utf8ECI: false)
    }

    private init(bytes: [UInt8], utf8ECI: Bool) throws(QRCodeError) {
        guard let version = QRTables.smallestVersion(forByteCount: bytes.count, eci: utf8ECI) else {
            throw QRCodeError.tooLong
        }
        self.version = version
        self.size = QRTables.size(version: version)
        let data = QRCode.encodeData(bytes, version: version, utf8ECI: utf8ECI)
        let codewords = QRCode.addErrorCorrectionAndInterleave(data, version: version)
        var matrix = QRMatrix(version: version)
        matrix.drawFunctionPatterns()
        matrix.drawCodewords(codewords)
        var bestMask = 0
        var bestPenalty = Int.max
        for candidate in 0..<8 {
            var trial = matrix
            trial.applyMask(candidate)
            trial.drawFormatBits(mask: candidate)
            let penalty = trial.penaltyScore()
            if penalty < bestPenalty {
                bestPenalty = penalty
                bestMask = candidate
            }
        }
        matrix.applyMask(bestMask)
        matrix.drawFormatBits(mask: bestMask)
        self.mask = bestMask
        self.modules = matrix.modules
    }

    /// Whether the module at (`row`, `column`) is dark. Coordinates outside the
    /// symbol (for example the quiet zone) are light.
    public func isDark(row: Int, column: Int) -> Bool {
        guard row >= 0, row < size, column >= 0, column < size else { return false }
        return modules[row * size + column]
    }

    // MARK: - Data encoding

    /// Builds the data codeword sequence: mode indicator, character count,
    /// payload, terminator, bit padding and pad codewords.
    static func encodeData(_ bytes: [UInt8], version: Int, utf8ECI: Bool) -> [UInt8] {
        let capacityBits = QRTables.dataCodewords(version: version) * 8
        var bits = BitBuffer()
        if utf8ECI {
            bits.append(0b0111, count: 4)  // ECI mode
            bits.append(26, count: 8)  // ECI 000026: UTF-8 (single-byte designator)
        }
        bits.append(0b0100, count: 4)  // byte mode
        bits.append(bytes.count, count: QRTables.byteModeCountBits(version: version))
        for byte in bytes { bits.append(Int(byte), count: 8) }
        bits.append(0, count: min(4, capacityBits - bits.count))  // terminator
        bits.append(0, count: (8 - bits.count % 8) % 8)
        var pad = true
        while bits.count < capacityBits {
            bits.append(pad ? 0xEC : 0x11, count: 8)
            pad.toggle()
        }
        return bits.bytes()
    }

    /// Splits data codewords into blocks, appends Reed–Solomon error correction
    /// codewords to each block and interleaves the result.
    static func addErrorCorrectionAndInterleave(_ data: [UInt8], version: Int) -> [UInt8] {
        let numBlocks = QRTables.eccBlocksM[version]
        let eccLength = QRTables.eccCodewordsPerBlockM[version]
        let rawCodewords = QRTables.rawDataModules(version: version) / 8
        let numShortBlocks = numBlocks - rawCodewords % numBlocks
        let shortBlockLength = rawCodewords / numBlocks
        let shortDataLength = shortBlockLength - eccLength
        let generator = ReedSolomon.generator(degree: eccLength)

        var dataBlocks: [[UInt8]] = []
        var eccBlocks: [[UInt8]] = []
        var offset = 0
        for index in 0..<numBlocks {
            let length = shortDataLength + (index < numShortBlocks ? 0 : 1)
            let block = Array(data[offset..<(offset + length)])
            offset += length
            dataBlocks.append(block)
            eccBlocks.append(ReedSolomon.remainder(block, generator: generator))
        }

        var result: [UInt8] = []
        result.reserveCapacity(rawCodewords)
        for i in 0..<(shortDataLength + 1) {
            for block in dataBlocks where i < block.count {
                result.append(block[i])
            }
        }
        for i in 0..<eccLength {
            for block in eccBlocks {
                result.append(block[i])
            }
        }
        return result
    }
}

/// Append-only big-endian bit buffer.
struct BitBuffer {
    private(set) var storage: [Bool] = []
    var count: Int { storage.count }

    mutating func append(_ value: Int, count: Int) {
        guard count > 0 else { return }
        for shift in stride(from: count - 1, through: 0, by: -1) {
            storage.append((value >> shift) & 1 == 1)
        }
    }

    func bytes() -> [UInt8] {
        var result = [UInt8](repeating: 0, count: (storage.count + 7) / 8)
        for (index, bit) in storage.enumerated() where bit {
            result[index / 8] |= UInt8(0x80 >> (index % 8))
        }
        return result
    }
}
