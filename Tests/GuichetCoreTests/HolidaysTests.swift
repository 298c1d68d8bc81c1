import GuichetCore
import Testing

@Suite struct HolidaysTests {
    @Test(arguments: [
        (2024, "2024-03-31"), (2025, "2025-04-20"), (2026, "2026-04-05"), (2027, "2027-03-28"), (2038, "2038-04-25"),
        (2008, "2008-03-23"), (2011, "2011-04-24"), (2019, "2019-04-21"), (1943, "1943-04-25"), (1913, "1913-03-23"),
    ])
    func easterSundayMatchesKnownDates(year: Int, expected: String) {
        let easter = FrenchHolidays.easterSunday(year: year)
        #expect(easter.iso == expected)
        #expect(easter.weekday == .sunday)
    }

    @Test func easterAlwaysFallsBetween22MarchAnd25April() {
        for year in 1900...2200 {
            let easter = FrenchHolidays.easterSunday(year: year)
            #expect(easter.weekday == .sunday)
            #expect((easter.month == 3 && easter.day >= 22) || (easter.month == 4 && easter.day <= 25), "\(year)")
        }
    }

    @Test func the2026HolidaysHaveTheirFrenchNames() throws {
        let holidays = FrenchHolidays.holidays(year: 2026)
        #expect(holidays.count == 11)
        let byISO = Dictionary(uniqueKeysWithValues: holidays.map { ($0.key.iso, $0.value) })
        #expect(
            byISO == [
                "2026-01-01": "Jour de l'an",
                "2026-04-06": "Lundi de Pâques",
                "2026-05-01": "Fête du Travail",
                "2026-05-08": "Victoire 1945",
                "2026-05-14": "Ascension",
                "2026-05-25": "Lundi de Pentecôte",
                "2026-07-14": "Fête nationale",
                "2026-08-15": "Assomption",
                "2026-11-01": "Toussaint",
                "2026-11-11": "Armistice 1918",
                "2026-12-25": "Noël",
            ])
    }

    @Test(arguments: [
        (2024, "2024-05-09", "2024-05-20"), (2025, "2025-05-29", "2025-06-09"), (2027, "2027-05-06", "2027-05-17"),
        (2038, "2038-06-03", "2038-06-14"),
    ])
    func ascensionIsAThursdayAndWhitMondayAMonday(year: Int, ascension: String, whitMonday: String) throws {
        let holidays = FrenchHolidays.holidays(year: year)
        let ascensionDate = try #require(CivilDate(iso: ascension))
        let whitMondayDate = try #require(CivilDate(iso: whitMonday))
        #expect(holidays[ascensionDate] == "Ascension")
        #expect(ascensionDate.weekday == .thursday)
        #expect(holidays[whitMondayDate] == "Lundi de Pentecôte")
        #expect(whitMondayDate.weekday == .monday)
    }

    @Test func ascensionOnLabourDayKeepsBothNames() throws {
        let holidays = FrenchHolidays.holidays(year: 2008)
        #expect(holidays.count == 10)
        #expect(holidays[try #require(CivilDate(iso: "2008-05-01"))] == "Fête du Travail / Ascension")
    }

    @Test func isHolidayRecognisesHolidaysOnly() throws {
        #expect(FrenchHolidays.isHoliday(try #require(CivilDate(iso: "2026-04-06"))))
        #expect(FrenchHolidays.isHoliday(try #require(CivilDate(iso: "2027-07-14"))))
        #expect(!FrenchHolidays.isHoliday(try #require(CivilDate(iso: "2026-04-05"))))  // Easter Sunday itself
        #expect(!FrenchHolidays.isHoliday(try #require(CivilDate(iso: "2026-04-03"))))  // Good Friday: Alsace only
        #expect(!FrenchHolidays.isHoliday(try #require(CivilDate(iso: "2026-12-26"))))
    }
}
