import Fluent
import Foundation
import GuichetCore

/// Creates the slots of the coming weeks from each counter's opening hours. New slots are `planned`: nobody
/// can book them until a release puts their seats on offer.
enum SlotPlanner {
    static let horizonDays = 28
    static let defaultLength = 20

    /// A counter serving several procedures uses the longest appointment length among them.
    static func slotLength(counterID: String, on db: any Database) async throws -> Int {
        let served = try await CounterProcedure.query(on: db).filter(\.$counter.$id == counterID).all().map { $0.$procedure.id }
        guard !served.isEmpty else { return defaultLength }
        return try await Procedure.query(on: db).filter(\.$id ~~ served).all().map(\.lengthMinutes).max() ?? defaultLength
    }

    /// Creates the missing slots from `from` through `through` for every counter serving a bookable procedure.
    /// Returns the new slots. Idempotent: an existing (counter, start) is left alone.
    @discardableResult
    static func plan(from: CivilDate, through: CivilDate, on db: any Database) async throws -> [Slot] {
        let procedures = try await Procedure.query(on: db).all()
        let bookable = Set(procedures.filter { $0.allocationMode != .walkIn }.compactMap(\.id))
        let lengthByProcedure = Dictionary(uniqueKeysWithValues: procedures.map { ($0.id!, $0.lengthMinutes) })
        let links = try await CounterProcedure.query(on: db).all()
        let counters = try await Counter.query(on: db).all()
        var created: [Slot] = []
        for counter in counters {
            let served = links.filter { $0.$counter.id == counter.id }.map { $0.$procedure.id }
            let bookableServed = served.filter(bookable.contains)
            guard !bookableServed.isEmpty else { continue }
            let length = bookableServed.compactMap { lengthByProcedure[$0] }.max() ?? defaultLength
            let templates = SlotGenerator.slots(hours: try counter.hours(), closures: try counter.closures(),
                                                lengthMinutes: length, from: from, through: through)
            guard !templates.isEmpty else { continue }
            let existing = Set(try await Slot.query(on: db)
                .filter(\.$counter.$id == counter.id!)
                .filter(\.$startsAt >= templates.first!.start)
                .filter(\.$startsAt <= templates.last!.start)
                .all().map { $0.startsAt.timeIntervalSince1970 })
            let missing = templates.filter { !existing.contains($0.start.timeIntervalSince1970) }.map {
                Slot(counterID: counter.id!, startsAt: $0.start, endsAt: $0.end, capacity: counter.seatsPerSlot)
            }
            for chunk in stride(from: 0, to: missing.count, by: 500) {
                try await Array(missing[chunk..<min(chunk + 500, missing.count)]).create(on: db)
            }
            created += missing
        }
        return created
    }
}
