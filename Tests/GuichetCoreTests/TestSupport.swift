/// A generator that replays given values, to drive the edge cases of code that consumes randomness.
struct ScriptedGenerator: RandomNumberGenerator {
    var values: [UInt64]

    init(_ values: [UInt64]) {
        self.values = values
    }

    mutating func next() -> UInt64 {
        precondition(!values.isEmpty, "ScriptedGenerator ran out of values")
        return values.removeFirst()
    }
}
