import Fluent
import Foundation
import GuichetCore
import SQLKit

/// An admin's new settings for a counter: already validated (`CounterForm`).
struct CounterSettings: Sendable, Equatable {
    var name: String
    var procedureIDs: [String]
    var hours: WeeklyHours
    var closures: [Closure]
    var seatsPerSlot: Int
    /// Also give existing future slots the new number of seats (never fewer than the seats already on offer).
    var applyToExistingSlots: Bool
    /// Take the counter out of service (with no hours and no procedures: its appointments are listed first).
    var retire: Bool = false
}

/// A new procedure's or counter's identifier is already used.
enum ConfigCreationRefusal: Error, Equatable {
    case idTaken
}

/// What an admin chooses for the people whose appointment the change removes.
enum Resolution: String, Sendable {
    /// Each goes to the earliest free seat at least a day ahead at a counter serving the procedure, and gets the
    /// new convocation by email; whoever finds no seat is cancelled and told.
    case move
    /// Cancelled and told by the usual cancellation email; the seats are not offered again.
    case cancel
}

/// A counter change worked out before anything is written: the slots it closes, the appointments on them, and
/// where each person would go if moved.
struct CounterImpact: Sendable {
    struct Affected: Sendable {
        let appointment: Appointment
        let slot: Slot
        /// The seat a move would give, when there is one.
        let destination: Slot?
    }

    let closingSlotIDs: [Int]
    let affected: [Affected]

    /// The appointments' ids, sorted: the confirmation page carries them so that a booking made since is noticed.
    var fingerprint: String {
        affected.map { $0.appointment.id!.uuidString.lowercased() }.sorted().joined(separator: ",")
    }
}

/// Applies a counter change without ever dropping a booked appointment silently.
struct CounterChange: Sendable {
    let db: any Database
    let services: GuichetServices

    /// A move needs at least this much notice: a seat in an hour is no seat for someone who must cross the département.
    static let moveNotice: TimeInterval = 24 * 3600

    enum Outcome: Sendable, Equatable {
        case applied(moved: Int, cancelled: Int, slotsClosed: Int)
        /// The appointments on the closing slots differ from the ones the admin saw: look again.
        case changedMeanwhile
    }

    /// The slots the new settings uncover (covered by the old hours and closures, not by the new ones), the
    /// active appointments on them or of a procedure the counter stops serving, and their would-be destinations.
    func impact(of settings: CounterSettings, counter: Counter, on db: any Database) async throws -> CounterImpact {
        let now = services.clock.now()
        let oldHours = try counter.hours()
        let oldClosures = try counter.closures()
        let slots = try await Slot.query(on: db).filter(\.$counter.$id == counter.id!).filter(\.$startsAt > now)
            .filter(\.$closed == false).sort(\.$startsAt).all()
        let closing = slots.filter { slot in
            let date = ParisTime.civilDate(of: slot.startsAt)
            let start = ParisTime.minuteOfDay(of: slot.startsAt)
            let end = start + Int(slot.endsAt.timeIntervalSince(slot.startsAt) / 60)
            return CounterSchedule.covers(
                hours: oldHours, closures: oldClosures, date: date, startMinute: start, endMinute: end)
                && !CounterSchedule.covers(
                    hours: settings.hours, closures: settings.closures, date: date,
                    startMinute: start, endMinute: end)
        }
        let closingIDs = Set(closing.compactMap(\.id))
        let slotByID = Dictionary(uniqueKeysWithValues: slots.map { ($0.id!, $0) })
        let active = try await Appointment.query(on: db)
            .filter(\.$slot.$id ~~ Array(slotByID.keys))
            .filter(\.$status ~~ AppointmentStatus.active)
            .all()
        let served = Set(settings.procedureIDs)
        let affected = active.filter { closingIDs.contains($0.$slot.id) || !served.contains($0.$procedure.id) }
            .sorted {
                (slotByID[$0.$slot.id]!.startsAt, $0.id!.uuidString) < (
                    slotByID[$1.$slot.id]!.startsAt, $1.id!.uuidString
                )
            }

        // Where each confirmed person would go: the counters serving the procedure once the change is made.
        var links = try await CounterProcedure.query(on: db).filter(\.$counter.$id != counter.id!).all()
            .map { ($0.$counter.id, $0.$procedure.id) }
        links += settings.procedureIDs.map { (counter.id!, $0) }
        let countersByProcedure = Dictionary(grouping: links, by: { $0.1 }).mapValues { Set($0.map { $0.0 }) }
        let movers = affected.filter { $0.status == .confirmed }
        var seats: [Slot] = []
        if !movers.isEmpty {
            let counters = Array(Set(movers.flatMap { countersByProcedure[$0.$procedure.id] ?? [] }))
            let freed = Set(affected.map { $0.$slot.id })
            seats = try await Slot.query(on: db).filter(\.$counter.$id ~~ counters)
                .filter(\.$startsAt > now.addingTimeInterval(Self.moveNotice)).filter(\.$closed == false)
                .sort(\.$startsAt).limit(5000).all()
                .filter { $0.taken < $0.capacity && !closingIDs.contains($0.id!) && !freed.contains($0.id!) }
                .filter { seat in
                    // A seat of a closure or hours the admin is just removing at this counter is no destination.
                    seat.$counter.id != counter.id!
                        || CounterSchedule.covers(
                            hours: settings.hours, closures: settings.closures,
                            date: ParisTime.civilDate(of: seat.startsAt),
                            startMinute: ParisTime.minuteOfDay(of: seat.startsAt),
                            endMinute: ParisTime.minuteOfDay(of: seat.startsAt)
                                + Int(seat.endsAt.timeIntervalSince(seat.startsAt) / 60))
                }
        }
        let assignment = Relocation.assign(
            movers.map { Relocation.Person(id: $0.id!.uuidString, procedureID: $0.$procedure.id) },
            seats: seats.map {
                Relocation.Seat(
                    slotID: $0.id!, counterID: $0.$counter.id, start: $0.startsAt,
                    free: $0.capacity - $0.taken)
            },
            counters: { countersByProcedure[$0] ?? [] })
        let seatByID = Dictionary(uniqueKeysWithValues: seats.map { ($0.id!, $0) })
        return CounterImpact(
            closingSlotIDs: closing.compactMap(\.id),
            affected: affected.map { appointment in
                CounterImpact.Affected(
                    appointment: appointment, slot: slotByID[appointment.$slot.id]!,
                    destination: assignment[appointment.id!.uuidString].flatMap { seatByID[$0] })
            })
    }

    /// Saves the settings, closes the uncovered slots and moves or cancels the people on them, in one transaction
    /// with an audit entry for the counter and one for each person.
    func apply(
        _ settings: CounterSettings, counterID: String, resolution: Resolution, expected fingerprint: String,
        actor: String, remote: String?
    ) async throws -> Outcome {
        let now = services.clock.now()
        let links = services.mailLinks
        let random = services.random
        let outcome: Outcome = try await db.write(through: services.writeGate) { tx in
            guard let counter = try await Counter.find(counterID, on: tx) else { throw RequestError.notFound }
            let impact = try await self.impact(of: settings, counter: counter, on: tx)
            guard impact.fingerprint == fingerprint else { return .changedMeanwhile }
            // Closed first: from here no booking can land on these slots.
            try await SeatLedger.close(slotIDs: impact.closingSlotIDs, on: tx)
            let before = Self.describe(
                counter,
                procedures: try await CounterProcedure.query(on: tx)
                    .filter(\.$counter.$id == counterID).all().map { $0.$procedure.id })
            counter.name = settings.name
            counter.hoursJSON = try String(decoding: JSONEncoder.sorted.encode(settings.hours), as: UTF8.self)
            counter.closuresJSON = try String(decoding: JSONEncoder.sorted.encode(settings.closures), as: UTF8.self)
            counter.seatsPerSlot = settings.seatsPerSlot
            if settings.retire { counter.retiredAt = now }
            try await counter.save(on: tx)
            try await CounterProcedure.query(on: tx).filter(\.$counter.$id == counterID).delete()
            for procedureID in settings.procedureIDs {
                try await CounterProcedure(counterID: counterID, procedureID: procedureID).create(on: tx)
            }
            if settings.applyToExistingSlots {
                try await SeatLedger.resize(counterID: counterID, seats: settings.seatsPerSlot, after: now, on: tx)
            }
            let reopened = try await Self.reopen(counterID: counterID, settings: settings, now: now, on: tx)
            let planned = try await SlotPlanner.planAhead(now: now, counterID: counterID, on: tx).count
            let after = Self.describe(counter, procedures: settings.procedureIDs)
            try await AuditEntry(
                at: now, actor: actor, action: settings.retire ? "counter_retired" : "counter_updated",
                recordType: "counter", recordID: counterID,
                detail: "\(before) → \(after); slots closed: \(impact.closingSlotIDs.count); "
                    + "slots reopened: \(reopened); slots created: \(planned); "
                    + "appointments: \(impact.affected.count) (\(resolution.rawValue))",
                remote: remote
            ).create(on: tx)

            var moved = 0
            var cancelled = 0
            for item in impact.affected {
                let appointment = item.appointment
                let language = Language(rawValue: appointment.language) ?? .fr
                let old = try await BookingService.summary(of: appointment, language: language, on: tx)
                if resolution == .move, appointment.status == .confirmed, let destination = item.destination,
                    try await SeatLedger.takeForMove(slotID: destination.id!, on: tx)
                {
                    try await SeatLedger.free(slotID: item.slot.id!, on: tx)
                    let token = random.with { Tokens.manageToken(using: &$0) }
                    appointment.$slot.id = destination.id!
                    appointment.manageTokenHash = Tokens.sha256Hex(token)
                    appointment.reminderQueuedAt = nil
                    try await appointment.save(on: tx)
                    let new = try await BookingService.summary(of: appointment, language: language, on: tx)
                    let mail = Mails.moved(
                        appointmentID: appointment.id!, name: appointment.displayName, previous: old,
                        slot: new, convocationCode: appointment.convocationCode ?? "",
                        manageToken: token, links: links, now: now, language: language)
                    try await Outbox.enqueue(to: appointment.email, mail, now: now, on: tx)
                    try await AuditEntry(
                        at: now, actor: actor, action: "appointment_moved", recordType: "appointment",
                        recordID: appointment.id!.uuidString,
                        detail: "counter \(counterID) changed: slot \(item.slot.id!) → \(destination.id!)",
                        remote: remote
                    ).create(on: tx)
                    moved += 1
                } else {
                    guard
                        try await BookingService.close(
                            appointment, as: .cancelled, reason: "counter_changed",
                            now: now, on: tx)
                    else { continue }
                    try await Outbox.enqueue(
                        to: appointment.email, Mails.cancellation(slot: old, language: language),
                        now: now, on: tx)
                    let why = resolution == .move ? "no free seat to move to" : "cancelled by the admin"
                    try await AuditEntry(
                        at: now, actor: actor, action: "appointment_cancelled", recordType: "appointment",
                        recordID: appointment.id!.uuidString,
                        detail: "counter \(counterID) changed: slot \(item.slot.id!) closed, \(why)",
                        remote: remote
                    ).create(on: tx)
                    cancelled += 1
                }
            }
            return .applied(moved: moved, cancelled: cancelled, slotsClosed: impact.closingSlotIDs.count)
        }
        if case .applied = outcome {
            services.reference.invalidate()
            services.availability.seatsChanged()
        }
        return outcome
    }

    /// Closed future slots that the new settings cover again (hours given back, a closure lifted) reopen, their seats
    /// planned: they reach the public only through a release, never straight to whoever is looking. A closed slot
    /// overlapping an open one (planned since, at another length) stays closed. Returns how many reopened.
    static func reopen(counterID: String, settings: CounterSettings, now: Date, on tx: any Database) async throws -> Int
    {
        let slots = try await Slot.query(on: tx).filter(\.$counter.$id == counterID).filter(\.$startsAt > now)
            .sort(\.$startsAt).all()
        var open = slots.filter { !$0.closed }.map { (start: $0.startsAt, end: $0.endsAt) }
        var reopening: [Int] = []
        for slot in slots where slot.closed {
            let start = ParisTime.minuteOfDay(of: slot.startsAt)
            guard
                CounterSchedule.covers(
                    hours: settings.hours, closures: settings.closures,
                    date: ParisTime.civilDate(of: slot.startsAt), startMinute: start,
                    endMinute: start + Int(slot.endsAt.timeIntervalSince(slot.startsAt) / 60)),
                !open.contains(where: { $0.start < slot.endsAt && slot.startsAt < $0.end })
            else { continue }
            reopening.append(slot.id!)
            open.append((slot.startsAt, slot.endsAt))
        }
        try await SeatLedger.reopen(slotIDs: reopening, on: tx)
        return reopening.count
    }

    /// Creates a counter at a site, with its procedures, hours and seats, and plans its slots at once.
    func create(_ settings: CounterSettings, id: String, siteID: String, actor: String, remote: String?) async throws {
        let now = services.clock.now()
        try await db.write(through: services.writeGate) { tx in
            guard try await Counter.find(id, on: tx) == nil else { throw ConfigCreationRefusal.idTaken }
            guard try await Site.find(siteID, on: tx) != nil else { throw RequestError.notFound }
            let counter = try Counter(
                id: id, siteID: siteID, name: settings.name, hours: settings.hours,
                closures: settings.closures, seatsPerSlot: settings.seatsPerSlot)
            try await counter.create(on: tx)
            for procedureID in settings.procedureIDs {
                try await CounterProcedure(counterID: id, procedureID: procedureID).create(on: tx)
            }
            let planned = try await SlotPlanner.planAhead(now: now, counterID: id, on: tx).count
            try await AuditEntry(
                at: now, actor: actor, action: "counter_created", recordType: "counter", recordID: id,
                detail: "site=\(siteID) " + Self.describe(counter, procedures: settings.procedureIDs)
                    + "; slots created: \(planned)",
                remote: remote
            ).create(on: tx)
        }
        services.reference.invalidate()
        services.availability.seatsChanged()
    }

    /// Puts a retired counter back in service. It has no hours and no procedures until an admin gives it some.
    func reinstate(counterID: String, actor: String, remote: String?) async throws {
        let now = services.clock.now()
        try await db.write(through: services.writeGate) { tx in
            guard let counter = try await Counter.find(counterID, on: tx) else { throw RequestError.notFound }
            guard counter.retiredAt != nil else { return }
            counter.retiredAt = nil
            try await counter.save(on: tx)
            try await AuditEntry(
                at: now, actor: actor, action: "counter_reinstated", recordType: "counter",
                recordID: counterID, detail: "back in service", remote: remote
            ).create(on: tx)
        }
        services.reference.invalidate()
    }

    private static func describe(_ counter: Counter, procedures: [String]) -> String {
        "name=\(counter.name) procedures=\(procedures.sorted().joined(separator: "+")) hours=\(counter.hoursJSON) "
            + "closures=\(counter.closuresJSON) seats=\(counter.seatsPerSlot)"
    }
}
