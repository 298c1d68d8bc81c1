import Foundation
import GuichetCore
import Testing

@Suite struct RequestUpkeepTests {
    let confirmed = Date(timeIntervalSince1970: 1_800_000_000)
    func days(_ n: Double) -> TimeInterval { n * 86_400 }

    @Test func aRequestIsAskedFourWeeksAfterItsConfirmationAndNotBefore() {
        #expect(
            RequestUpkeep.step(
                confirmedAt: confirmed, keptAt: nil, askedAt: nil,
                now: confirmed.addingTimeInterval(days(27.9))) == .nothing)
        #expect(
            RequestUpkeep.step(
                confirmedAt: confirmed, keptAt: nil, askedAt: nil,
                now: confirmed.addingTimeInterval(days(28))) == .ask)
    }

    @Test func keepingItStartsFourWeeksAgain() {
        let kept = confirmed.addingTimeInterval(days(30))
        #expect(
            RequestUpkeep.step(
                confirmedAt: confirmed, keptAt: kept, askedAt: nil,
                now: kept.addingTimeInterval(days(27))) == .nothing)
        #expect(
            RequestUpkeep.step(
                confirmedAt: confirmed, keptAt: kept, askedAt: nil,
                now: kept.addingTimeInterval(days(28))) == .ask)
    }

    @Test func noAnswerWithinAWeekWithdrawsIt() {
        let asked = confirmed.addingTimeInterval(days(28))
        #expect(
            RequestUpkeep.step(
                confirmedAt: confirmed, keptAt: nil, askedAt: asked,
                now: asked.addingTimeInterval(days(6.9))) == .nothing)
        #expect(
            RequestUpkeep.step(
                confirmedAt: confirmed, keptAt: nil, askedAt: asked,
                now: asked.addingTimeInterval(days(7))) == .withdraw)
        #expect(RequestUpkeep.answerBy(askedAt: asked) == asked.addingTimeInterval(days(7)))
    }
}

@Suite struct PriorityClaimTests {
    let firstSeat = CivilDate(iso: "2026-12-14")!

    @Test func onlyAnExpiryWithinNinetyDaysOfTheFirstSeatClaimsPriority() {
        #expect(PriorityClaim.claimsPriority(permitExpiry: CivilDate(iso: "2026-12-20"), firstSeat: firstSeat))
        #expect(PriorityClaim.claimsPriority(permitExpiry: CivilDate(iso: "2027-03-14"), firstSeat: firstSeat))
        #expect(!PriorityClaim.claimsPriority(permitExpiry: CivilDate(iso: "2027-03-15"), firstSeat: firstSeat))
        #expect(!PriorityClaim.claimsPriority(permitExpiry: nil, firstSeat: firstSeat))
    }

    @Test func anUncheckedOrDowngradedClaimIsDrawnInTheNormalTier() {
        let soon = CivilDate(iso: "2026-12-20")
        #expect(PriorityClaim.tier(permitExpiry: soon, review: nil, firstSeat: firstSeat) == .other)
        #expect(PriorityClaim.tier(permitExpiry: soon, review: .pending, firstSeat: firstSeat) == .other)
        #expect(PriorityClaim.tier(permitExpiry: soon, review: .downgraded, firstSeat: firstSeat) == .other)
        #expect(PriorityClaim.tier(permitExpiry: soon, review: .confirmed, firstSeat: firstSeat) == .urgent)
        #expect(
            PriorityClaim.tier(
                permitExpiry: CivilDate(iso: "2027-02-01"), review: .confirmed,
                firstSeat: firstSeat) == .soon)
    }
}

@Suite struct SpeedRaceTests {
    let instant = Date(timeIntervalSince1970: 1_800_000_000)

    func ask(_ seconds: Double, won: Bool = true, flagged: Bool = false) -> SpeedRace.Ask {
        SpeedRace.Ask(at: instant.addingTimeInterval(seconds), gotSeat: won, flagged: flagged)
    }

    @Test func aReleaseSoldOutInFourSecondsIsARace() {
        let race = SpeedRace.measure(
            instant: instant, seats: 3,
            asks: [ask(1, flagged: true), ask(2, flagged: true), ask(4), ask(30, won: false)],
            lastSeatTakenAt: instant.addingTimeInterval(4))
        #expect(race.secondsToLastSeat == 4)
        #expect(race.earlyShare == 0.75)
        #expect(race.flaggedShare == 2.0 / 3.0)
        #expect(race.isRace)
    }

    @Test func aLotteryDrawnAfterThirtyMinutesIsNotARace() {
        let race = SpeedRace.measure(
            instant: instant, seats: 2, asks: [ask(1), ask(900), ask(1500, won: false)],
            lastSeatTakenAt: instant.addingTimeInterval(1800))
        #expect(race.secondsToLastSeat == 1800)
        #expect(!race.isRace)
        #expect(SpeedRace.measure(instant: instant, seats: 2, asks: [], lastSeatTakenAt: nil).earlyShare == nil)
    }

    @Test func aProcedureRacesWhenTheMedianSellOutIsUnderAMinute() {
        func sold(_ seconds: Double?) -> SpeedRace {
            SpeedRace(secondsToLastSeat: seconds, earlyShare: nil, flaggedShare: nil, seats: 1, asks: 1)
        }
        #expect(SpeedRace.racing([sold(4), sold(12), sold(3600)]))
        #expect(!SpeedRace.racing([sold(4), sold(1800), sold(3600)]))
        #expect(!SpeedRace.racing([sold(nil), sold(nil)]))
        #expect(SpeedRace.medianSecondsToLastSeat([sold(10), sold(20)]) == 15)
    }
}

@Suite struct ReleasePolicyLotteryTests {
    @Test func aPolicyStoredBeforeLotteriesGetsTheDefaultLottery() throws {
        let stored = #"{"minimumLeadHours":24,"releasesPerWeek":5,"seatsPerRelease":15,"windows":[]}"#
        let policy = try JSONDecoder().decode(ReleasePolicy.self, from: Data(stored.utf8))
        #expect(policy.lotteryMinutes == 30)
        #expect(policy.hasLottery)
        let instant = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(policy.lotteryCloses(releasedAt: instant) == instant.addingTimeInterval(1800))
    }

    @Test func zeroMinutesIsPlainFirstComeAndRoundTrips() throws {
        let policy = ReleasePolicy(windows: [], releasesPerWeek: 1, seatsPerRelease: 1, lotteryMinutes: 0)
        #expect(!policy.hasLottery)
        #expect(try JSONDecoder().decode(ReleasePolicy.self, from: JSONEncoder().encode(policy)) == policy)
    }

    @Test func lotteryTicketsAreAllInOneTierAndDrawnLikeADraw() {
        let tickets = ReleaseLottery.tickets(["L-B", "L-A", "L-C"])
        #expect(tickets.allSatisfy { $0.tier == .other })
        let seed = [UInt8](repeating: 7, count: 32)
        let seat = DrawSeat(slotID: 1, seat: 0, counterID: "c", start: Date(timeIntervalSince1970: 1_800_000_000))
        let allocation = Draw.allocate(requests: tickets, seats: [seat], seed: seed)
        #expect(allocation.count == 1)
        #expect(allocation[0].requestNumber == Draw.order(tickets, seed: seed)[0].number)
    }
}
