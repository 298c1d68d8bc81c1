import Fluent
import Foundation
import GuichetCore

/// Creates the slots of the coming weeks from each counter's opening hours. New slots are `planned`: nobody
/// can book them until a release puts their seats on offer.
enum SlotPlanner {
    /// The default horizon, until an admin stores another (`Setting.planningHorizon`).
    static let horizonDays = 28
    static let horizonRange = 7...120
    static let defaultLength = 20

    /// Plans from today through the stored horizon: what the hourly job and the admin's "plan now" run (every
    /// counter), and a counter's change or creation (that counter only).
    @discardableResult
    static func planAhead(now: Date, counterID: String? = nil, on db: any Database) async throws -> [Slot] {
        let today = ParisTime.civilDate(of: now)
        let days = try await Setting.planningHorizon(on: db)
        return try await plan(from: today, through: today.adding(days: days - 1), counterID: counterID, on: db)
    }

    /// A counter serving several procedures uses the longest appointment length among them.
    static func slotLength(counterID: String, on db: any Database) async throws -> Int {
        let served = try await CounterProcedure.query(on: db).filter(\.$counter.$id == counterID).all().map {
            $0.$procedure.id
        }
        guard !served.isEmpty else { return defaultLength }
        return try await Procedure.query(on: db).filter(\.$id ~~ served).all().map(\.lengthMinutes).max()
            ?? defaultLength
    }

    /// Creates the missing slots from `from` through `through` for every counter serving a bookable procedure.
    /// Returns the new slots. Idempotent: a template overlapping an existing slot of the counter (open or closed) is
    /// skipped, so new hours or a new length never stack a second slot over a booked one.
    @discardableResult
    static func plan(
        from: CivilDate, through: CivilDate, counterID: String? = nil,
        on db: any Database
    ) async throws -> [Slot] {
        let procedures = try await Procedure.query(on: db).all()
        let bookable = Set(procedures.filter { $0.allocationMode != .walkIn && $0.retiredAt == nil }.compactMap(\.id))
        let lengthByProcedure = Dictionary(uniqueKeysWithValues: procedures.map { ($0.id!, $0.lengthMinutes) })
        let links = try await CounterProcedure.query(on: db).all()
        var query = Counter.query(on: db).inService()
        if let counterID { query = query.filter(\.$id == counterID) }
        let counters = try await query.all()
        var created: [Slot] = []
        for counter in counters {
            let served = links.filter { $0.$counter.id == counter.id }.map { $0.$procedure.id }
            let bookableServed = served.filter(bookable.contains)
            guard !bookableServed.isEmpty else { continue }
            let length = bookableServed.compactMap { lengthByProcedure[$0] }.max() ?? defaultLength
            let templates = SlotGenerator.slots(
                hours: try counter.hours(), closures: try counter.closures(),
                lengthMinutes: length, from: from, through: through)
            guard !templates.isEmpty else { continue }
            let existing = try await Slot.query(on: db)
                .filter(\.$counter.$id == counter.id!)
                .filter(\.$endsAt > templates.first!.start)
                .filter(\.$startsAt < templates.last!.end)
                .sort(\.$startsAt)
                .all().map { (start: $0.startsAt, end: $0.endsAt) }
            let missing = templates.filter { template in
                !Self.overlaps(template, existing)
            }.map {
                Slot(counterID: counter.id!, startsAt: $0.start, endsAt: $0.end, capacity: counter.seatsPerSlot)
            }
            for chunk in stride(from: 0, to: missing.count, by: 500) {
                try await Array(missing[chunk..<min(chunk + 500, missing.count)]).create(on: db)
            }
            created += missing
        }
        return created
    }

    /// `existing` is sorted by start; a binary search finds the first slot that could overlap.
    private static func overlaps(_ template: SlotTemplate, _ existing: [(start: Date, end: Date)]) -> Bool {
        var low = 0
        var high = existing.count
        while low < high {
            let mid = (low + high) / 2
            if existing[mid].start < template.end { low = mid + 1 } else { high = mid }
        }
        // No slot spans more than a day: look back that far from the last one starting before the template ends.
        var index = low - 1
        let horizon = template.start.addingTimeInterval(-24 * 3600)
        while index >= 0, existing[index].start >= horizon {
            if existing[index].end > template.start { return true }
            index -= 1
        }
        return false
    }
}
