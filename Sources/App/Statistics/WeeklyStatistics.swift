import Fluent
import Foundation
import GuichetCore

/// The public statistics, week by week. One query per figure, bounded to the period's weeks and bucketed in
/// Swift (no SQL date function, so the same code runs on SQLite and PostgreSQL). A week frozen by the retention
/// purge is read from `weekly_aggregates` instead, since its records may be gone.
enum WeeklyStatistics {
    static let attendedStatuses: [AppointmentStatus] = [.checkedIn, .served]

    /// The figures of every week of `period`, oldest first.
    static func figures(for period: StatsPeriod, on db: any Database) async throws -> [WeeklyFigures] {
        let frozen = try await WeeklyAggregate.query(on: db).filter(\.$id ~~ period.weeks.map(\.monday.iso)).all()
        let frozenByWeek = Dictionary(
            frozen.compactMap { row in row.figures.map { ($0.monday, $0) } },
            uniquingKeysWith: { first, _ in first })
        let live = try await compute(for: period, on: db)
        return live.map { frozenByWeek[$0.monday] ?? $0 }
    }

    /// The figures counted from the records themselves, whatever was frozen.
    static func compute(for period: StatsPeriod, on db: any Database) async throws -> [WeeklyFigures] {
        let seats = try await seatsReleased(in: period, on: db)
        let requests = try await requestsRegistered(in: period, on: db)
        let allocated = try await requestsAllocated(in: period, on: db)
        let confirmed = try await appointmentsConfirmed(in: period, on: db)
        let attended = try await appointmentsAttended(in: period, on: db)
        let noShows = try await noShows(in: period, on: db)
        let duplicates = try await duplicatesRemoved(in: period, on: db)
        let rejected = try await rejectedAtCounter(in: period, on: db)
        let waits = try await medianWaitDays(in: period, on: db)
        let expiry = try await seenBeforeExpiry(in: period, on: db)
        return period.weeks.map { week in
            var figures = WeeklyFigures(monday: week.monday)
            figures.seatsReleased = seats[week] ?? 0
            figures.requests = requests[week] ?? 0
            figures.allocated = allocated[week] ?? 0
            figures.confirmed = confirmed[week] ?? 0
            figures.attended = attended[week] ?? 0
            figures.noShows = noShows[week] ?? 0
            figures.duplicatesRemoved = duplicates[week] ?? 0
            figures.rejected = rejected[week] ?? 0
            figures.medianWaitDays = waits[week]
            figures.seenBeforeExpiry = expiry[week]?.before ?? 0
            figures.attendedWithExpiry = expiry[week]?.known ?? 0
            return figures
        }
    }

    // MARK: One function per figure

    /// Seats on offer (`released`) in slots starting in the week: seats released by releases, extra-seat openings
    /// and draws, less those given back; a seat freed and offered again counts once.
    static func seatsReleased(in period: StatsPeriod, on db: any Database) async throws -> [StatsWeek: Int] {
        let slots = try await Slot.query(on: db)
            .filter(\.$startsAt >= period.start).filter(\.$startsAt < period.end).filter(\.$released > 0)
            .field(\.$id).field(\.$startsAt).field(\.$released).all()
        return sum(slots.map { ($0.startsAt, $0.released) }, in: period)
    }

    /// Draw requests registered (email confirmed) in the week.
    static func requestsRegistered(in period: StatsPeriod, on db: any Database) async throws -> [StatsWeek: Int] {
        let instants = try await ApplicantRequest.query(on: db)
            .filter(\.$confirmedAt >= period.start).filter(\.$confirmedAt < period.end).all(\.$confirmedAt)
        return count(instants.compactMap { $0 }, in: period)
    }

    /// Draw requests turned into appointments by a draw held in the week.
    static func requestsAllocated(in period: StatsPeriod, on db: any Database) async throws -> [StatsWeek: Int] {
        let instants = try await ApplicantRequest.query(on: db)
            .filter(\.$status == ApplicantRequest.Status.allocated)
            .filter(\.$closedAt >= period.start).filter(\.$closedAt < period.end).all(\.$closedAt)
        return count(instants.compactMap { $0 }, in: period)
    }

    /// Appointments confirmed in the week (whatever became of them since).
    static func appointmentsConfirmed(in period: StatsPeriod, on db: any Database) async throws -> [StatsWeek: Int] {
        let instants = try await Appointment.query(on: db)
            .filter(\.$confirmedAt >= period.start).filter(\.$confirmedAt < period.end).all(\.$confirmedAt)
        return count(instants.compactMap { $0 }, in: period)
    }

    /// Appointments of the week whose person was checked in or served.
    static func appointmentsAttended(in period: StatsPeriod, on db: any Database) async throws -> [StatsWeek: Int] {
        count(try await slotStarts(status: attendedStatuses, in: period, on: db), in: period)
    }

    /// Appointments of the week whose person did not come.
    static func noShows(in period: StatsPeriod, on db: any Database) async throws -> [StatsWeek: Int] {
        count(try await slotStarts(status: [.noShow], in: period, on: db), in: period)
    }

    /// Appointments of the week refused at the counter.
    static func rejectedAtCounter(in period: StatsPeriod, on db: any Database) async throws -> [StatsWeek: Int] {
        count(try await slotStarts(status: [.rejected], in: period, on: db), in: period)
    }

    /// Duplicate bookings removed in the week by the sweep (its audit entries).
    static func duplicatesRemoved(in period: StatsPeriod, on db: any Database) async throws -> [StatsWeek: Int] {
        let instants = try await AuditEntry.query(on: db)
            .filter(\.$action == DuplicateSweep.auditAction)
            .filter(\.$at >= period.start).filter(\.$at < period.end).all(\.$at)
        return count(instants, in: period)
    }

    /// The median days from booking to appointment, over the week's attended appointments. An appointment given
    /// by a draw is counted from its request, not from the draw.
    static func medianWaitDays(in period: StatsPeriod, on db: any Database) async throws -> [StatsWeek: Double] {
        let attended = try await attendedAppointments(in: period, on: db)
        var askedAt: [UUID: Date] = [:]
        for chunk in attended.map(\.id).chunked(500) {
            let requests = try await ApplicantRequest.query(on: db).filter(\.$appointmentID ~~ chunk.map(Optional.some))
                .field(\.$id).field(\.$appointmentID).field(\.$createdAt).all()
            for request in requests {
                if let id = request.appointmentID {
                    askedAt[id] = min(askedAt[id] ?? request.createdAt, request.createdAt)
                }
            }
        }
        var waits: [StatsWeek: [Double]] = [:]
        for row in attended {
            guard let week = period.week(of: row.startsAt) else { continue }
            let from = askedAt[row.id] ?? row.createdAt
            waits[week, default: []].append(max(0, row.startsAt.timeIntervalSince(from)) / 86_400)
        }
        return waits.compactMapValues { Median.of($0) }
    }

    /// Of the week's attended appointments with a known permit expiry, how many came on or before it.
    static func seenBeforeExpiry(in period: StatsPeriod, on db: any Database) async throws
        -> [StatsWeek: (before: Int, known: Int)]
    {
        var result: [StatsWeek: (before: Int, known: Int)] = [:]
        for row in try await attendedAppointments(in: period, on: db) {
            guard let week = period.week(of: row.startsAt),
                let expiry = row.permitExpiry.flatMap(CivilDate.init(iso:))
            else { continue }
            let seenOn = ParisTime.civilDate(of: row.startsAt)
            var entry = result[week] ?? (0, 0)
            entry.known += 1
            if expiry >= seenOn { entry.before += 1 }
            result[week] = entry
        }
        return result
    }

    // MARK: Helpers

    struct AttendedRow {
        let id: UUID
        let startsAt: Date
        let createdAt: Date
        let permitExpiry: String?
    }

    static func attendedAppointments(in period: StatsPeriod, on db: any Database) async throws -> [AttendedRow] {
        try await heldQuery(status: attendedStatuses, in: period, on: db)
            .field(\.$id).field(\.$createdAt).field(\.$permitExpiry).field(Slot.self, \.$startsAt).all()
            .map {
                AttendedRow(
                    id: $0.id!, startsAt: try $0.joined(Slot.self).startsAt, createdAt: $0.createdAt,
                    permitExpiry: $0.permitExpiry)
            }
    }

    /// The start times of the appointments in these statuses whose slot starts in the period.
    static func slotStarts(status: [AppointmentStatus], in period: StatsPeriod, on db: any Database) async throws
        -> [Date]
    {
        try await heldQuery(status: status, in: period, on: db).field(\.$id).field(Slot.self, \.$startsAt).all()
            .map { try $0.joined(Slot.self).startsAt }
    }

    private static func heldQuery(
        status: [AppointmentStatus], in period: StatsPeriod,
        on db: any Database
    ) -> QueryBuilder<Appointment> {
        Appointment.query(on: db)
            .join(Slot.self, on: \Appointment.$slot.$id == \Slot.$id)
            .filter(\.$status ~~ status)
            .filter(Slot.self, \.$startsAt >= period.start).filter(Slot.self, \.$startsAt < period.end)
    }

    static func count(_ instants: [Date], in period: StatsPeriod) -> [StatsWeek: Int] {
        sum(instants.map { ($0, 1) }, in: period)
    }

    static func sum(_ values: [(Date, Int)], in period: StatsPeriod) -> [StatsWeek: Int] {
        var totals: [StatsWeek: Int] = [:]
        for (instant, value) in values {
            if let week = period.week(of: instant) { totals[week, default: 0] += value }
        }
        return totals
    }
}
