/// Letters that print like a Latin letter, and the Latin letter they imitate: "Раѕсо" in Cyrillic reads exactly like
/// "Pasco" on a convocation and at the counter, so one person must not hold one appointment under each.
///
/// Our own table, drawn from Unicode's TR39 confusables (`confusables.txt`, 14.0) for the scripts whose letters
/// imitate Latin ones: Cyrillic, Greek, Latin's own extensions (ɑ, ɡ, small capitals, letters with hooks and strokes),
/// Armenian, Cherokee, Lisu, Coptic and Canadian syllabics. No Swift package provides TR39 and the Foundation of
/// Linux has no ICU spoof checker, so `docs/decisions/0018` says what was taken and what was left out.
///
/// TR39's skeleton tells case apart; a name key does not ("BENALI" is "Benali"), so each entry is keyed on the lower
/// case letter that `NameFolding.fold` leaves, and where a letter's two cases imitate two Latin letters the capital's
/// wins, since names are typed and printed in capitals: Greek Η, Ν, Υ give h, n, y (not the n, v, u of η, ν, υ).
/// Letters looking like a capital I give i, as Latin I folds to i; Latin letters among themselves ("rn" and "m",
/// "l" and "I") are never folded, so that real names stay apart.
public enum LookalikeLetters {
    /// The text with every letter in the table replaced by the Latin letter it imitates. `folded` is the output of
    /// `NameFolding.fold` (lower case, marks and punctuation folded).
    public static func latinSkeleton(_ folded: String) -> String {
        guard !folded.isASCII else { return folded }  // Latin already, every letter of it
        var result = String.UnicodeScalarView()
        for scalar in folded.unicodeScalars {
            if let latin = table[scalar] { result.append(latin) } else { result.append(scalar) }
        }
        return String(result)
    }

    /// Letter, then the Latin letter it imitates, pairs separated by spaces: one line per script.
    private static let pairs = [
        // Cyrillic
        "аa бb вb гr еe кk мm нh оo рp сc тt уy хx ьb ѕs іi јj ћh ѡw ѣb ѳo ѵv ѽw ҍb ғr қk ҟk ңh ҫc ҭt үy ұy ҳx һh",
        "ҽe ҿe ӈh ӊh ӎm ӏi өo ԁd ԍg ԛq ԝw ꙇi ꚕh",
        // Greek (final sigma is folded to σ before)
        "αa βb γy εe ζz ηh θo ιi κk μm νn οo ρp σo τt υy χx ϝf ϳj ϻm",
        // Latin letters beyond those NameFolding already folds (ß, æ, œ, ø, đ, ł, ı, þ)
        "ðd ħh ŧt ƀb ƃb ƌd ƒf ƙk ƚl ƞn ƥp ƭt ƴy ƶz ǀl ǥg ȥz ȼc ɇe ɉj ɍr ɏy ɑa ɓb ɖd ɗd ɠg ɡg ɣy ɦh ɨi ɩi ɪi ɫl",
        "ɭl ɯw ɲn ɳn ɵo ɼr ɽr ʀr ʂs ʈt ʉu ʋu ʏy ʐz ʝj ʠq ᴄc ᴏo ᴑo ᴜu ᴠv ᴡw ᴢz ᴦr ᵮf ᵰn ᵲr ᵴs ᵵt ᵶz ᵻi ᵼi ᵽp",
        "ᵾu ᶃg ᶌy ẝf ỿy ⱦt ⱨh ⱪk ꜱs ꝁk ꝋo ꝡw ꞙf ꞟu ꞵb ꬲe ꬵf ꬽo ꬾo ꭇr ꭈr ꭎu ꭒu ꭓx ꭚy",
        // Armenian
        "աw գq զq հh ոn ռn սu տs ցg քf օo",
        // Cherokee (lower case: the fold lower-cases the capitals)
        "ᏺh ᏻg ᏼb ꭰd ꭱr ꭲt ꭴo ꭵi ꭹy ꭺa ꭻj ꭼe ꮁr ꮃw ꮇm ꮋh ꮍy ꮎo ꮐg ꮒh ꮓz ꮜu ꮟb ꮢr ꮤw ꮥs ꮩv ꮪs ꮮl ꮯc",
        "ꮲp ꮶk ꮷd ꮻo",
        // Lisu (no case; its letters look like Latin capitals)
        "ꓐb ꓑp ꓒd ꓓd ꓔt ꓖg ꓗk ꓙj ꓚc ꓜz ꓝf ꓟm ꓠn ꓡl ꓢs ꓣr ꓦv ꓧh ꓪw ꓫx ꓬy ꓮa ꓰe ꓲi ꓳo ꓴu",
        // Coptic
        "ⲅr ⲏh ⲓi ⲕk ⲙm ⲛn ⲟo ⲣp ⲥc ⲧt ⲩy ⲭx ⳑl",
        // Canadian syllabics
        "ᐯv ᑌu ᑭp ᑯd ᑲb ᑳb ᒍj ᒪl ᕁx ᕼh ᕽx ᖇr ᖯb ᖴf ᗅa ᗞd ᗪd ᗰm ᗷb",
    ]

    static let table: [Unicode.Scalar: Unicode.Scalar] = {
        var table: [Unicode.Scalar: Unicode.Scalar] = [:]
        for line in pairs {
            for pair in line.split(separator: " ") {
                let scalars = Array(pair.unicodeScalars)
                assert(
                    scalars.count == 2 && !scalars[0].isASCII && scalars[1].isASCII,
                    "LookalikeLetters: bad pair \(pair)")
                if scalars.count == 2 { table[scalars[0]] = scalars[1] }
            }
        }
        return table
    }()
}
