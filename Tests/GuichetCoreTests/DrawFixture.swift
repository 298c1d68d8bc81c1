import Foundation
import GuichetCore

/// A small finished draw, shared by the document and verifier tests: fewer seats than requests, mixed tiers and a
/// constraint, so that changing any one input changes the outcome.
enum DrawFixture {
    static let seed = (0..<32).map { UInt8($0) }

    static func instant(_ iso: String, minute: Int) -> Date {
        ParisTime.instant(date: CivilDate(iso: iso)!, minuteOfDay: minute)
    }

    static let requests = [
        DrawRequest(number: "R-7K3QF-9XW2M", tier: .other, unavailableWeekdays: []),
        DrawRequest(number: "R-00000-00001", tier: .other, unavailableWeekdays: [.wednesday]),
        DrawRequest(number: "R-AB12C-DE34F", tier: .soon, unavailableWeekdays: []),
        DrawRequest(number: "R-ZZ9YY-8XX7W", tier: .urgent, unavailableWeekdays: [.tuesday]),
        DrawRequest(number: "R-M4N5P-Q6R7S", tier: .other, unavailableWeekdays: []),
    ]

    static let seats = [
        DrawSeat(slotID: 12, seat: 0, counterID: "mtp-1", start: instant("2026-12-01", minute: 9 * 60)),
        DrawSeat(slotID: 12, seat: 1, counterID: "mtp-1", start: instant("2026-12-01", minute: 9 * 60)),
        DrawSeat(slotID: 14, seat: 0, counterID: "mtp-2", start: instant("2026-12-02", minute: 9 * 60 + 30)),
        DrawSeat(slotID: 15, seat: 0, counterID: "bez-1", start: instant("2026-12-03", minute: 14 * 60)),
    ]

    static func document(
        seed: String? = Hex.encode(DrawFixture.seed), requests: [DrawRequest] = DrawFixture.requests,
        seats: [DrawSeat] = DrawFixture.seats, allocations: [DrawAllocation]? = nil
    ) -> DrawDocument {
        DrawDocument(
            id: "draw-2026-47-renewal", procedure: "renewal",
            opensAt: instant("2026-11-16", minute: 9 * 60), closesAt: instant("2026-11-23", minute: 9 * 60),
            commitment: Draw.commitment(seed: DrawFixture.seed), seed: seed, requests: requests, seats: seats,
            allocations: allocations
                ?? Draw.allocate(requests: DrawFixture.requests, seats: DrawFixture.seats, seed: DrawFixture.seed))
    }
}
