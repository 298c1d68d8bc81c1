import Foundation
import GuichetCore
import Testing

@Suite struct ParisTimeTests {
    private func date(_ iso: String) throws -> CivilDate { try #require(CivilDate(iso: iso)) }
    private func at(_ seconds: Int) -> Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }

    // 2026: summer time from 29 March 01:00 UTC (1774746000) to 25 October 01:00 UTC (1792890000).
    @Test func offsetSwitchesAtOneOClockUTCOnTheLastSundays() {
        #expect(ParisTime.offsetSeconds(at: at(1_774_746_000 - 1)) == 3600)
        #expect(ParisTime.offsetSeconds(at: at(1_774_746_000)) == 7200)
        #expect(ParisTime.offsetSeconds(at: at(1_792_890_000 - 1)) == 7200)
        #expect(ParisTime.offsetSeconds(at: at(1_792_890_000)) == 3600)
    }

    @Test(arguments: [
        ("2026-12-01", 9 * 60, 1_796_112_000),
        ("2026-07-14", 12 * 60, 1_784_023_200),
        ("2026-03-29", 1 * 60 + 59, 1_774_745_940),
        ("2026-03-29", 3 * 60, 1_774_746_000),
    ])
    func wallTimeToInstant(day: String, minute: Int, expected: Int) throws {
        let instant = ParisTime.instant(date: try date(day), minuteOfDay: minute)
        #expect(instant == at(expected))
        #expect(ParisTime.civilDate(of: instant) == (try date(day)))
        #expect(ParisTime.minuteOfDay(of: instant) == minute)
    }

    @Test func missingSpringHourUsesTheWinterOffset() throws {
        // 02:30 does not exist on 29 March 2026; read with +01:00 it is 01:30 UTC, shown as 03:30.
        let instant = ParisTime.instant(date: try date("2026-03-29"), minuteOfDay: 150)
        #expect(instant == at(1_774_746_000 + 1800))
        #expect(ParisTime.iso8601(instant) == "2026-03-29T03:30:00+02:00")
    }

    @Test func repeatedAutumnHourUsesTheFirstOccurrence() throws {
        let instant = ParisTime.instant(date: try date("2026-10-25"), minuteOfDay: 150)
        #expect(instant == at(1_792_888_200))
        #expect(ParisTime.iso8601(instant) == "2026-10-25T02:30:00+02:00")
        #expect(ParisTime.iso8601(instant + 3600) == "2026-10-25T02:30:00+01:00")
    }

    @Test func midnightBelongsToTheNewDay() throws {
        let instant = ParisTime.instant(date: try date("2026-01-01"), minuteOfDay: 0)
        #expect(ParisTime.civilDate(of: instant) == (try date("2026-01-01")))
        #expect(ParisTime.civilDate(of: instant - 1) == (try date("2025-12-31")))
        #expect(ParisTime.minuteOfDay(of: instant - 1) == 1439)
    }

    @Test func formatsWithOffsetAndWholeSeconds() {
        #expect(ParisTime.iso8601(at(1_796_112_000)) == "2026-12-01T09:00:00+01:00")
        #expect(ParisTime.iso8601(at(1_784_023_200)) == "2026-07-14T12:00:00+02:00")
        #expect(ParisTime.iso8601(Date(timeIntervalSince1970: 1_796_112_000.75)) == "2026-12-01T09:00:00+01:00")
    }

    @Test(arguments: [
        ("2026-12-01T09:00:00+01:00", 1_796_112_000),
        ("2026-12-01T08:00:00Z", 1_796_112_000),
        ("2026-12-01T03:30:00-04:30", 1_796_112_000),
        ("2026-07-14T12:00:00+02:00", 1_784_023_200),
    ])
    func parsesOffsetsAndZulu(text: String, expected: Int) {
        #expect(ParisTime.parseISO8601(text) == at(expected))
    }

    @Test(arguments: [
        "2026-12-01T09:00:00", "2026-12-01 09:00:00+01:00", "2026-12-01T09:00+01:00", "2026-12-01T24:00:00Z",
        "2026-12-01T09:60:00Z", "2026-12-01T09:00:00.000Z", "2026-12-01T09:00:00+0100", "2026-02-30T09:00:00Z",
        "2026-12-01T09:00:00z", "2026-12-01T09:00:00*01:00", "",
    ])
    func refusesOtherFormats(text: String) {
        #expect(ParisTime.parseISO8601(text) == nil)
    }

    @Test func formatAndParseRoundTripThroughTheYear() throws {
        var instant = at(1_767_225_600)  // 2026-01-01T00:00:00Z
        for _ in 0..<(365 * 24) {
            #expect(ParisTime.parseISO8601(ParisTime.iso8601(instant)) == instant)
            instant += 3600
        }
    }

    @Test func agreesWithTheTimeZoneDatabaseWhenOneIsInstalled() throws {
        guard let zone = TimeZone(identifier: "Europe/Paris"),
            zone.secondsFromGMT(for: at(1_784_023_200)) == 7200
        else { return }  // no tzdata in this environment: the rule itself is covered above
        var instant = at(946_684_800)  // 2000-01-01
        let end = at(2_208_988_800)  // 2040-01-01
        while instant < end {
            #expect(ParisTime.offsetSeconds(at: instant) == zone.secondsFromGMT(for: instant), "\(instant)")
            instant += 3 * 3600
        }
    }
}
