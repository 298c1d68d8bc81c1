/// Capacity and layout tables from ISO/IEC 18004 for error correction level M.
enum QRTables {
    static let minVersion = 1
    static let maxVersion = 40

    /// Error correction codewords per block at level M, indexed by version (index 0 unused).
    static let eccCodewordsPerBlockM: [Int] = [
        0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26,
        26, 26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
    ]

    /// Number of error correction blocks at level M, indexed by version (index 0 unused).
    static let eccBlocksM: [Int] = [
        0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14,
        16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49,
    ]

    static func size(version: Int) -> Int { 17 + 4 * version }

    /// Modules available for data and error correction codewords (including remainder bits).
    static func rawDataModules(version: Int) -> Int {
        var result = (16 * version + 128) * version + 64
        if version >= 2 {
            let numAlign = version / 7 + 2
            result -= (25 * numAlign - 10) * numAlign - 55
            if version >= 7 { result -= 36 }
        }
        return result
    }

    /// Data codewords available at level M.
    static func dataCodewords(version: Int) -> Int {
        rawDataModules(version: version) / 8 - eccCodewordsPerBlockM[version] * eccBlocksM[version]
    }

    static func byteModeCountBits(version: Int) -> Int { version <= 9 ? 8 : 16 }

    /// Maximum number of bytes in byte mode at level M, optionally after a 12-bit ECI header.
    static func byteCapacity(version: Int, eci: Bool = false) -> Int {
        (dataCodewords(version: version) * 8 - (eci ? 12 : 0) - 4 - byteModeCountBits(version: version)) / 8
    }

    static func smallestVersion(forByteCount count: Int, eci: Bool) -> Int? {
        (minVersion...maxVersion).first { byteCapacity(version: $0, eci: eci) >= count }
    }

    /// Centre coordinates of alignment patterns along each axis.
    static func alignmentPositions(version: Int) -> [Int] {
        guard version > 1 else { return [] }
        let numAlign = version / 7 + 2
        let step = version == 32 ? 26 : (version * 4 + numAlign * 2 + 1) / (numAlign * 2 - 2) * 2
        let size = size(version: version)
        var result = [6]
        for index in (0..<(numAlign - 1)).reversed() {
            result.append(size - 7 - index * step)
        }
        return result
    }

    /// 15-bit format information for level M (EC bits 00) and the given mask, BCH(15,5) masked with 0x5412.
    static func formatBits(mask: Int) -> Int {
        let data = (0b00 << 3) | mask
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        return ((data << 10) | remainder) ^ 0x5412
    }

    /// 18-bit version information, BCH(18,6), for versions 7 and above.
    static func versionBits(version: Int) -> Int {
        var remainder = version
        for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
        return (version << 12) | remainder
    }
}

/// Reed–Solomon error correction over GF(256) with the QR polynomial x^8+x^4+x^3+x^2+1.
enum ReedSolomon {
    static func multiply(_ x: UInt8, _ y: UInt8) -> UInt8 {
        var z = 0
        for shift in stride(from: 7, through: 0, by: -1) {
            z = (z << 1) ^ ((z >> 7) * 0x11D)
            z ^= Int((y >> UInt8(shift)) & 1) * Int(x)
        }
        return UInt8(z)
    }

    /// Coefficients (highest degree first, leading 1 omitted) of
    /// (x - α^0)(x - α^1)…(x - α^(degree-1)).
    static func generator(degree: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: degree)
        result[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for j in 0..<degree {
                result[j] = multiply(result[j], root)
                if j + 1 < degree { result[j] ^= result[j + 1] }
            }
            root = multiply(root, 0x02)
        }
        return result
    }

    static func remainder(_ data: [UInt8], generator: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: generator.count)
        for byte in data {
            let factor = byte ^ result.removeFirst()
            result.append(0)
            for index in result.indices {
                result[index] ^= multiply(generator[index], factor)
            }
        }
        return result
    }
}
