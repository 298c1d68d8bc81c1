import Foundation
import GuichetCore
import Testing

@Suite struct ScannedCodeTests {
    @Test(arguments: [
        "http://127.0.0.1:8080/verify/ABCDE-FGH12?s=sig-_09",
        "HTTPS://RDV.HERAULT.EXAMPLE/VERIFY/abcde-fgh12?s=sig-_09\n",
        "abcde-fgh12?s=sig-_09",
        "  /verify/ABCDEFGH12?lang=fr&s=sig-_09 ",
    ])
    func readsTheQRCodesURLAsAScannerTypesIt(typed: String) throws {
        let scanned = try #require(ScannedCode(typed))
        #expect(scanned.code == "ABCDE-FGH12")
        #expect(scanned.signature == "sig-_09")
    }

    @Test(arguments: [
        "ABCDE-FGH12", "abcdefgh12", " abcde fgh12 ", "abcde-fghi2", "https://x.example/verify/ABCDE-FGH12",
    ])
    func readsATypedShortCode(typed: String) throws {
        let scanned = try #require(ScannedCode(typed))
        #expect(scanned.code == "ABCDE-FGH12")
        #expect(scanned.signature == nil)
    }

    @Test(arguments: [
        "", "   ", "ABCDE", "ABCDE-FGH12X", "https://x.example/verify/", "not a code at all",
        String(repeating: "A", count: 500),
    ])
    func refusesWhatIsNoCode(typed: String) {
        #expect(ScannedCode(typed) == nil)
    }
}

@Suite struct OpeningScheduleTests {
    let morning = TimeRange("09:00-12:00")!
    var schedule: OpeningSchedule {
        OpeningSchedule(
            hours: WeeklyHours([.monday: [morning], .tuesday: [morning], .thursday: [morning], .friday: [morning]]),
            closures: [
                Closure(
                    from: CivilDate(year: 2026, month: 12, day: 10)!,
                    through: CivilDate(year: 2026, month: 12, day: 11)!, reason: "formation")
            ])
    }

    func at(_ day: Int, _ hour: Int, _ minute: Int = 0, month: Int = 12) -> Date {
        ParisTime.instant(date: CivilDate(year: 2026, month: month, day: day)!, minuteOfDay: hour * 60 + minute)
    }

    @Test func openOnlyDuringTheMorningSessionOfAnOpenDay() {
        #expect(!schedule.isOpen(at: at(1, 8, 59)))  // Tuesday, before
        #expect(schedule.isOpen(at: at(1, 9)))
        #expect(schedule.isOpen(at: at(1, 11, 59)))
        #expect(!schedule.isOpen(at: at(1, 12)))  // the end is excluded
        #expect(!schedule.isOpen(at: at(2, 10)))  // Wednesday
        #expect(!schedule.isOpen(at: at(25, 10)))  // Christmas, a Friday
        #expect(!schedule.isOpen(at: at(10, 10)))  // a closure
    }

    @Test func saysWhenItOpensNext() {
        #expect(schedule.nextOpening(after: at(1, 8)) == at(1, 9))
        #expect(schedule.nextOpening(after: at(1, 12)) == at(3, 9))  // Wednesday skipped
        #expect(schedule.nextOpening(after: at(9, 12)) == at(14, 9))  // closure Thursday–Friday skipped
        #expect(schedule.nextOpening(after: at(24, 12)) == at(28, 9))  // Christmas Friday skipped
        #expect(OpeningSchedule(hours: WeeklyHours([:]), closures: []).nextOpening(after: at(1, 8), days: 30) == nil)
    }
}

@Suite struct CounterRulesTests {
    let start = ParisTime.instant(date: CivilDate(year: 2026, month: 12, day: 3)!, minuteOfDay: 10 * 60)

    func obstacles(
        _ action: CounterAction, _ status: AppointmentStatus, at counter: String = "mtp-1",
        now: Date
    ) -> [CounterObstacle] {
        CounterRules.obstacles(
            to: action, status: status, appointmentCounter: "mtp-1", start: start,
            atCounter: counter, now: now)
    }

    @Test func checkInOnTheDayAtTheRightCounterOfAConfirmedAppointment() {
        let morning = start.addingTimeInterval(-2 * 3600)
        let evening = start.addingTimeInterval(6 * 3600)
        #expect(obstacles(.checkIn, .confirmed, now: morning).isEmpty)
        #expect(obstacles(.checkIn, .confirmed, now: evening).isEmpty)  // late is not refused
        #expect(obstacles(.checkIn, .confirmed, at: "mtp-2", now: morning) == [.otherCounter("mtp-1")])
        #expect(
            obstacles(.checkIn, .confirmed, now: start.addingTimeInterval(-86_400))
                == [.otherDay(CivilDate(year: 2026, month: 12, day: 3)!)])
        #expect(obstacles(.checkIn, .cancelled, now: morning) == [.status(.cancelled)])
        #expect(obstacles(.checkIn, .checkedIn, now: morning) == [.status(.checkedIn)])
        #expect(obstacles(.reject, .confirmed, now: morning).isEmpty)
    }

    @Test func servedAfterCheckInAndNoShowOnlyOnceTheTimeHasCome() {
        #expect(obstacles(.serve, .checkedIn, now: start).isEmpty)
        #expect(obstacles(.serve, .confirmed, now: start) == [.status(.confirmed)])
        #expect(obstacles(.noShow, .confirmed, now: start.addingTimeInterval(-60)) == [.notYetDue(start)])
        #expect(obstacles(.noShow, .confirmed, now: start).isEmpty)
        #expect(obstacles(.noShow, .checkedIn, now: start) == [.status(.checkedIn)])
        #expect(CounterAction.allCases.map(\.to) == [.checkedIn, .rejected, .served, .noShow])
    }
}
