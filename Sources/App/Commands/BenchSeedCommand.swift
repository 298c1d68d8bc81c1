import Fluent
import GuichetCore
import Vapor

/// `guichet bench-seed --slots N`: a procedure and counter named `bench` with N released one-seat slots, so the
/// benchmark can hold distinct seats. Prints `slots FIRST_ID LAST_ID`. For benchmarks only.
struct BenchSeedCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "slots", help: "How many slots to create (default 80000).")
        var slots: Int?
    }

    var help: String { "Creates released slots for the HTTP benchmark (never on a real database)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let count = max(1, signature.slots ?? 80_000)
        let now = app.guichet.clock.now()
        try await app.autoMigrate()
        try await DemoData.load(
            on: app.db, gate: app.guichet.writeGate, clock: app.guichet.clock, random: app.guichet.random)
        try await app.db.write(through: app.guichet.writeGate) { tx in
            if try await Procedure.find("bench", on: tx) == nil {
                try await Procedure(
                    id: "bench", name: Localized(fr: "Banc d'essai", en: "Benchmark"), mode: .release,
                    lengthMinutes: 1, documents: Localized(fr: "-", en: "-"), position: 99
                ).create(on: tx)
                try await Counter(id: "bench", siteID: "montpellier", name: "Bench", hours: WeeklyHours([:])).create(
                    on: tx)
                try await CounterProcedure(counterID: "bench", procedureID: "bench").create(on: tx)
            }
            let existing = try await Slot.query(on: tx).filter(\.$counter.$id == "bench").count()
            let start = now.addingTimeInterval(86_400)
            let slots = (existing..<(existing + count)).map { index -> Slot in
                let begin = start.addingTimeInterval(Double(index) * 60)
                let slot = Slot(counterID: "bench", startsAt: begin, endsAt: begin.addingTimeInterval(60), capacity: 1)
                slot.released = 1
                slot.releasedAt = now
                return slot
            }
            for chunk in stride(from: 0, to: slots.count, by: 1000) {
                try await Array(slots[chunk..<min(chunk + 1000, slots.count)]).create(on: tx)
            }
        }
        let ids = try await Slot.query(on: app.db).filter(\.$counter.$id == "bench").filter(\.$taken == 0)
            .all(\.$id).compactMap { $0 }
        context.console.print("slots \(ids.min() ?? 0) \(ids.max() ?? 0)")
    }
}
