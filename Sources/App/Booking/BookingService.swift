import Fluent
import Foundation
import GuichetCore
import Logging
import SQLKit

/// Holds, confirms, cancels and expires appointments. Every step that changes seats runs in one write
/// transaction with its email, so a seat, an appointment and its message are committed together or not at all.
struct BookingService: Sendable {
    let db: any Database
    let services: GuichetServices
    let logger: Logger

    struct Hold: Sendable {
        let id: UUID
        let expiresAt: Date
    }

    struct Confirmed: Sendable {
        let appointment: Appointment
        let manageToken: String
    }

    /// Takes a seat for 15 minutes and emails a code. The seat, the appointment, its claims and its email are one
    /// transaction: a claim already held (or a partial unique index) refuses a second active booking of the same
    /// person, email or phone and undoes the seat. Nothing is read before the transaction but the cached
    /// reference data, so the hot path is five statements (the fifth keeps the client's suspicion signals).
    func hold(
        procedureID: String, slotID: Int, applicant: Applicant, language: Language,
        channel: String = "online", client: ClientSignals = .none
    ) async throws -> Hold {
        let now = services.clock.now()
        let reference = try await services.reference.get(on: db)
        guard let procedure = reference.procedures[procedureID], !procedure.retired else {
            throw BookingError.unknownProcedure
        }
        guard procedure.mode == .release else { throw BookingError.procedureNotBookable(mode: procedure.mode.rawValue) }

        let code = services.random.with { Tokens.confirmationCode(using: &$0) }
        let appointment = Appointment(
            id: services.random.with { UUID.random(using: &$0) }, procedureID: procedureID,
            slotID: slotID, applicant: applicant, status: .pending, channel: channel,
            language: language, now: now)
        appointment.codeHash = Tokens.sha256Hex(code)
        appointment.holdExpiresAt = now.addingTimeInterval(BookingRules.holdDuration)

        let claimKeys = Claims.keys(of: applicant)
        let subject = SuspicionSubject(.appointment, appointment.id!.uuidString)
        let expiresAt = appointment.holdExpiresAt
        @Sendable func mail(for slot: SeatLedger.Taken) -> ComposedMail {
            Mails.holdCode(
                code: code, slot: SlotSummary(slot, reference: reference, procedure: procedure, language: language),
                expiresAt: expiresAt, language: language)
        }
        do {
            if services.writeGate.isSQLite {
                // On the writer's own connection, with the other holds waiting at this moment; the statements are made
                // here, so that the writer's thread only runs them.
                guard !procedure.counterIDs.isEmpty else { throw SeatUnavailable() }
                let takeSeat = try SeatLedger.take(slotID: slotID, counterIDs: procedure.counterIDs, now: now)
                let insertAppointment = try DirectStatement(inserting: appointment.insertRow)
                let takeClaims = try Claims.take(claimKeys, holder: .appointment, id: subject.id, now: now)
                let insertSignal = try DirectStatement(
                    inserting: BookingSignal(
                        client, for: subject, applicant: applicant, channel: channel, releasedAt: nil, now: now
                    ).insertRow)
                try await services.writeGate.writeDirect { connection in
                    guard let taken = try SeatLedger.take(takeSeat, on: connection) else { throw SeatUnavailable() }
                    try connection.rows(insertAppointment)
                    try connection.rows(takeClaims)
                    try connection.rows(
                        insertSignal.setting(
                            "seconds_since_release",
                            to: BookingSignal.secondsSince(taken.releasedAt, now: now).map { .float($0) } ?? .null))
                    if !applicant.email.isEmpty {
                        try connection.rows(
                            DirectStatement(
                                inserting: try OutboxMessage(
                                    recipient: applicant.email, mail: mail(for: taken), now: now
                                ).insertRow))
                    }
                }
            } else {
                guard !procedure.counterIDs.isEmpty, let slot = try await SeatLedger.describe(slotID: slotID, on: db)
                else { throw SeatUnavailable() }
                let statement = Self.holdStatement(
                    appointment, keys: claimKeys, counterIDs: procedure.counterIDs,
                    signal: BookingSignal(
                        client, for: subject, applicant: applicant, channel: channel, releasedAt: nil, now: now),
                    mail: applicant.email.isEmpty
                        ? nil : try OutboxMessage(recipient: applicant.email, mail: mail(for: slot), now: now),
                    now: now, on: db.sql)
                try await db.write(through: services.writeGate, oneStatement: true) { tx in
                    guard
                        try await PreparedStatements.rows(statement, on: tx).first?.decode(column: "held", as: Int.self)
                            == 1
                    else { throw SeatUnavailable() }
                }
            }
        } catch is SeatUnavailable {
            throw try await whySlotUnavailable(slotID: slotID, counterIDs: procedure.counterIDs, now: now)
        } catch {
            throw try await refusal(for: error, claimKeys: claimKeys)
        }
        services.availability.seatsChanged()
        services.metrics.held()
        return Hold(id: appointment.id!, expiresAt: appointment.holdExpiresAt)
    }

    /// PostgreSQL's hold as one statement (issue 13.2): the seat, the appointment, its claims, its signal and its
    /// email in data-modifying parts of one `WITH`, sent alone (no BEGIN, no COMMIT: a statement is atomic), so no
    /// row lock is held across round trips. Everything after the seat happens once per row the seat's UPDATE returns,
    /// so not at all when there is no free seat; a claim already held (or the appointments' partial unique index)
    /// fails the whole statement, seat included, as the transaction on SQLite rolls back. Answers `held` = 1 or 0.
    /// The signal's seconds since the release are computed from the slot's row as the seat is taken. Its text is the
    /// same for every hold of a shape (counters, NULLs, an email or not), so PostgreSQL prepares it once per
    /// connection (`PreparedStatements`); the claims' keys are one array value for that reason.
    static func holdStatement(
        _ appointment: Appointment, keys: [String], counterIDs: [String], signal: BookingSignal,
        mail: OutboxMessage?, now: Date, on db: any SQLDatabase
    ) -> PostgresStatement {
        var statement = PostgresStatement(
            "WITH seat AS (\(SeatLedger.taking(slotID: appointment.$slot.id, counterIDs: counterIDs, now: now)) RETURNING released_at)"
                as SQLQueryString,
            on: db)
        statement.append(", appointment AS (")
        statement.append(appointment.insertRow, selectingFrom: "seat")
        statement.append(
            " RETURNING id), claims AS (INSERT INTO active_claims (key, holder_type, holder_id, created_at) SELECT claim.key, "
        )
        statement.append(bind: Claims.Holder.appointment.rawValue)
        statement.append(", ")
        statement.append(bind: appointment.id!.uuidString)
        statement.append(", ")
        statement.append(bind: now)
        statement.append(" FROM appointment, unnest(")
        statement.append(bind: keys)
        statement.append("::text[]) AS claim (key)), signal AS (")
        statement.append(
            signal.insertRow, selectingFrom: "seat",
            overriding: [
                "seconds_since_release": { statement in
                    statement.append(
                        "CASE WHEN seat.released_at IS NULL THEN NULL ELSE GREATEST(0, EXTRACT(EPOCH FROM (")
                    statement.append(bind: now)
                    statement.append(" - seat.released_at))) END")
                }
            ])
        statement.append(")")
        if let mail {
            statement.append(", mail AS (")
            statement.append(mail.insertRow, selectingFrom: "seat")
            statement.append(")")
        }
        statement.append(" SELECT count(*) AS held FROM appointment")
        return statement
    }

    /// Checks the emailed code. Five wrong codes cancel the hold; a late code finds the hold expired.
    func confirm(id: UUID, code: String) async throws -> Confirmed {
        let now = services.clock.now()
        let token = services.random.with { Tokens.manageToken(using: &$0) }
        let convocation = services.random.with { Tokens.shortCode(using: &$0) }
        let links = services.mailLinks
        let outcome: Result<Confirmed, BookingError> = try await db.write(through: services.writeGate) { tx in
            guard let appointment = try await Appointment.find(id, on: tx) else { throw RequestError.notFound }
            switch appointment.status {
            case .pending: break
            case .expired: return .failure(.holdExpired)
            case .cancelled where appointment.closeReason == CloseReason.tooManyAttempts:
                return .failure(.holdCancelled)
            case .confirmed: return .failure(.notPending)
            default: return .failure(.alreadyCancelled)
            }
            if now >= appointment.holdExpiresAt {
                try await Self.close(appointment, as: .expired, reason: CloseReason.holdExpired, now: now, on: tx)
                return .failure(.holdExpired)
            }
            switch BookingRules.checkCode(code, hash: appointment.codeHash, attemptsSoFar: appointment.codeAttempts) {
            case .accepted: break
            case .rejected(let attempts, let remaining):
                appointment.codeAttempts = attempts
                try await appointment.save(on: tx)
                return .failure(.invalidCode(remainingAttempts: remaining))
            case .exhausted:
                try await Self.close(appointment, as: .cancelled, reason: CloseReason.tooManyAttempts, now: now, on: tx)
                return .failure(.holdCancelled)
            }
            appointment.status = .confirmed
            appointment.confirmedAt = now
            appointment.manageTokenHash = Tokens.sha256Hex(token)
            appointment.convocationCode = convocation
            try await appointment.save(on: tx)
            let language = Language(rawValue: appointment.language) ?? .fr
            let summary = try await Self.summary(of: appointment, language: language, on: tx)
            let mail = Mails.confirmation(
                appointmentID: id, name: appointment.displayName, slot: summary,
                convocationCode: convocation, manageToken: token, links: links, now: now,
                language: language)
            try await Outbox.enqueue(to: appointment.email, mail, now: now, on: tx)
            return .success(Confirmed(appointment: appointment, manageToken: token))
        }
        switch outcome {
        case .success: services.metrics.confirmed()
        case .failure: services.availability.seatsChanged()
        }
        return try outcome.get()
    }

    /// Cancels an active appointment for the holder of its manage token; the seat goes back to `planned`.
    func cancel(id: UUID, manageToken: String) async throws -> Appointment {
        try await close(try await authorised(id: id, manageToken: manageToken), reason: CloseReason.byApplicant)
    }

    /// Cancels an active appointment at the person's request, by an agent (for people who have no manage link,
    /// booked at the counter without an email address, or who ask by phone); audited with the agent and reason.
    func cancelByAgent(id: UUID, actor: String, reason: String, remote: String?) async throws -> Appointment {
        guard let appointment = try await Appointment.find(id, on: db) else { throw RequestError.notFound }
        return try await close(appointment, reason: CloseReason.byAgent) { now, tx in
            try await AuditEntry(
                at: now, actor: actor, action: "appointment_cancelled_by_agent", recordType: "appointment",
                recordID: id.uuidString, detail: reason, remote: remote
            ).create(on: tx)
        }
    }

    /// The cancellation itself: refused once the appointment has begun; the seat back to `planned`, the email and
    /// whatever `record` adds in one transaction.
    private func close(
        _ appointment: Appointment, reason: String,
        record: @escaping @Sendable (Date, any Database) async throws -> Void = { _, _ in }
    ) async throws -> Appointment {
        let now = services.clock.now()
        if let slot = try await Slot.find(appointment.$slot.id, on: db), slot.startsAt <= now {
            throw BookingError.appointmentPast
        }
        let cancelled = try await db.write(through: services.writeGate) { tx in
            guard try await Self.close(appointment, as: .cancelled, reason: reason, now: now, on: tx) else {
                throw BookingError.alreadyCancelled
            }
            let language = Language(rawValue: appointment.language) ?? .fr
            let summary = try await Self.summary(of: appointment, language: language, on: tx)
            try await Outbox.enqueue(
                to: appointment.email, Mails.cancellation(slot: summary, language: language),
                now: now, on: tx)
            try await record(now, tx)
            appointment.status = .cancelled
            return appointment
        }
        services.availability.seatsChanged()
        services.metrics.cancelled(by: reason == CloseReason.byAgent ? "agent" : "applicant")
        return cancelled
    }

    /// The appointment, if the token is its manage token.
    func authorised(id: UUID, manageToken: String) async throws -> Appointment {
        guard let appointment = try await Appointment.find(id, on: db) else { throw RequestError.notFound }
        guard let hash = appointment.manageTokenHash,
            Tokens.matches(manageToken, hash: hash)
        else { throw RequestError.unauthorized }
        return appointment
    }

    /// Expires holds whose 15 minutes are over; returns how many were expired.
    @discardableResult
    func expireHolds(limit: Int = 200) async throws -> Int {
        let now = services.clock.now()
        let due = try await Appointment.query(on: db)
            .filter(\.$status == .pending)
            .filter(\.$holdExpiresAt <= now)
            .limit(limit)
            .all()
        var expired = 0
        for appointment in due {
            let done = try await db.write(through: services.writeGate) { tx in
                try await Self.close(appointment, as: .expired, reason: CloseReason.holdExpired, now: now, on: tx)
            }
            if done { expired += 1 }
        }
        if expired > 0 {
            services.availability.seatsChanged()
            services.metrics.expired(expired)
        }
        return expired
    }

    // MARK: - Internals

    struct SeatUnavailable: Error {}

    enum CloseReason {
        static let holdExpired = "hold_expired"
        static let tooManyAttempts = "too_many_attempts"
        static let byApplicant = "cancelled_by_applicant"
        static let byAgent = "cancelled_by_agent"
    }

    /// Ends an active appointment and frees its seat, once: the status change is conditional, so two closers
    /// (the sweeper and a late confirmation, two processes) cannot free the same seat twice.
    @discardableResult
    static func close(
        _ appointment: Appointment, as status: AppointmentStatus, reason: String, now: Date,
        on tx: any Database
    ) async throws -> Bool {
        let changed = try await tx.sql.raw(
            """
            UPDATE appointments SET status = \(bind: status.rawValue), closed_at = \(bind: now), \
            close_reason = \(bind: reason) \
            WHERE id = \(bind: appointment.id!) AND status IN (\(binds: AppointmentStatus.active.map(\.rawValue))) RETURNING id
            """
        ).all()
        guard !changed.isEmpty else { return false }
        try await SeatLedger.free(slotID: appointment.$slot.id, on: tx)
        try await Claims.release(holderID: appointment.id!.uuidString, on: tx)
        appointment.status = status
        appointment.closedAt = now
        appointment.closeReason = reason
        return true
    }

    /// What a booking's failed write tells the person: which of their identity, email or phone already holds a
    /// booking (a unique index or a claim refused the row); any other error as it came.
    func refusal(for error: any Error, claimKeys: [String]) async throws -> any Error {
        if let duplicate = UniqueViolation.bookingError(for: error) { return duplicate }
        if Claims.isViolation(error), let duplicate = try await Claims.conflict(claimKeys, on: db) { return duplicate }
        return error
    }

    func whySlotUnavailable(slotID: Int, counterIDs: [String], now: Date) async throws -> BookingError {
        guard let slot = try await Slot.find(slotID, on: db) else { return .slotNotFound }
        return BookingError(slot.unavailability(servedBy: counterIDs, now: now) ?? .full)
    }

    static func summary(_ slot: Slot, _ procedure: Procedure, _ language: Language) -> SlotSummary {
        SlotSummary(
            start: slot.startsAt, end: slot.endsAt, counterName: slot.counter.name, siteName: slot.counter.site.name,
            siteAddress: slot.counter.site.address, procedureName: procedure.name(language))
    }

    static func summary(of appointment: Appointment, language: Language, on db: any Database) async throws
        -> SlotSummary
    {
        guard
            let slot = try await Slot.query(on: db).filter(\.$id == appointment.$slot.id)
                .with(\.$counter, { $0.with(\.$site) }).first(),
            let procedure = try await Procedure.find(appointment.$procedure.id, on: db)
        else { throw RequestError.notFound }
        return summary(slot, procedure, language)
    }
}

extension UUID {
    /// A version-4 UUID from the injected generator.
    static func random(using generator: inout any RandomNumberGenerator) -> UUID {
        var bytes = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
    }
}
