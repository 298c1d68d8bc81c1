import Fluent
import Foundation
import GuichetCore

/// Which seats are on offer for a procedure.
enum Availability {
    static let defaultDays = 28
    static let maxDays = 62

    /// Released slots with a free seat, at counters serving the procedure, from `from` through `through` (Paris dates).
    static func days(
        procedureID: String, from: CivilDate, through: CivilDate, now: Date,
        on db: any Database
    ) async throws -> [AvailabilityDTO.Day] {
        let counterIDs = try await CounterProcedure.query(on: db)
            .filter(\.$procedure.$id == procedureID)
            .all()
            .map { $0.$counter.id }
        guard !counterIDs.isEmpty else { return [] }
        let start = max(now, ParisTime.instant(date: from, minuteOfDay: 0))
        let end = ParisTime.instant(date: through.adding(days: 1), minuteOfDay: 0)
        let slots = try await Slot.query(on: db)
            .filter(\.$counter.$id ~~ counterIDs)
            .filter(\.$startsAt > start)
            .filter(\.$startsAt < end)
            .filter(\.$closed == false)
            .filter(\.$released > 0)
            .sort(\.$startsAt)
            .sort(\.$counter.$id)
            .all()
        var days: [AvailabilityDTO.Day] = []
        var current: (date: CivilDate, slots: [SlotDTO])?
        for slot in slots where slot.bookable > 0 {
            let date = ParisTime.civilDate(of: slot.startsAt)
            let dto = SlotDTO(
                id: slot.id!, start: ParisTime.iso8601(slot.startsAt), end: ParisTime.iso8601(slot.endsAt),
                counter: slot.$counter.id, remaining: slot.bookable)
            if current?.date == date {
                current!.slots.append(dto)
            } else {
                if let done = current { days.append(.init(date: done.date.iso, slots: done.slots)) }
                current = (date, [dto])
            }
        }
        if let done = current { days.append(.init(date: done.date.iso, slots: done.slots)) }
        return days
    }
}
