/// The writing system a letter belongs to, as far as the name rules need to know. A passport prints each name in
/// one script (its national one, or Latin), so a name mixing two is either a slip or letters from another alphabet
/// chosen because they look like ours (`docs/decisions/0018`).
///
/// Swift exposes no script property, so the ranges are spelled out (from Unicode's Scripts.txt) for the scripts
/// names are written in and for those whose letters imitate Latin ones; a letter of any other script counts as
/// the script of its 128-code-point block, which keeps unrelated rare scripts apart.
enum NameScript: Hashable {
    case latin, greek, cyrillic, armenian, hebrew, arabic, georgian, ethiopic, cherokee, canadianSyllabics,
        mongolian, myanmar, tibetan
    /// Han, Hangul, kana, Bopomofo and Yi: one character is a syllable or a morpheme, so one character can be a
    /// whole name; Japanese names mix Han and kana, Korean ones Hangul and Han, so they count as one script.
    case ideographic
    /// Modifier letters every script uses (ʰ, ʻ): they side with the letters around them.
    case common
    case other(block: UInt32)

    init(_ scalar: Unicode.Scalar) {
        let value = scalar.value
        self = Self.ranges.first { $0.range.contains(value) }?.script ?? .other(block: value & ~0x7F)
    }

    private static let ranges: [(range: ClosedRange<UInt32>, script: NameScript)] = [
        (0x41...0x5A, .latin), (0x61...0x7A, .latin), (0xAA...0xAA, .latin), (0xBA...0xBA, .latin),
        (0xC0...0x2AF, .latin), (0x2B0...0x2FF, .common),
        (0x370...0x3FF, .greek), (0x400...0x52F, .cyrillic), (0x531...0x58F, .armenian), (0x591...0x5FF, .hebrew),
        (0x600...0x6FF, .arabic), (0x750...0x77F, .arabic), (0x870...0x8FF, .arabic),
        (0xF00...0xFFF, .tibetan), (0x1000...0x109F, .myanmar), (0x10A0...0x10FF, .georgian),
        (0x1100...0x11FF, .ideographic), (0x1200...0x139F, .ethiopic), (0x13A0...0x13FF, .cherokee),
        (0x1400...0x167F, .canadianSyllabics), (0x1800...0x18AF, .mongolian), (0x18B0...0x18FF, .canadianSyllabics),
        (0x1C80...0x1C8F, .cyrillic), (0x1C90...0x1CBF, .georgian), (0x1D00...0x1DBF, .latin),
        (0x1E00...0x1EFF, .latin), (0x1F00...0x1FFF, .greek), (0x2C60...0x2C7F, .latin),
        (0x2D00...0x2D2F, .georgian), (0x2D80...0x2DDF, .ethiopic), (0x2DE0...0x2DFF, .cyrillic),
        (0x2E80...0x2FDF, .ideographic), (0x3005...0x3007, .ideographic), (0x3021...0x3029, .ideographic),
        (0x3040...0x30FF, .ideographic), (0x3130...0x318F, .ideographic), (0x31F0...0x31FF, .ideographic),
        (0x3400...0x4DBF, .ideographic), (0x4E00...0x9FFF, .ideographic), (0xA000...0xA4CF, .ideographic),
        (0xA640...0xA69F, .cyrillic), (0xA700...0xA721, .common), (0xA722...0xA7FF, .latin),
        (0xA960...0xA97F, .ideographic), (0xA9E0...0xA9FF, .myanmar), (0xAA60...0xAA7F, .myanmar),
        (0xAB00...0xAB2F, .ethiopic), (0xAB30...0xAB6F, .latin), (0xAB70...0xABBF, .cherokee),
        (0xAC00...0xD7FF, .ideographic), (0xF900...0xFAFF, .ideographic), (0xFB00...0xFB06, .latin),
        (0xFB13...0xFB17, .armenian), (0xFB1D...0xFB4F, .hebrew), (0xFB50...0xFDFF, .arabic),
        (0xFE70...0xFEFF, .arabic), (0xFF21...0xFF3A, .latin), (0xFF41...0xFF5A, .latin),
        (0xFF66...0xFF9F, .ideographic), (0x1B000...0x1B16F, .ideographic), (0x1E030...0x1E08F, .cyrillic),
        (0x1EE00...0x1EEFF, .arabic), (0x20000...0x323AF, .ideographic),
    ]
}
