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
}
