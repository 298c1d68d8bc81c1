import Fluent
import Foundation
import GuichetCore

/// Reads appointments, requests and their signals into the rows the cluster finder takes.
///
/// Rows and signals are joined in memory, not in SQL: appointment ids are UUIDs (a native type on PostgreSQL, a
/// blob on SQLite) and signals name them as text, so no one join reads the same on both databases.
struct SuspicionRows {
    var rows: [SuspicionRow] = []
    var appointments: [String: Appointment] = [:]
    var requests: [String: ApplicantRequest] = [:]
    var signals: [SuspicionSubject: BookingSignal] = [:]

    /// Around a flagged booking made outside the range, this much is read too, so its cluster is whole.
    static let flagContext: TimeInterval = 24 * 3600

    /// Everything created in `[from, to)`; bookings their people cancelled in the churn window before `from`
    /// (the first half of a cancel-and-rebook); every booking still flagged, with what was made around it; and
    /// every booking still active, whenever made, so a new booking's near-duplicate twin of weeks ago is found.
    static func load(from: Date, to: Date, churnWindow: TimeInterval, on db: any Database) async throws -> SuspicionRows
    {
        var loaded = SuspicionRows()
        try await loaded.read(from, to, on: db)
        try await loaded.read(from.addingTimeInterval(-churnWindow), from, onlyCancelled: true, on: db)
        try await loaded.readActive(on: db)
        let flags = try await SuspicionFlag.query(on: db).filter(\.$resolvedAt == nil).all()
        let flagged = Set(flags.compactMap(\.subject))
        for subject in flagged where loaded.createdAt(of: subject) == nil {
            guard let created = try await Self.createdAt(of: subject, on: db) else { continue }
            try await loaded.read(
                created.addingTimeInterval(-flagContext), created.addingTimeInterval(flagContext), on: db)
        }
        loaded.rows = loaded.makeRows(flagged: flagged)
        return loaded
    }

    /// The registered name of a row read here.
    func name(of subject: SuspicionSubject) -> String? {
        switch subject.kind {
        case .appointment: appointments[subject.id]?.displayName
        case .request: requests[subject.id]?.displayName
        }
    }

    private func createdAt(of subject: SuspicionSubject) -> Date? {
        switch subject.kind {
        case .appointment: appointments[subject.id]?.createdAt
        case .request: requests[subject.id]?.createdAt
        }
    }

    private static func createdAt(of subject: SuspicionSubject, on db: any Database) async throws -> Date? {
        guard let id = UUID(uuidString: subject.id) else { return nil }
        switch subject.kind {
        case .appointment: return try await Appointment.find(id, on: db)?.createdAt
        case .request: return try await ApplicantRequest.find(id, on: db)?.createdAt
        }
    }

    private mutating func read(_ from: Date, _ to: Date, onlyCancelled: Bool = false, on db: any Database) async throws
    {
        var appointmentQuery = Appointment.query(on: db).filter(\.$createdAt >= from).filter(\.$createdAt < to)
        var requestQuery = ApplicantRequest.query(on: db).filter(\.$createdAt >= from).filter(\.$createdAt < to)
        if onlyCancelled {
            appointmentQuery = appointmentQuery.filter(\.$closeReason == BookingService.CloseReason.byApplicant)
            requestQuery = requestQuery.filter(\.$status == ApplicantRequest.Status.withdrawn)
        }
        for appointment in try await appointmentQuery.all() { appointments[appointment.id!.uuidString] = appointment }
        for request in try await requestQuery.all() { requests[request.id!.uuidString] = request }
        for signal in try await BookingSignal.query(on: db).filter(\.$createdAt >= from).filter(\.$createdAt < to).all()
        {
            if let subject = signal.subject { signals[subject] = signal }
        }
    }

    /// Appointments and requests that still hold a seat or a ticket, without their signals (their own columns
    /// carry the identity, the mailbox and the phone, which is what ties them to newer bookings).
    private mutating func readActive(on db: any Database) async throws {
        for appointment in try await Appointment.query(on: db).filter(\.$status ~~ AppointmentStatus.active).all()
        where appointments[appointment.id!.uuidString] == nil {
            appointments[appointment.id!.uuidString] = appointment
        }
        for request in try await ApplicantRequest.query(on: db).filter(\.$status ~~ ApplicantRequest.Status.active)
            .all()
        where requests[request.id!.uuidString] == nil {
            requests[request.id!.uuidString] = request
        }
    }

    private func makeRows(flagged: Set<SuspicionSubject>) -> [SuspicionRow] {
        // A request the draw turned into an appointment is that appointment now: its signals go with it.
        var allocatedSignals: [String: BookingSignal] = [:]
        for (id, request) in requests {
            if let appointment = request.appointmentID, let signal = signals[SuspicionSubject(.request, id)] {
                allocatedSignals[appointment.uuidString] = signal
            }
        }
        var rows: [SuspicionRow] = []
        for (id, appointment) in appointments {
            let subject = SuspicionSubject(.appointment, id)
            let signal = signals[subject] ?? allocatedSignals[id]
            let status = appointment.status
            let cancelledByPerson =
                status == .cancelled && appointment.closeReason == BookingService.CloseReason.byApplicant
            rows.append(
                SuspicionRow(
                    subject: subject, createdAt: appointment.createdAt, network: signal?.network,
                    userAgent: signal?.userAgent,
                    emailPattern: signal?.emailPattern ?? EmailPattern.of(appointment.email),
                    phoneKey: appointment.phoneKey,
                    nameKey: appointment.nameKey, emailKey: appointment.emailKey,
                    secondsSinceRelease: signal?.secondsSinceRelease,
                    cancelledAt: cancelledByPerson ? appointment.closedAt : nil,
                    isActive: status.isActive, isFlagged: flagged.contains(subject),
                    identity: Self.identity(
                        appointment.familyName, appointment.givenNames, appointment.birthDate,
                        appointment.nationality, appointment.foreignNumber)))
        }
        for (id, request) in requests where request.status != ApplicantRequest.Status.allocated {
            let subject = SuspicionSubject(.request, id)
            let signal = signals[subject]
            let nameKey =
                CivilDate(iso: request.birthDate).map {
                    IdentityKey.byNames(
                        familyName: request.familyName, givenNames: request.givenNames, birthDate: $0,
                        nationality: request.nationality
                    ).value
                } ?? "request:\(id)"
            rows.append(
                SuspicionRow(
                    subject: subject, createdAt: request.createdAt, network: signal?.network,
                    userAgent: signal?.userAgent,
                    emailPattern: signal?.emailPattern ?? EmailPattern.of(request.email),
                    phoneKey: signal?.phoneKey ?? request.phone.flatMap { try? PhoneNumber.normalise($0) },
                    nameKey: nameKey, emailKey: EmailAddress.key(request.email), secondsSinceRelease: nil,
                    cancelledAt: request.status == ApplicantRequest.Status.withdrawn ? request.closedAt : nil,
                    isActive: ApplicantRequest.Status.active.contains(request.status),
                    isFlagged: flagged.contains(subject),
                    identity: Self.identity(
                        request.familyName, request.givenNames, request.birthDate, request.nationality,
                        request.foreignNumber)))
        }
        return rows
    }

    /// The identity as stored, for near-duplicates; nil when the birth date is unreadable.
    private static func identity(
        _ family: String, _ given: String, _ birthDate: String, _ nationality: String,
        _ foreignNumber: String?
    ) -> IdentityFacts? {
        CivilDate(iso: birthDate).map {
            IdentityFacts(
                familyName: family, givenNames: given, birthDate: $0, nationality: nationality,
                foreignNumber: foreignNumber)
        }
    }
}
