import Fluent
import Foundation
import GuichetCore
import SQLKit

/// An admin's new settings for a procedure, already validated (`ProcedureForm`).
struct ProcedureSettings: Sendable, Equatable {
    var name: Localized
    var documents: Localized
    var mode: Mode
    var lengthMinutes: Int
    var walkInRule: Localized?
    /// Release mode only.
    var releasePolicy: ReleasePolicy?
    /// Draw mode only.
    var drawPolicy: DrawPolicy?
}

/// Saves a procedure's settings with an audit entry, in one transaction.
///
/// A mode change never strands anyone: leaving draw or release mode is refused while requests or lottery tickets wait
/// (they would never be drawn); appointments already booked stay valid in every mode (they hold a seat at a time), and the new mode
/// applies to what is offered from now on.
struct ProcedureChange: Sendable {
    let db: any Database
    let services: GuichetServices

    enum Refusal: Error, Equatable {
        /// Requests wait for a draw of this procedure: draw them first (or let them be withdrawn).
        case requestsWaiting(Int)
        /// A counter of this procedure serves procedures of the old mode: a release would offer seats a draw allocates.
        case countersShared
    }

    /// Requests that still expect a draw: confirmed and waiting, or waiting for their email code.
    static func openRequests(procedureID: String, on db: any Database) async throws -> Int {
        try await ApplicantRequest.query(on: db).filter(\.$procedure.$id == procedureID)
            .filter(\.$status ~~ ApplicantRequest.Status.active).count()
    }

    func apply(_ settings: ProcedureSettings, procedureID: String, actor: String, remote: String?) async throws {
        let now = services.clock.now()
        try await db.write(through: services.writeGate) { tx in
            guard let procedure = try await Procedure.find(procedureID, on: tx) else { throw RequestError.notFound }
            let oldMode = procedure.allocationMode
            // Draw requests and lottery tickets alike wait for their mode's draws: leaving it would strand them.
            if oldMode != .walkIn, settings.mode != oldMode {
                let waiting = try await Self.openRequests(procedureID: procedureID, on: tx)
                if waiting > 0 { throw Refusal.requestsWaiting(waiting) }
            }
            if oldMode != settings.mode, settings.mode != .walkIn {
                let counters = try await CounterProcedure.query(on: tx).filter(\.$procedure.$id == procedureID).all()
                    .map { $0.$counter.id }
                let neighbours = try await CounterProcedure.query(on: tx).filter(\.$counter.$id ~~ counters)
                    .filter(\.$procedure.$id != procedureID).all().map { $0.$procedure.id }
                let clash = try await Procedure.query(on: tx).filter(\.$id ~~ neighbours).all()
                    .contains { $0.allocationMode != .walkIn && $0.allocationMode != settings.mode }
                if clash { throw Refusal.countersShared }
            }
            var changes: [String] = []
            func note(_ name: String, _ old: String, _ new: String) {
                if old != new { changes.append("\(name): \(old) → \(new)") }
            }
            note("name_fr", procedure.nameFR, settings.name.fr)
            note("name_en", procedure.nameEN, settings.name.en)
            note("documents_fr", procedure.documentsFR, settings.documents.fr)
            note("documents_en", procedure.documentsEN, settings.documents.en)
            note("mode", procedure.mode, settings.mode.rawValue)
            note("length", String(procedure.lengthMinutes), String(settings.lengthMinutes))
            note("walk_in_rule_fr", procedure.walkInRuleFR ?? "", settings.walkInRule?.fr ?? "")
            note("walk_in_rule_en", procedure.walkInRuleEN ?? "", settings.walkInRule?.en ?? "")
            Self.fill(procedure, with: settings)
            try await procedure.save(on: tx)
            if let change = try await Self.saveDrawPolicy(settings.drawPolicy, procedureID: procedureID, on: tx) {
                changes.append(change)
            }

            let record = try await ReleasePolicyRecord.find(procedureID, on: tx)
            let oldPolicy = try record?.policy()
            if oldPolicy != settings.releasePolicy {
                // Read before the record is overwritten: the audit entry says what the policy was.
                let oldJSON = record?.policyJSON ?? "none"
                let sql = tx.sql
                // Weeks whose instants are drawn but none performed yet are drawn again under the new policy;
                // a week already under way keeps its remaining instants.
                try await sql.raw(
                    """
                    DELETE FROM releases WHERE procedure_id = \(bind: procedureID) AND week_start NOT IN \
                    (SELECT week_start FROM releases WHERE procedure_id = \(bind: procedureID) AND performed_at IS NOT NULL)
                    """
                ).run()
                if let policy = settings.releasePolicy {
                    if let record {
                        record.policyJSON = try ReleasePolicyRecord.json(policy)
                        try await record.save(on: tx)
                    } else {
                        try await ReleasePolicyRecord(procedureID: procedureID, policy: policy).create(on: tx)
                    }
                } else {
                    // Not in release mode any more: no release may put seats on offer for it.
                    try await sql.raw(
                        "DELETE FROM releases WHERE procedure_id = \(bind: procedureID) AND performed_at IS NULL"
                    ).run()
                    try await record?.delete(on: tx)
                }
                changes.append(
                    "release policy: \(oldJSON) → "
                        + (try settings.releasePolicy.map(ReleasePolicyRecord.json) ?? "none"))
            }
            try await AuditEntry(
                at: now, actor: actor, action: "procedure_updated", recordType: "procedure",
                recordID: procedureID, detail: changes.isEmpty ? "no change" : changes.joined(separator: "; "),
                remote: remote
            ).create(on: tx)
        }
        services.reference.invalidate()
    }

    /// Creates a procedure, listed last. It serves nowhere until an admin ticks it on a counter's page.
    func create(_ settings: ProcedureSettings, id: String, actor: String, remote: String?) async throws {
        let now = services.clock.now()
        try await db.write(through: services.writeGate) { tx in
            guard try await Procedure.find(id, on: tx) == nil else { throw ConfigCreationRefusal.idTaken }
            let position = (try await Procedure.query(on: tx).max(\.$position) ?? 0) + 1
            let procedure = Procedure(
                id: id, name: settings.name, mode: settings.mode, lengthMinutes: settings.lengthMinutes,
                documents: settings.documents, walkInRule: settings.walkInRule, position: position)
            try await procedure.create(on: tx)
            if let policy = settings.releasePolicy {
                try await ReleasePolicyRecord(procedureID: id, policy: policy).create(on: tx)
            }
            _ = try await Self.saveDrawPolicy(settings.drawPolicy, procedureID: id, on: tx)
            try await AuditEntry(
                at: now, actor: actor, action: "procedure_created", recordType: "procedure", recordID: id,
                detail: "name_fr=\(settings.name.fr) mode=\(settings.mode.rawValue) length=\(settings.lengthMinutes)",
                remote: remote
            ).create(on: tx)
        }
        services.reference.invalidate()
    }

    /// Takes a procedure out of service: no longer listed, booked, released or drawn. Appointments already booked stay
    /// valid and are served. Refused while requests wait for its draw (they would never be drawn). Returns how many
    /// active appointments remain.
    @discardableResult
    func retire(procedureID: String, actor: String, remote: String?) async throws -> Int {
        let now = services.clock.now()
        let remaining = try await db.write(through: services.writeGate) { tx in
            guard let procedure = try await Procedure.find(procedureID, on: tx) else { throw RequestError.notFound }
            guard procedure.retiredAt == nil else { return 0 }
            let waiting = try await Self.openRequests(procedureID: procedureID, on: tx)
            if waiting > 0 { throw Refusal.requestsWaiting(waiting) }
            let remaining = try await Self.activeAppointments(procedureID: procedureID, on: tx)
            procedure.retiredAt = now
            try await procedure.save(on: tx)
            try await tx.sql.raw(
                "DELETE FROM releases WHERE procedure_id = \(bind: procedureID) AND performed_at IS NULL"
            ).run()
            try await AuditEntry(
                at: now, actor: actor, action: "procedure_retired", recordType: "procedure",
                recordID: procedureID, detail: "\(remaining) active appointment(s) stay valid",
                remote: remote
            ).create(on: tx)
            return remaining
        }
        services.reference.invalidate()
        services.availability.seatsChanged()
        return remaining
    }

    /// Puts a retired procedure back in service, with the settings it had.
    func reinstate(procedureID: String, actor: String, remote: String?) async throws {
        let now = services.clock.now()
        try await db.write(through: services.writeGate) { tx in
            guard let procedure = try await Procedure.find(procedureID, on: tx) else { throw RequestError.notFound }
            guard procedure.retiredAt != nil else { return }
            procedure.retiredAt = nil
            try await procedure.save(on: tx)
            try await AuditEntry(
                at: now, actor: actor, action: "procedure_reinstated", recordType: "procedure",
                recordID: procedureID, detail: "back in service", remote: remote
            ).create(on: tx)
        }
        services.reference.invalidate()
    }

    /// Appointments of the procedure still pending or confirmed.
    static func activeAppointments(procedureID: String, on db: any Database) async throws -> Int {
        try await Appointment.query(on: db).filter(\.$procedure.$id == procedureID)
            .filter(\.$status ~~ AppointmentStatus.active).count()
    }

    private static func fill(_ procedure: Procedure, with settings: ProcedureSettings) {
        procedure.nameFR = settings.name.fr
        procedure.nameEN = settings.name.en
        procedure.documentsFR = settings.documents.fr
        procedure.documentsEN = settings.documents.en
        procedure.mode = settings.mode.rawValue
        procedure.lengthMinutes = settings.lengthMinutes
        procedure.walkInRuleFR = settings.walkInRule?.fr
        procedure.walkInRuleEN = settings.walkInRule?.en
    }

    /// Stores a draw policy when one is given (kept otherwise, for a return to draw mode). Returns the change for
    /// the audit entry, if any. The open window keeps its dates; the policy applies from the next window.
    private static func saveDrawPolicy(_ policy: DrawPolicy?, procedureID: String, on tx: any Database) async throws
        -> String?
    {
        guard let policy else { return nil }
        let json = try DrawPolicyRecord.json(policy)
        if let record = try await DrawPolicyRecord.find(procedureID, on: tx) {
            guard record.policyJSON != json else { return nil }
            let old = record.policyJSON
            record.policyJSON = json
            try await record.save(on: tx)
            return "draw policy: \(old) → \(json)"
        }
        try await DrawPolicyRecord(procedureID: procedureID, policy: policy).create(on: tx)
        return "draw policy: standard → \(json)"
    }
}
