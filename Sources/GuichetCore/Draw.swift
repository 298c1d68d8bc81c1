import Crypto
import Foundation

/// A request as it enters a draw: only what the draw needs and what can be published without naming anyone.
public struct DrawRequest: Codable, Hashable, Sendable {
    /// The public request number, e.g. "R-7K3QF-9XW2M": it is the HMAC message, so it decides the place in the tier.
    public let number: String
    public let tier: DrawTier
    public let unavailableWeekdays: [Weekday]

    public init(number: String, tier: DrawTier, unavailableWeekdays: [Weekday]) {
        self.number = number
        self.tier = tier
        self.unavailableWeekdays = unavailableWeekdays
    }
}

/// One seat on offer in a draw. A slot of capacity 3 is three seats, so that each can go to a different request.
public struct DrawSeat: Codable, Hashable, Sendable {
    public let slotID: Int
    /// 0..<capacity within the slot.
    public let seat: Int
    public let counterID: String
    /// Whole seconds: the published form (`ParisTime.iso8601`) drops fractions, and a start that changed on the way
    /// through JSON would fail verification.
    public let start: Date

    public init(slotID: Int, seat: Int, counterID: String, start: Date) {
        self.slotID = slotID
        self.seat = seat
        self.counterID = counterID
        self.start = start
    }

    private enum CodingKeys: String, CodingKey {
        case slotID, seat, counterID, start
    }

    /// The start is written with its Paris offset ("2026-12-01T09:00:00+01:00") so that a person checking the draw
    /// reads the appointment time they were given, not a number of seconds since 1970.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        slotID = try container.decode(Int.self, forKey: .slotID)
        seat = try container.decode(Int.self, forKey: .seat)
        counterID = try container.decode(String.self, forKey: .counterID)
        start = try ParisTime.decodeInstant(from: container, forKey: .start)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(slotID, forKey: .slotID)
        try container.encode(seat, forKey: .seat)
        try container.encode(counterID, forKey: .counterID)
        try container.encode(ParisTime.iso8601(start), forKey: .start)
    }
}

/// A seat given to a request by the draw.
public struct DrawAllocation: Codable, Hashable, Sendable {
    public let requestNumber: String
    public let slotID: Int
    public let seat: Int

    public init(requestNumber: String, slotID: Int, seat: Int) {
        self.requestNumber = requestNumber
        self.slotID = slotID
        self.seat = seat
    }
}

/// The verifiable draw (DESIGN.md, "Verifiable draw"): a seed committed to before any request is known, an order
/// derived from it that nobody can steer by submitting early or often, and an allocation anyone can recompute.
public enum Draw {
    /// 32 bytes from the injected generator. Production passes `SystemRandomNumberGenerator`: a predictable seed would
    /// let someone choose request numbers, or time withdrawals, to land first in their tier.
    public static func newSeed<G: RandomNumberGenerator>(using generator: inout G) -> [UInt8] {
        var seed = [UInt8]()
        seed.reserveCapacity(32)
        for _ in 0..<4 {
            withUnsafeBytes(of: generator.next().littleEndian) { seed.append(contentsOf: $0) }
        }
        return seed
    }

    /// Lowercase hex SHA-256 of the seed, published when the window opens: it binds the server to a seed it can no
    /// longer change once it sees the requests, without revealing the seed before the window closes.
    public static func commitment(seed: [UInt8]) -> String {
        Hex.encode(SHA256.hash(data: seed))
    }

    /// Lowercase hex HMAC-SHA256 (key: the seed, message: the request number's UTF-8 bytes), which is what anyone can
    /// compute with Python's `hmac` module to check their place.
    public static func rank(seed: [UInt8], number: String) -> String {
        Hex.encode(HMAC<SHA256>.authenticationCode(for: Data(number.utf8), using: SymmetricKey(data: seed)))
    }

    /// Tier first (urgent first), then rank ascending. Equal ranks would need a SHA-256 collision; they are broken by
    /// the number's UTF-8 bytes, and then by input position, so the result never depends on the sort algorithm.
    public static func order(_ requests: [DrawRequest], seed: [UInt8]) -> [DrawRequest] {
        // The key is prepared once: 100,000 requests would otherwise redo the HMAC key schedule 100,000 times.
        let prepared = HMAC<SHA256>(key: SymmetricKey(data: seed))
        let keys = requests.enumerated().map { index, request in
            var hmac = prepared
            var number = request.number
            number.withUTF8 { hmac.update(data: UnsafeRawBufferPointer($0)) }
            return SortKey(tier: request.tier.rawValue, rank: RankKey(hmac.finalize()), index: index)
        }
        return keys.sorted { left, right in
            if left.tier != right.tier { return left.tier < right.tier }
            if left.rank != right.rank { return left.rank < right.rank }
            let a = requests[left.index].number
            let b = requests[right.index].number
            if a != b { return a.utf8.lexicographicallyPrecedes(b.utf8) }
            return left.index < right.index
        }.map { requests[$0.index] }
    }

    /// Each request, in draw order, gets the earliest free seat (by start, then slot id, then seat) on a Paris
    /// weekday it has not ruled out; a request with no such seat gets nothing and waits for the next draw. Seats are
    /// all of the draw's procedure: the caller passes only seats of counters that serve it. A seat listed twice is
    /// given once. Allocations come back in draw order.
    ///
    /// Free seats are kept in one queue per weekday, each in seat order, so a request looks at seven queue heads
    /// instead of scanning every seat: everything before a head is already taken, and the earliest allowed seat is
    /// the earliest of the allowed heads. That keeps 100,000 requests over 5,000 seats well under a second.
    public static func allocate(requests: [DrawRequest], seats: [DrawSeat], seed: [UInt8]) -> [DrawAllocation] {
        var seen = Set<SeatID>()
        let ordered =
            seats
            .sorted { ($0.start, $0.slotID, $0.seat) < ($1.start, $1.slotID, $1.seat) }
            .filter { seen.insert(SeatID(slotID: $0.slotID, seat: $0.seat)).inserted }

        // Queues hold positions in `ordered`, so comparing two heads is comparing two integers.
        var queues = [[Int]](repeating: [], count: 8)
        for (position, seat) in ordered.enumerated() {
            queues[ParisTime.civilDate(of: seat.start).weekday.rawValue].append(position)
        }
        var heads = [Int](repeating: 0, count: 8)
        var free = ordered.count

        var allocations: [DrawAllocation] = []
        allocations.reserveCapacity(min(requests.count, ordered.count))
        for request in order(requests, seed: seed) {
            guard free > 0 else { break }
            var best: (day: Int, position: Int)?
            for day in Weekday.allCases where !request.unavailableWeekdays.contains(day) {
                let queue = day.rawValue
                guard heads[queue] < queues[queue].count else { continue }
                let position = queues[queue][heads[queue]]
                if best == nil || position < best!.position { best = (queue, position) }
            }
            guard let best else { continue }
            heads[best.day] += 1
            free -= 1
            let seat = ordered[best.position]
            allocations.append(DrawAllocation(requestNumber: request.number, slotID: seat.slotID, seat: seat.seat))
        }
        return allocations
    }

    private struct SeatID: Hashable {
        let slotID: Int
        let seat: Int
    }

    private struct SortKey {
        let tier: Int
        let rank: RankKey
        let index: Int
    }

    /// A 32-byte rank as four big-endian words: comparing them in order is comparing the bytes, hence the published
    /// hex strings, at a fraction of the cost.
    private struct RankKey: Comparable {
        let words: (UInt64, UInt64, UInt64, UInt64)

        init(_ code: HashedAuthenticationCode<SHA256>) {
            words = code.withUnsafeBytes { bytes in
                func word(_ offset: Int) -> UInt64 {
                    UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                }
                return (word(0), word(8), word(16), word(24))
            }
        }

        static func == (lhs: RankKey, rhs: RankKey) -> Bool { lhs.words == rhs.words }
        static func < (lhs: RankKey, rhs: RankKey) -> Bool { lhs.words < rhs.words }
    }
}
