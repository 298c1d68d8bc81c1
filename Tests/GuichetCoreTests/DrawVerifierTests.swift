import Foundation
import GuichetCore
import Testing

@Suite struct DrawVerifierTests {
    @Test func aGenuineDrawVerifies() {
        let report = DrawVerifier.verify(DrawFixture.document())
        #expect(report == DrawVerifier.Report(problems: []))
        #expect(report.matches)
    }

    @Test func theOrderOfAllocationsInTheDocumentDoesNotMatter() {
        let genuine = DrawFixture.document()
        #expect(DrawVerifier.verify(DrawFixture.document(allocations: genuine.allocations.reversed())).matches)
    }

    @Test func theFixtureIsATightDraw() {
        // The cases below only prove something if seats are scarce and the urgent request's constraint bites.
        let allocations = DrawFixture.document().allocations
        #expect(allocations.count == 4)
        #expect(allocations.first == DrawAllocation(requestNumber: "R-ZZ9YY-8XX7W", slotID: 14, seat: 0))
    }

    @Test func changingATierFailsVerification() {
        var requests = DrawFixture.requests
        requests[3] = DrawRequest(number: "R-ZZ9YY-8XX7W", tier: .other, unavailableWeekdays: [.tuesday])
        let report = DrawVerifier.verify(DrawFixture.document(requests: requests))
        #expect(!report.matches)
        #expect(report.problems.contains { $0.hasPrefix("Request ") && $0.contains(" should get ") })
    }

    @Test func changingARequestNumberFailsVerification() {
        var requests = DrawFixture.requests
        requests[2] = DrawRequest(number: "R-AB12C-DE34G", tier: .soon, unavailableWeekdays: [])
        let report = DrawVerifier.verify(DrawFixture.document(requests: requests))
        #expect(!report.matches)
        #expect(report.problems.contains { $0.contains("R-AB12C-DE34F") && $0.contains("not among the requests") })
    }

    @Test func changingAConstraintFailsVerification() {
        var requests = DrawFixture.requests
        requests[3] = DrawRequest(number: "R-ZZ9YY-8XX7W", tier: .urgent, unavailableWeekdays: [])
        #expect(!DrawVerifier.verify(DrawFixture.document(requests: requests)).matches)
    }

    @Test func changingASeatFailsVerification() {
        // Slot 15 moved to Monday 30 November, before every other seat: the urgent request, which cannot come on
        // Tuesdays and so had Wednesday's slot 14, should now get it.
        var seats = DrawFixture.seats
        seats[3] = DrawSeat(
            slotID: 15, seat: 0, counterID: "bez-1", start: DrawFixture.instant("2026-11-30", minute: 540))
        let report = DrawVerifier.verify(DrawFixture.document(seats: seats))
        #expect(!report.matches)
        #expect(
            report.problems == [
                "Request R-ZZ9YY-8XX7W should get slot 15 seat 0 but the document gives slot 14 seat 0.",
                "Request R-M4N5P-Q6R7S should get slot 14 seat 0 but the document gives slot 15 seat 0.",
            ])
    }

    @Test func changingTheSeedFailsVerification() {
        var seed = DrawFixture.seed
        seed[0] = 0xff
        let report = DrawVerifier.verify(DrawFixture.document(seed: Hex.encode(seed)))
        #expect(!report.matches)
        #expect(report.problems.first?.hasPrefix("The seed does not match the commitment") == true)
    }

    @Test func changingAnAllocationFailsVerification() {
        var allocations = DrawFixture.document().allocations
        let moved = allocations[1]
        allocations[1] = DrawAllocation(requestNumber: moved.requestNumber, slotID: 99, seat: 0)
        let report = DrawVerifier.verify(DrawFixture.document(allocations: allocations))
        #expect(
            report.problems == [
                "Request \(moved.requestNumber) should get slot \(moved.slotID) seat \(moved.seat) "
                    + "but the document gives slot 99 seat 0."
            ])
    }

    @Test func droppingAnAllocationFailsVerification() {
        let genuine = DrawFixture.document().allocations
        let report = DrawVerifier.verify(DrawFixture.document(allocations: Array(genuine.dropLast())))
        #expect(!report.matches)
        #expect(report.problems.first?.hasSuffix("but the document gives it no seat.") == true)
    }

    @Test func givingASeatToALeftOutRequestFailsVerification() {
        let genuine = DrawFixture.document().allocations
        let leftOut = DrawFixture.requests.first { request in !genuine.contains { $0.requestNumber == request.number }
        }!
        let extra = DrawAllocation(requestNumber: leftOut.number, slotID: 15, seat: 0)
        let report = DrawVerifier.verify(DrawFixture.document(allocations: genuine + [extra]))
        #expect(
            report.problems == ["Request \(leftOut.number) should get no seat but the document gives slot 15 seat 0."])
    }

    @Test func aDocumentWithoutASeedCannotBeVerifiedYet() {
        let report = DrawVerifier.verify(DrawFixture.document(seed: nil))
        #expect(!report.matches)
        #expect(report.problems.count == 1)
    }

    @Test(arguments: ["", "00", String(repeating: "0", count: 66), String(repeating: "g", count: 64)])
    func aSeedThatIsNot32BytesOfHexFailsVerification(_ seed: String) {
        let report = DrawVerifier.verify(DrawFixture.document(seed: seed))
        #expect(!report.matches)
        #expect(report.problems.first?.contains("is not 64 hexadecimal characters") == true)
    }

    @Test func duplicatedRequestNumbersFailVerification() {
        let report = DrawVerifier.verify(
            DrawFixture.document(requests: DrawFixture.requests + [DrawFixture.requests[0]]))
        #expect(report.problems.contains("Request R-7K3QF-9XW2M appears more than once among the requests."))
    }
}
