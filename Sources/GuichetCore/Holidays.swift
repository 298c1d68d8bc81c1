/// French public holidays (jours fériés), computed so that nobody has to type next year's Easter into a config file.
///
/// These are the eleven holidays of metropolitan France outside Alsace-Moselle, which the Hérault prefecture
/// observes; Good Friday and St Stephen's Day (Alsace-Moselle only) and the overseas abolition days are not included.
public enum FrenchHolidays {
    /// The anonymous Gregorian computus (Meeus/Jones/Butcher), exact for every Gregorian year.
    public static func easterSunday(year: Int) -> CivilDate {
        let a = year % 19
        let b = year / 100
        let c = year % 100
        let d = b / 4
        let e = b % 4
        let f = (b + 8) / 25
        let g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4
        let k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return CivilDate(uncheckedYear: year, month: month, day: day)
    }

    /// Dates mapped to their French names. Ascension can fall on 1 May or 8 May (as on 1 May 2008); the two names
    /// are then joined, so a year may have fewer than eleven entries.
    public static func holidays(year: Int) -> [CivilDate: String] {
        let easter = easterSunday(year: year)
        func fixed(_ month: Int, _ day: Int) -> CivilDate {
            CivilDate(uncheckedYear: year, month: month, day: day)
        }
        let entries: [(CivilDate, String)] = [
            (fixed(1, 1), "Jour de l'an"),
            (easter.adding(days: 1), "Lundi de Pâques"),
            (fixed(5, 1), "Fête du Travail"),
            (fixed(5, 8), "Victoire 1945"),
            (easter.adding(days: 39), "Ascension"),
            (easter.adding(days: 50), "Lundi de Pentecôte"),
            (fixed(7, 14), "Fête nationale"),
            (fixed(8, 15), "Assomption"),
            (fixed(11, 1), "Toussaint"),
            (fixed(11, 11), "Armistice 1918"),
            (fixed(12, 25), "Noël"),
        ]
        return Dictionary(entries, uniquingKeysWith: { first, second in "\(first) / \(second)" })
    }

    public static func isHoliday(_ date: CivilDate) -> Bool {
        holidays(year: date.year)[date] != nil
    }
}
