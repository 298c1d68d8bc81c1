import Foundation
import GuichetCore
import Vapor

#if canImport(Glibc)
    import Glibc
#endif

/// `guichet bench-draw --requests N --seats M`: times the production draw (`Draw.allocate`, then
/// `DrawVerifier.verify`) on synthetic inputs and prints the time and the process's peak memory.
struct BenchDrawCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "requests", help: "Requests in the draw (default 100000).")
        var requests: Int?
        @Option(name: "seats", help: "Seats on offer (default 5000).")
        var seats: Int?
        @Option(name: "seed", help: "Seed of the synthetic inputs (default 1).")
        var seed: Int?
    }

    var help: String { "Benchmarks the draw: allocation and verification time, peak memory." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let requestCount = max(1, signature.requests ?? 100_000)
        let seatCount = max(1, signature.seats ?? 5_000)
        var generator = SeededGenerator(seed: UInt64(signature.seed ?? 1))
        let weekdays: [Weekday] = [.monday, .tuesday, .wednesday, .thursday, .friday]
        let requests = (0..<requestCount).map { index -> DrawRequest in
            let tier = DrawTier(rawValue: Int.random(in: 0...2, using: &generator))!
            // One request in five cannot come on one weekday.
            let unavailable =
                Int.random(in: 0..<5, using: &generator) == 0 ? [weekdays.randomElement(using: &generator)!] : []
            return DrawRequest(number: String(format: "R-%08d", index), tier: tier, unavailableWeekdays: unavailable)
        }
        let firstDay = CivilDate(year: 2027, month: 1, day: 4)!
        let seats = (0..<seatCount).map { index -> DrawSeat in
            let day = firstDay.adding(days: (index / 150) / 5 * 7 + (index / 150) % 5)
            let start = ParisTime.instant(date: day, minuteOfDay: 9 * 60 + (index % 150) / 6 * 20)
            return DrawSeat(slotID: index / 2, seat: index % 2, counterID: "c\(index % 6)", start: start)
        }
        let seed = Draw.newSeed(using: &generator)

        let clock = ContinuousClock()
        var allocations: [DrawAllocation] = []
        let allocate = clock.measure { allocations = Draw.allocate(requests: requests, seats: seats, seed: seed) }
        let document = DrawDocument(
            id: "bench", procedure: "bench", opensAt: Date(), closesAt: Date(),
            commitment: Draw.commitment(seed: seed), seed: Hex.encode(seed),
            requests: requests, seats: seats, allocations: allocations)
        var report: DrawVerifier.Report?
        let verify = clock.measure { report = DrawVerifier.verify(document) }
        var encoded = Data()
        let encode = try clock.measure { encoded = try JSONEncoder().encode(document) }

        context.console.print("draw: \(requestCount) requests, \(seatCount) seats -> \(allocations.count) allocated")
        context.console.print("allocate: \(Self.milliseconds(allocate)) ms")
        context.console.print("verify:   \(Self.milliseconds(verify)) ms (matches: \(report?.matches == true))")
        context.console.print("document: \(encoded.count / 1024) KiB JSON, encoded in \(Self.milliseconds(encode)) ms")
        context.console.print("peak memory (max RSS): \(Self.peakMemoryMiB()) MiB")
    }

    static func milliseconds(_ duration: Duration) -> String {
        String(
            format: "%.1f", Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15)
    }

    /// Peak resident set size of this process, from the kernel (Linux reports kilobytes).
    static func peakMemoryMiB() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss / 1024
    }
}
