import Foundation
import GuichetCore
import Testing

@Suite struct BookingTests {
    /// One reading of a typed code for pages and API: spaces anywhere go, anything else is refused.
    @Test(
        arguments: [
            ("123456", "123456"), ("123 456", "123456"), (" 12 34 56 ", "123456"), ("\t123456\n", "123456"),
            ("12345", nil), ("1234567", nil), ("12a456", nil), ("١٢٣٤٥٦", nil), ("123-456", nil), ("", nil),
        ] as [(String, String?)])
    func aTypedCodeIsItsDigitsOnceSpacesAreRemoved(_ typed: String, _ code: String?) {
        #expect(BookingRules.typedCode(typed) == code)
    }

    @Test func modesUseTheirAPISpelling() throws {
        #expect(Mode.allCases.map(\.rawValue) == ["release", "draw", "walk-in"])
        #expect(try JSONDecoder().decode([Mode].self, from: Data(#"["walk-in"]"#.utf8)) == [.walkIn])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Mode].self, from: Data(#"["walkIn"]"#.utf8)) }
    }

    @Test func statusesUseTheirAPISpelling() {
        #expect(
            AppointmentStatus.allCases.map(\.rawValue)
                == ["pending", "confirmed", "cancelled", "expired", "checked-in", "served", "no-show", "rejected"])
    }

    @Test(arguments: AppointmentStatus.allCases)
    func onlyPendingAndConfirmedAppointmentsAreActive(status: AppointmentStatus) {
        #expect(status.isActive == (status == .pending || status == .confirmed))
    }

    @Test func holdAndAttemptLimits() {
        #expect(BookingRules.holdDuration == 900)
        #expect(BookingRules.maxCodeAttempts == 5)
    }

    @Test func countersServeOnlyTheirProcedures() {
        let counter: Set<String> = ["renewal", "first-application"]
        #expect(BookingRules.counterServes(counter, procedure: "renewal"))
        #expect(!BookingRules.counterServes(counter, procedure: "student"))
        #expect(!BookingRules.counterServes(counter, procedure: "Renewal"))
        #expect(!BookingRules.counterServes([], procedure: "renewal"))
    }
}

@Suite struct CodeCheckTests {
    @Test func fiveWrongCodesExhaustTheHold() {
        let hash = Tokens.sha256Hex("123456")
        #expect(BookingRules.checkCode("123456", hash: hash, attemptsSoFar: 4) == .accepted)
        #expect(BookingRules.checkCode("000000", hash: hash, attemptsSoFar: 0) == .rejected(attempts: 1, remaining: 4))
        #expect(BookingRules.checkCode("000000", hash: hash, attemptsSoFar: 3) == .rejected(attempts: 4, remaining: 1))
        #expect(BookingRules.checkCode("000000", hash: hash, attemptsSoFar: 4) == .exhausted)
    }

    /// One rule says whether a seat can be taken first come, for the form that shows the slot and the hold that takes
    /// it; each reason, first the one a person most needs to hear.
    @Test func aSlotIsBookableOnlyWhenEveryConditionHolds() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        func seats(
            counter: String = "c1", startsIn: TimeInterval = 3600, closed: Bool = false, released: Int = 2,
            taken: Int = 1, lottery: Bool = false
        ) -> SlotSeats {
            SlotSeats(
                counterID: counter, startsAt: now.addingTimeInterval(startsIn), closed: closed, released: released,
                taken: taken, inLottery: lottery)
        }
        let served = ["c1", "c2"]
        #expect(BookingRules.unavailability(of: seats(), servedBy: served, now: now) == nil)
        #expect(BookingRules.unavailability(of: seats(counter: "c9"), servedBy: served, now: now) == .wrongCounter)
        #expect(BookingRules.unavailability(of: seats(startsIn: 0), servedBy: served, now: now) == .inPast)
        #expect(BookingRules.unavailability(of: seats(closed: true), servedBy: served, now: now) == .notReleased)
        #expect(
            BookingRules.unavailability(of: seats(released: 0, taken: 0), servedBy: served, now: now) == .notReleased)
        #expect(BookingRules.unavailability(of: seats(lottery: true), servedBy: served, now: now) == .inLottery)
        #expect(BookingRules.unavailability(of: seats(taken: 2), servedBy: served, now: now) == .full)
        // A started slot at another counter: the counter is the first thing wrong.
        #expect(
            BookingRules.unavailability(of: seats(counter: "c9", startsIn: -60), servedBy: served, now: now)
                == .wrongCounter)
        #expect(BookingRules.unavailability(of: seats(), servedBy: [String](), now: now) == .wrongCounter)
    }

    @Test func theActiveStatusesAreThoseThatHoldASeat() {
        #expect(AppointmentStatus.active == [.pending, .confirmed])
        #expect(AppointmentStatus.allCases.filter { !$0.isActive }.count == AppointmentStatus.allCases.count - 2)
    }

    /// What a request must say, read once for the form and the API.
    @Test func aRequestNamesWorkingDaysAndLeavesOneFree() {
        #expect(RequestRules.weekday(named: "Monday") == .monday)
        #expect(RequestRules.weekday(named: "FRIDAY") == .friday)
        #expect(RequestRules.weekday(named: "saturday") == nil)
        #expect(RequestRules.weekday(named: "lundi") == nil)
        #expect(RequestRules.leavesAWorkingDay([.monday, .tuesday, .wednesday, .thursday]))
        #expect(RequestRules.leavesAWorkingDay([.monday, .monday, .tuesday, .wednesday, .thursday]))
        #expect(!RequestRules.leavesAWorkingDay(RequestRules.namableWeekdays))
        #expect(RequestRules.requiresPermitExpiry(.draw))
        #expect(!RequestRules.requiresPermitExpiry(.release))
    }

    @Test func aDrawsRequestWithoutExpiryIsRefusedWhereOneIsRequired() throws {
        let input = ApplicantInput(
            familyName: "Haddad", givenNames: "Omar", birthDate: "1990-01-01", nationality: "TUN",
            email: "omar@example.org")
        let today = CivilDate(year: 2026, month: 12, day: 1)!
        #expect(throws: ApplicantProblem(field: "permitExpiry", kind: .missingPermitExpiry)) {
            try Applicant.validate(input, today: today, permitExpiryRequired: true)
        }
        #expect(try Applicant.validate(input, today: today).permitExpiry == nil)
        var dated = input
        dated.permitExpiry = "2027-03-31"
        #expect(try Applicant.validate(dated, today: today, permitExpiryRequired: true).permitExpiry != nil)
    }
}
