import Fluent
import Foundation
import GuichetCore
import SQLKit

/// The keys an active booking holds, and the error a taken key stands for.
enum Claims {
    enum Holder: String {
        case appointment, request
    }

    /// `person:` for both the identity key and the names key (equal when no foreign number is given), so a person
    /// who gave the number once and not the next time is still one person.
    static func keys(of applicant: Applicant) -> [String] {
        var keys = personKeys(identity: applicant.identityKey, names: applicant.nameKey)
        if !applicant.emailKey.isEmpty { keys.append("email:" + applicant.emailKey) }
        if let phone = applicant.phoneKey { keys.append("phone:" + phone) }
        return keys
    }

    static func personKeys(identity: IdentityKey, names: IdentityKey) -> [String] {
        identity == names ? ["person:" + identity.value] : ["person:" + identity.value, "person:" + names.value]
    }

    /// The `person:` keys of a stored identity under today's rules; nil for a row whose birth date does not read.
    static func personKeys(of row: some IdentityColumns) -> [String]? {
        guard let birth = CivilDate(iso: row.birthDate) else { return nil }
        return personKeys(
            identity: IdentityKey.make(
                familyName: row.familyName, givenNames: row.givenNames, birthDate: birth,
                nationality: row.nationality, foreignNumber: row.foreignNumber),
            names: IdentityKey.byNames(
                familyName: row.familyName, givenNames: row.givenNames, birthDate: birth,
                nationality: row.nationality))
    }

    /// Takes the keys inside the caller's transaction; a key already held makes the statement fail (and the
    /// transaction roll back), whatever process holds it.
    static func take(_ keys: [String], holder: Holder, id: String, now: Date, on tx: any Database) async throws {
        try await tx.sql.raw(taking(keys, holder: holder, id: id, now: now)).run()
    }

    /// The same as a statement for the SQLite writer's own connection (the hold, `BookingService`).
    static func take(_ keys: [String], holder: Holder, id: String, now: Date) throws -> DirectStatement {
        try DirectStatement(taking(keys, holder: holder, id: id, now: now))
    }

    private static func taking(_ keys: [String], holder: Holder, id: String, now: Date) -> SQLQueryString {
        let rows = keys.map { key in
            SQLGroupExpression(SQLList([SQLBind(key), SQLBind(holder.rawValue), SQLBind(id), SQLBind(now)]))
        }
        return "INSERT INTO active_claims (key, holder_type, holder_id, created_at) VALUES \(SQLList(rows))"
    }

    static func release(holderID: String, on tx: any Database) async throws {
        try await tx.sql.raw("DELETE FROM active_claims WHERE holder_id = \(bind: holderID)").run()
    }

    /// A request that became an appointment keeps its keys, now held by the appointment.
    static func transfer(from requestID: String, to appointmentID: String, on tx: any Database) async throws {
        try await tx.sql.raw(
            """
            UPDATE active_claims SET holder_type = \(bind: Holder.appointment.rawValue), holder_id = \(bind: appointmentID) \
            WHERE holder_id = \(bind: requestID)
            """
        ).run()
    }

    /// After a refused insert: which of the keys is taken, as the error the applicant sees.
    static func conflict(_ keys: [String], on db: any Database) async throws -> BookingError? {
        let taken = Set(try await ActiveClaim.query(on: db).filter(\.$id ~~ keys).all().compactMap(\.id))
        if keys.contains(where: { $0.hasPrefix("person:") && taken.contains($0) }) { return .duplicateIdentity }
        if keys.contains(where: { $0.hasPrefix("email:") && taken.contains($0) }) { return .duplicateEmail }
        if keys.contains(where: { $0.hasPrefix("phone:") && taken.contains($0) }) { return .duplicatePhone }
        return nil
    }

    static func isViolation(_ error: any Error) -> Bool {
        UniqueViolation.column(in: error).map { $0 == "unknown" || $0 == "key" } ?? false
    }
}
