import Foundation

/// The simulation's source of chance: `SeededGenerator` plus the few distributions the model needs.
///
/// Bits are turned into numbers here rather than by the standard library's `random(in:using:)`, whose algorithm may
/// change between Swift releases: a published figure must come out the same for the same seed next year.
struct SimulationRandom {
    var generator: SeededGenerator

    init(seed: UInt64, stream: UInt64) {
        // Separate streams (population, each policy) so that adding a draw in one never shifts another: every policy
        // then faces the very same applicants, which makes the comparison sharper than independent runs would.
        var mixer = SeededGenerator(seed: seed ^ (stream &* 0xD6E8_FEB8_6659_FD93))
        generator = SeededGenerator(seed: mixer.next())
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double {
        Double(generator.next() >> 11) * 0x1p-53
    }

    mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * unit()
    }

    /// Uniform in 0..<bound (multiply-high: its bias is below 2^-50 for any bound used here).
    mutating func index(_ bound: Int) -> Int {
        precondition(bound > 0)
        return Int(UInt64(bound).multipliedFullWidth(by: generator.next()).high)
    }

    mutating func chance(_ probability: Double) -> Bool {
        unit() < probability
    }

    mutating func exponential(mean: Double) -> Double {
        -mean * log(1 - unit())
    }

    /// Standard normal by Box–Muller (one of the pair is discarded: simplicity over speed, it is called rarely).
    mutating func normal() -> Double {
        let u = 1 - unit()
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * unit())
    }

    /// Poisson by counting exponential gaps: means here are a few dozen, so the loop stays short.
    mutating func poisson(mean: Double) -> Int {
        guard mean > 0 else { return 0 }
        var count = 0
        var elapsed = exponential(mean: 1)
        while elapsed < mean {
            count += 1
            elapsed += exponential(mean: 1)
        }
        return count
    }

    mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(i, index(i + 1))
        }
    }
}
