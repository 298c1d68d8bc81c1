import GuichetCore
import Testing

@Suite struct DrawTierTests {
    private let firstSeat = CivilDate(year: 2026, month: 6, day: 1)!

    private func tier(expiringAfter days: Int?) -> DrawTier {
        DrawTier.of(permitExpiry: days.map { firstSeat.adding(days: $0) }, firstSeat: firstSeat)
    }

    @Test func expiredPermitsAreUrgent() {
        #expect(tier(expiringAfter: -400) == .urgent)
        #expect(tier(expiringAfter: -1) == .urgent)
        #expect(tier(expiringAfter: 0) == .urgent)
    }

    @Test func thirtyDaysIsTheLastUrgentDay() {
        #expect(tier(expiringAfter: 29) == .urgent)
        #expect(tier(expiringAfter: 30) == .urgent)
        #expect(tier(expiringAfter: 31) == .soon)
    }

    @Test func ninetyDaysIsTheLastSoonDay() {
        #expect(tier(expiringAfter: 90) == .soon)
        #expect(tier(expiringAfter: 91) == .other)
        #expect(tier(expiringAfter: 3650) == .other)
    }

    @Test func firstApplicationsWithoutAPermitAreOther() {
        #expect(tier(expiringAfter: nil) == .other)
    }

    @Test func urgentSortsFirst() {
        #expect([DrawTier.other, .urgent, .soon].sorted() == [.urgent, .soon, .other])
        #expect(DrawTier.allCases.map(\.rawValue) == [0, 1, 2])
    }
}
