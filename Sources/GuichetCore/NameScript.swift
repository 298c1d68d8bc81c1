/// The few facts about writing systems that the name rules need. Swift exposes no script property, so the ranges
/// are spelled out; only scripts that need a distinct rule are listed.
enum NameScript: Equatable {
    case latin, greek, cyrillic
    /// Han, Hangul, kana and Yi: one character is a syllable or a morpheme, so one character can be a whole name.
    case ideographic
    case other

    init(_ scalar: Unicode.Scalar) {
        switch scalar.value {
        case 0x41...0x5A, 0x61...0x7A, 0xAA, 0xBA, 0xC0...0x24F, 0x250...0x2AF, 0x1D00...0x1D7F, 0x1E00...0x1EFF,
             0x2C60...0x2C7F, 0xA720...0xA7FF, 0xAB30...0xAB6F, 0xFF21...0xFF3A, 0xFF41...0xFF5A:
            self = .latin
        case 0x370...0x3FF, 0x1F00...0x1FFF:
            self = .greek
        case 0x400...0x52F, 0x1C80...0x1C8F, 0x2DE0...0x2DFF, 0xA640...0xA69F:
            self = .cyrillic
        case 0x1100...0x11FF, 0x2E80...0x2FDF, 0x3005...0x3007, 0x3021...0x3029, 0x3040...0x30FF, 0x3130...0x318F,
             0x31F0...0x31FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7FF,
             0xF900...0xFAFF, 0xFF66...0xFF9F, 0x1B000...0x1B16F, 0x20000...0x323AF:
            self = .ideographic
        default:
            self = .other
        }
    }

    /// Scripts whose letters look alike: mixing them in one name is how "Jеan" (Cyrillic е) would dodge the
    /// duplicate check while reading exactly like "Jean" at the counter.
    var isLookalikeFamily: Bool {
        self == .latin || self == .greek || self == .cyrillic
    }
}
