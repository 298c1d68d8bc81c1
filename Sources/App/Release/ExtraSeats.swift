import Fluent
import Foundation
import GuichetCore
import SQLKit

/// Extra seats opened by a supervisor in one action: more capacity on a counter's existing slots, or new slots in
/// extra hours. They are planned seats: the next release offers them, unless `releaseNow` puts them on offer at once.
struct ExtraSeats: Sendable {
    let db: any Database
    let services: GuichetServices

    enum Kind: Sendable {
        /// `seats` more on every open future slot of the counter in the date range.
        case capacity(seats: Int)
        /// New one-seat slots of the counter's appointment length in these hours, each day of the range.
        case hours(TimeRange)
    }

    struct Outcome: Sendable, Equatable {
        let seatsAdded: Int
        let seatsReleased: Int
    }

    func open(counterID: String, from: CivilDate, through: CivilDate, kind: Kind, releaseNow: Bool,
              actor: String) async throws -> Outcome {
        let now = services.clock.now()
        guard from <= through, through - from < 62 else {
            throw RequestError.invalid("through", fr: "Période invalide (62 jours au plus).", en: "Invalid period (62 days at most).")
        }
        guard let counter = try await Counter.find(counterID, on: db) else { throw RequestError.notFound }
        let length = try await SlotPlanner.slotLength(counterID: counterID, on: db)
        let outcome: Outcome = try await db.write(through: services.writeGate) { tx in
            let sql = tx as! any SQLDatabase
            let start = max(now, ParisTime.instant(date: from, minuteOfDay: 0))
            let end = ParisTime.instant(date: through.adding(days: 1), minuteOfDay: 0)
            var touched: [(id: Int, seats: Int)] = []
            switch kind {
            case .capacity(let seats):
                guard seats > 0, seats <= 10 else {
                    throw RequestError.invalid("seats", fr: "Entre 1 et 10 places.", en: "Between 1 and 10 seats.")
                }
                let rows = try await sql.raw("""
                    UPDATE slots SET capacity = capacity + \(bind: seats) \
                    WHERE counter_id = \(bind: counterID) AND closed = \(bind: false) \
                    AND starts_at > \(bind: start) AND starts_at < \(bind: end) RETURNING id
                    """).all()
                touched = try rows.map { (try $0.decode(column: "id", as: Int.self), seats) }
            case .hours(let range):
                let hours = WeeklyHours(Dictionary(uniqueKeysWithValues: Weekday.allCases.map { ($0, [range]) }))
                let templates = SlotGenerator.slots(hours: hours, closures: try counter.closures(), lengthMinutes: length,
                                                    from: from, through: through).filter { $0.start > now }
                for template in templates {
                    let slot = Slot(counterID: counterID, startsAt: template.start, endsAt: template.end, capacity: 1)
                    do {
                        try await slot.create(on: tx)
                    } catch where UniqueViolation.column(in: error) != nil {
                        throw RequestError.invalid("hours", fr: "Ces heures recouvrent des créneaux existants.",
                                                   en: "These hours overlap existing slots.")
                    }
                    touched.append((slot.id!, 1))
                }
            }
            var released = 0
            if releaseNow {
                for (id, seats) in touched {
                    released += try await SeatLedger.release(slotID: id, seats: seats, now: now, on: tx)
                }
            }
            let added = touched.reduce(0) { $0 + $1.seats }
            try await AuditEntry(at: now, actor: actor, action: "extra_seats_opened", recordType: "counter",
                                 recordID: counterID,
                                 detail: "\(added) seats \(from.iso)…\(through.iso), released now: \(released)").create(on: tx)
            return Outcome(seatsAdded: added, seatsReleased: released)
        }
        if outcome.seatsReleased > 0 { services.availability.seatsChanged() }
        return outcome
    }
}
