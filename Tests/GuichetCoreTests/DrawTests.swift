import Foundation
import GuichetCore
import Testing

@Suite struct DrawTests {
    /// Bytes 0, 1, …, 31: easy to type into another tool to check the literals below.
    private let seed = (0..<32).map { UInt8($0) }

    /// Monday 15 June 2026 at `hour` (Paris), plus `days`.
    private func start(day days: Int, hour: Int) -> Date {
        ParisTime.instant(date: CivilDate(year: 2026, month: 6, day: 15)!.adding(days: days), minuteOfDay: hour * 60)
    }

    private func request(_ number: String, _ tier: DrawTier = .other, unavailable: [Weekday] = []) -> DrawRequest {
        DrawRequest(number: number, tier: tier, unavailableWeekdays: unavailable)
    }

    // MARK: seed, commitment, rank

    @Test func theSeedIs32BytesFromTheGenerator() {
        var scripted = ScriptedGenerator([
            0x0706_0504_0302_0100, 0x0F0E_0D0C_0B0A_0908, 0x1716_1514_1312_1110,
            0x1F1E_1D1C_1B1A_1918,
        ])
        #expect(Draw.newSeed(using: &scripted) == seed)
        var first = SeededGenerator(seed: 1)
        var second = SeededGenerator(seed: 2)
        #expect(Draw.newSeed(using: &first) != Draw.newSeed(using: &second))
    }

    @Test func theCommitmentIsTheSeedsSHA256() {
        // python3 -c "import hashlib; print(hashlib.sha256(bytes(range(32))).hexdigest())"
        #expect(Draw.commitment(seed: seed) == "630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd")
    }

    @Test func theRankIsHMACSHA256OfTheRequestNumber() {
        // python3 -c "import hmac, hashlib; print(hmac.new(bytes(range(32)), b'R-7K3QF-9XW2M', hashlib.sha256).hexdigest())"
        #expect(
            Draw.rank(seed: seed, number: "R-7K3QF-9XW2M")
                == "1dd82fdbabaf9221d1a7086c0acfce7f1acbe3bf18e27fc73d9d4d5ae5902de3")
        #expect(
            Draw.rank(seed: seed, number: "R-00000-00001")
                == "71907be795b4e4ef93314b3c86614f6c2f5c2a13c0dce2b58002fdfcffd49344")
    }

    // MARK: order

    @Test func theOrderIsTierFirstThenRank() {
        let requests = (0..<60).map { index in
            request("R-\(index)", DrawTier.allCases[index % 3])
        }
        let ordered = Draw.order(requests, seed: seed)
        #expect(Set(ordered) == Set(requests))
        #expect(ordered.map(\.tier) == ordered.map(\.tier).sorted())
        for tier in DrawTier.allCases {
            let ranks = ordered.filter { $0.tier == tier }.map { Draw.rank(seed: seed, number: $0.number) }
            #expect(ranks == ranks.sorted())
        }
    }

    @Test func anotherSeedShufflesTheTierDifferently() {
        let requests = (0..<20).map { request("R-\($0)") }
        let otherSeed = [UInt8](repeating: 7, count: 32)
        #expect(Draw.order(requests, seed: seed).map(\.number) != Draw.order(requests, seed: otherSeed).map(\.number))
        #expect(Draw.order(requests.reversed(), seed: seed) == Draw.order(requests, seed: seed))
    }

    @Test func theKnownRanksPutTheirRequestsInHexOrder() {
        // "1dd8…" < "7190…": the literals above fix this order independently of the implementation.
        let ordered = Draw.order([request("R-00000-00001"), request("R-7K3QF-9XW2M")], seed: seed)
        #expect(ordered.map(\.number) == ["R-7K3QF-9XW2M", "R-00000-00001"])
        let urgentLater = Draw.order([request("R-00000-00001", .urgent), request("R-7K3QF-9XW2M", .soon)], seed: seed)
        #expect(urgentLater.map(\.number) == ["R-00000-00001", "R-7K3QF-9XW2M"])
    }

    // MARK: allocate

    @Test func eachRequestInOrderGetsTheEarliestFreeSeat() {
        let seats = [
            DrawSeat(slotID: 3, seat: 0, counterID: "a", start: start(day: 1, hour: 9)),
            DrawSeat(slotID: 1, seat: 1, counterID: "a", start: start(day: 0, hour: 9)),
            DrawSeat(slotID: 1, seat: 0, counterID: "a", start: start(day: 0, hour: 9)),
            DrawSeat(slotID: 2, seat: 0, counterID: "b", start: start(day: 0, hour: 9)),
            DrawSeat(slotID: 4, seat: 0, counterID: "a", start: start(day: 0, hour: 8)),
        ]
        let requests = (0..<5).map { request("R-\($0)") }
        let ordered = Draw.order(requests, seed: seed).map(\.number)
        let allocations = Draw.allocate(requests: requests, seats: seats, seed: seed)
        #expect(
            allocations == [
                DrawAllocation(requestNumber: ordered[0], slotID: 4, seat: 0),
                DrawAllocation(requestNumber: ordered[1], slotID: 1, seat: 0),
                DrawAllocation(requestNumber: ordered[2], slotID: 1, seat: 1),
                DrawAllocation(requestNumber: ordered[3], slotID: 2, seat: 0),
                DrawAllocation(requestNumber: ordered[4], slotID: 3, seat: 0),
            ])
    }

    @Test func urgentRequestsAreServedBeforeOthersWhateverTheirRank() {
        let seats = [DrawSeat(slotID: 1, seat: 0, counterID: "a", start: start(day: 0, hour: 9))]
        let requests = (0..<10).map { request("R-\($0)") } + [request("R-late", .urgent)]
        #expect(
            Draw.allocate(requests: requests, seats: seats, seed: seed)
                == [DrawAllocation(requestNumber: "R-late", slotID: 1, seat: 0)])
    }

    @Test func aRequestNeverGetsASeatOnADayItRuledOut() {
        // Monday is earlier, but the first request cannot come on Mondays; the second then takes Monday.
        let seats = [
            DrawSeat(slotID: 1, seat: 0, counterID: "a", start: start(day: 0, hour: 9)),
            DrawSeat(slotID: 2, seat: 0, counterID: "a", start: start(day: 1, hour: 9)),
        ]
        let requests = [request("R-A", .urgent, unavailable: [.monday]), request("R-B", .other)]
        #expect(
            Draw.allocate(requests: requests, seats: seats, seed: seed) == [
                DrawAllocation(requestNumber: "R-A", slotID: 2, seat: 0),
                DrawAllocation(requestNumber: "R-B", slotID: 1, seat: 0),
            ])
    }

    @Test func theWeekdayIsReadOnTheParisClock() {
        // 00:30 on Tuesday in Paris is still Monday in UTC: a person who cannot come on Tuesdays must not get it.
        let seats = [
            DrawSeat(
                slotID: 1, seat: 0, counterID: "a",
                start: ParisTime.instant(date: CivilDate(year: 2026, month: 6, day: 16)!, minuteOfDay: 30))
        ]
        #expect(Draw.allocate(requests: [request("R-A", unavailable: [.tuesday])], seats: seats, seed: seed).isEmpty)
        #expect(Draw.allocate(requests: [request("R-A", unavailable: [.monday])], seats: seats, seed: seed).count == 1)
    }

    @Test func requestsWithoutAFittingSeatAreLeftOut() {
        let seats = [
            DrawSeat(slotID: 1, seat: 0, counterID: "a", start: start(day: 0, hour: 9)),
            DrawSeat(slotID: 2, seat: 0, counterID: "a", start: start(day: 0, hour: 10)),
        ]
        let requests = [
            request("R-A", .urgent, unavailable: Weekday.allCases),
            request("R-B", .urgent, unavailable: [.monday]),
            request("R-C", .soon), request("R-D", .other), request("R-E", .other),
        ]
        let allocations = Draw.allocate(requests: requests, seats: seats, seed: seed)
        #expect(allocations.count == 2)
        #expect(allocations.first == DrawAllocation(requestNumber: "R-C", slotID: 1, seat: 0))
        #expect(!allocations.contains { ["R-A", "R-B"].contains($0.requestNumber) })
    }

    @Test func aSeatListedTwiceIsGivenOnce() {
        let seat = DrawSeat(slotID: 1, seat: 0, counterID: "a", start: start(day: 0, hour: 9))
        let allocations = Draw.allocate(requests: [request("R-A"), request("R-B")], seats: [seat, seat], seed: seed)
        #expect(allocations.count == 1)
    }

    @Test func noSeatsOrNoRequestsAllocateNothing() {
        let seat = DrawSeat(slotID: 1, seat: 0, counterID: "a", start: start(day: 0, hour: 9))
        #expect(Draw.allocate(requests: [request("R-A")], seats: [], seed: seed).isEmpty)
        #expect(Draw.allocate(requests: [], seats: [seat], seed: seed).isEmpty)
    }

    /// The rule as written, one full scan of the seats per request: slow, but obviously right.
    private func referenceAllocation(_ requests: [DrawRequest], _ seats: [DrawSeat]) -> [DrawAllocation] {
        var free = seats.sorted { ($0.start, $0.slotID, $0.seat) < ($1.start, $1.slotID, $1.seat) }
        var result: [DrawAllocation] = []
        for request in Draw.order(requests, seed: seed) {
            guard
                let index = free.firstIndex(where: {
                    !request.unavailableWeekdays.contains(ParisTime.civilDate(of: $0.start).weekday)
                })
            else { continue }
            let seat = free.remove(at: index)
            result.append(DrawAllocation(requestNumber: request.number, slotID: seat.slotID, seat: seat.seat))
        }
        return result
    }

    @Test(arguments: 1...8 as ClosedRange<UInt64>)
    func theFastAllocationAgreesWithTheRuleAsWritten(run: UInt64) {
        var generator = SeededGenerator(seed: run)
        func below(_ bound: Int) -> Int { Int(generator.next() % UInt64(bound)) }
        var seats: [DrawSeat] = []
        for slot in 0..<(40 + below(40)) {
            // Starts over three weeks, several slots at the same time, capacities 1 to 3.
            let slotStart = start(day: below(21), hour: 8 + below(10))
            for seat in 0..<(1 + below(3)) {
                seats.append(DrawSeat(slotID: slot, seat: seat, counterID: "c\(slot % 4)", start: slotStart))
            }
        }
        let requests = (0..<(50 + below(150))).map { index in
            request(
                "R-\(run)-\(index)", DrawTier.allCases[below(3)],
                unavailable: Weekday.allCases.filter { _ in below(3) == 0 })
        }
        let allocations = Draw.allocate(requests: requests, seats: seats, seed: seed)
        #expect(allocations == referenceAllocation(requests, seats))
        #expect(Set(allocations.map { "\($0.slotID)/\($0.seat)" }).count == allocations.count)
        #expect(Set(allocations.map(\.requestNumber)).count == allocations.count)
    }

    @Test func aHundredThousandRequestsFillFiveThousandSeats() {
        // The size of the benchmark in issue 3, without constraints: every seat must go, once, in draw order.
        var seats: [DrawSeat] = []
        seats.reserveCapacity(5_000)
        for slot in 0..<2_500 {
            let slotStart = start(day: slot / 100, hour: 8).addingTimeInterval(TimeInterval(slot % 100 * 300))
            seats.append(DrawSeat(slotID: slot, seat: 0, counterID: "a", start: slotStart))
            seats.append(DrawSeat(slotID: slot, seat: 1, counterID: "b", start: slotStart))
        }
        // Every third request is urgent, so the 5,000 winners are all urgent and come out in rank order; checking
        // that needs 5,000 ranks rather than a second ordering of all 100,000 requests.
        let requests = (0..<100_000).map { request("R-\($0)", DrawTier.allCases[$0 % 3]) }
        let allocations = Draw.allocate(requests: requests, seats: seats, seed: seed)
        #expect(allocations.count == 5_000)
        #expect(Set(allocations.map { "\($0.slotID)/\($0.seat)" }).count == 5_000)
        #expect(allocations.allSatisfy { Int($0.requestNumber.dropFirst(2))! % 3 == 0 })
        let ranks = allocations.map { Draw.rank(seed: seed, number: $0.requestNumber) }
        #expect(ranks == ranks.sorted())
        #expect(allocations.map(\.slotID) == (0..<2_500).flatMap { [$0, $0] })
        #expect(allocations.map(\.seat) == (0..<2_500).flatMap { _ in [0, 1] })
    }
}
