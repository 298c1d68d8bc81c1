/// Mutable module grid used while building a symbol.
struct QRMatrix {
    let version: Int
    let size: Int
    /// Row-major, `true` means dark.
    var modules: [Bool]
    /// Row-major, `true` for function modules (never masked, never data).
    var isFunction: [Bool]

    init(version: Int) {
        self.version = version
        self.size = QRTables.size(version: version)
        self.modules = [Bool](repeating: false, count: size * size)
        self.isFunction = [Bool](repeating: false, count: size * size)
    }

    subscript(row: Int, column: Int) -> Bool {
        get { modules[row * size + column] }
        set { modules[row * size + column] = newValue }
    }

    private mutating func setFunction(row: Int, column: Int, dark: Bool) {
        modules[row * size + column] = dark
        isFunction[row * size + column] = true
    }

    // MARK: Function patterns

    mutating func drawFunctionPatterns() {
        // Timing patterns.
        for i in 0..<size {
            setFunction(row: 6, column: i, dark: i % 2 == 0)
            setFunction(row: i, column: 6, dark: i % 2 == 0)
        }
        // Finder patterns with separators.
        drawFinder(centerRow: 3, centerColumn: 3)
        drawFinder(centerRow: 3, centerColumn: size - 4)
        drawFinder(centerRow: size - 4, centerColumn: 3)
        // Alignment patterns.
        let positions = QRTables.alignmentPositions(version: version)
        let last = positions.count - 1
        for (i, row) in positions.enumerated() {
            for (j, column) in positions.enumerated() {
                if (i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0) { continue }
                for dy in -2...2 {
                    for dx in -2...2 {
                        setFunction(row: row + dy, column: column + dx, dark: max(abs(dx), abs(dy)) != 1)
                    }
                }
            }
        }
        // Reserve format areas (real bits drawn after masking) and the dark module.
        drawFormatBits(mask: 0)
        drawVersionBits()
    }

    private mutating func drawFinder(centerRow: Int, centerColumn: Int) {
        for dy in -4...4 {
            for dx in -4...4 {
                let row = centerRow + dy
                let column = centerColumn + dx
                guard row >= 0, row < size, column >= 0, column < size else { continue }
                let distance = max(abs(dx), abs(dy))
                setFunction(row: row, column: column, dark: distance != 2 && distance != 4)
            }
        }
    }

    /// Draws both copies of the 15-bit format information plus the dark module.
    mutating func drawFormatBits(mask: Int) {
        let bits = QRTables.formatBits(mask: mask)
        func bit(_ index: Int) -> Bool { (bits >> index) & 1 == 1 }
        // First copy, around the top-left finder.
        for i in 0...5 { setFunction(row: i, column: 8, dark: bit(i)) }
        setFunction(row: 7, column: 8, dark: bit(6))
        setFunction(row: 8, column: 8, dark: bit(7))
        setFunction(row: 8, column: 7, dark: bit(8))
        for i in 9..<15 { setFunction(row: 8, column: 14 - i, dark: bit(i)) }
        // Second copy, split between the top-right and bottom-left finders.
        for i in 0..<8 { setFunction(row: 8, column: size - 1 - i, dark: bit(i)) }
        for i in 8..<15 { setFunction(row: size - 15 + i, column: 8, dark: bit(i)) }
        setFunction(row: size - 8, column: 8, dark: true)
    }

    /// Draws both copies of the 18-bit version information (versions 7+).
    private mutating func drawVersionBits() {
        guard version >= 7 else { return }
        let bits = QRTables.versionBits(version: version)
        for i in 0..<18 {
            let dark = (bits >> i) & 1 == 1
            let a = size - 11 + i % 3
            let b = i / 3
            setFunction(row: b, column: a, dark: dark)  // top-right block
            setFunction(row: a, column: b, dark: dark)  // bottom-left block
        }
    }

    // MARK: Data placement

    /// Places codeword bits in the two-column zigzag, skipping function modules.
    /// Remainder bits are left light.
    mutating func drawCodewords(_ codewords: [UInt8]) {
        let totalBits = codewords.count * 8
        var bitIndex = 0
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            let upward = (right + 1) & 2 == 0
            for vertical in 0..<size {
                let row = upward ? size - 1 - vertical : vertical
                for j in 0..<2 {
                    let column = right - j
                    guard !isFunction[row * size + column], bitIndex < totalBits else { continue }
                    let byte = codewords[bitIndex >> 3]
                    self[row, column] = (byte >> UInt8(7 - (bitIndex & 7))) & 1 == 1
                    bitIndex += 1
                }
            }
            right -= 2
        }
    }

    // MARK: Masking

    static func maskBit(_ mask: Int, row y: Int, column x: Int) -> Bool {
        switch mask {
        case 0: return (x + y) % 2 == 0
        case 1: return y % 2 == 0
        case 2: return x % 3 == 0
        case 3: return (x + y) % 3 == 0
        case 4: return (x / 3 + y / 2) % 2 == 0
        case 5: return x * y % 2 + x * y % 3 == 0
        case 6: return (x * y % 2 + x * y % 3) % 2 == 0
        default: return ((x + y) % 2 + x * y % 3) % 2 == 0
        }
    }

    mutating func applyMask(_ mask: Int) {
        for row in 0..<size {
            for column in 0..<size where !isFunction[row * size + column] {
                if QRMatrix.maskBit(mask, row: row, column: column) {
                    modules[row * size + column].toggle()
                }
            }
        }
    }

    // MARK: Penalty (ISO/IEC 18004 section 7.8.3)

    func penaltyScore() -> Int {
        var penalty = 0
        // Rules 1 and 3 on rows and columns.
        for horizontal in [true, false] {
            for line in 0..<size {
                func at(_ i: Int) -> Bool { horizontal ? self[line, i] : self[i, line] }
                var runColor = at(0)
                var runLength = 1
                for i in 1..<size {
                    let color = at(i)
                    if color == runColor {
                        runLength += 1
                    } else {
                        if runLength >= 5 { penalty += 3 + (runLength - 5) }
                        runColor = color
                        runLength = 1
                    }
                }
                if runLength >= 5 { penalty += 3 + (runLength - 5) }
                penalty +=
                    40
                    * finderLikeCount { i in
                        i < 0 || i >= size ? false : at(i)
                    }
            }
        }
        // Rule 2: 2x2 blocks of one color.
        for row in 0..<(size - 1) {
            for column in 0..<(size - 1) {
                let color = self[row, column]
                if color == self[row, column + 1], color == self[row + 1, column], color == self[row + 1, column + 1] {
                    penalty += 3
                }
            }
        }
        // Rule 4: dark proportion.
        let dark = modules.reduce(0) { $0 + ($1 ? 1 : 0) }
        let total = size * size
        let k = (abs(dark * 20 - total * 10) + total - 1) / total - 1
        penalty += max(0, k) * 10
        return penalty
    }

    /// Counts occurrences of 1:1:3:1:1 (dark:light:dark:light:dark) preceded or
    /// followed by four light modules; positions outside the symbol count as light.
    private func finderLikeCount(_ at: (Int) -> Bool) -> Int {
        let core: [Bool] = [true, false, true, true, true, false, true]
        var count = 0
        for start in 0...(size - 7) {
            var matches = true
            for k in 0..<7 where at(start + k) != core[k] {
                matches = false
                break
            }
            guard matches else { continue }
            let lightBefore = (1...4).allSatisfy { !at(start - $0) }
            let lightAfter = (0..<4).allSatisfy { !at(start + 7 + $0) }
            if lightBefore { count += 1 }
            if lightAfter { count += 1 }
        }
        return count
    }
}
