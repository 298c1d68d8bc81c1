import Fluent
import Foundation
import GuichetCore
import SQLKit
import Testing

@testable import App

extension AppTests {
    /// The hot path's statements are parsed and planned once per PostgreSQL connection, then run by name; a statement
    /// that cannot be (a NULL value) is sent whole, with the same answer. On SQLite every statement is sent whole.
    @Suite struct PreparedStatementsTests {
        @Test func aStatementIsPreparedOnceOnItsConnectionAndRunByName() async throws {
            try await withGuichetApp(demo: false) { app in
                let text = "SELECT 'prepared-\(UUID().uuidString)' AS tag, "
                try await app.db.withConnection { connection in
                    // check: twice the same statement, with other values, answers each its own
                    for value in [41, 99] {
                        let rows = try await PreparedStatements.rows(
                            SQLQueryString("\(unsafeRaw: text)\(bind: value) AS v"), on: connection)
                        #expect(try rows.map { try $0.decode(column: "v", as: Int.self) } == [value])
                    }
                    guard TestDatabase.isPostgres else { return }
                    // check: prepared once on this connection, under a name of ours, with its parameter's type
                    let prepared = try await connection.sql.raw(
                        """
                        SELECT name, parameter_types::text AS types FROM pg_prepared_statements \
                        WHERE statement LIKE \(bind: text + "%")
                        """
                    ).all()
                    #expect(prepared.count == 1)
                    #expect(try prepared.first?.decode(column: "name", as: String.self).hasPrefix("guichet_") == true)
                    #expect(try prepared.first?.decode(column: "types", as: String.self) == "{bigint}")
                }
            }
        }

        @Test func aStatementWithANullIsSentWhole() async throws {
            try await withGuichetApp(demo: false) { app in
                let text = "SELECT 'null-\(UUID().uuidString)' AS tag, "
                try await app.db.withConnection { connection in
                    let rows = try await PreparedStatements.rows(
                        SQLQueryString("\(unsafeRaw: text)\(bind: String?.none) AS v"), on: connection)
                    #expect(try rows.first?.decodeNil(column: "v") == true)
                    guard TestDatabase.isPostgres else { return }
                    let prepared = try await connection.sql.raw(
                        """
                        SELECT count(*) AS n FROM pg_prepared_statements WHERE statement LIKE \(bind: text + "%")
                        """
                    ).all()
                    #expect(try prepared.first?.decode(column: "n", as: Int.self) == 0)
                }
            }
        }

        /// The PostgreSQL hold's single statement has no NULL value and only PostgreSQL's own types, so it is prepared:
        /// one that could not be would be sent whole every time, its parsing and planning back on every hold.
        @Test func theHoldsStatementCanBePrepared() async throws {
            let now = Date(timeIntervalSince1970: 1_796_000_000)
            let applicant = try Applicant.validate(
                ApplicantInput(
                    familyName: "Haddad", givenNames: "Omar", birthDate: "1990-01-01", nationality: "TUN",
                    email: "omar@example.org"), today: CivilDate(year: 2026, month: 12, day: 1)!)
            let appointment = Appointment(
                id: UUID(), procedureID: "renewal", slotID: 7, applicant: applicant,
                status: .pending, channel: "online", language: .fr, now: now)
            appointment.codeHash = "h"
            appointment.holdExpiresAt = now.addingTimeInterval(900)
            let subject = SuspicionSubject(.appointment, appointment.id!.uuidString)
            let statement = { (db: any SQLDatabase) in
                BookingService.holdStatement(
                    appointment, keys: Claims.keys(of: applicant), counterIDs: ["c1", "c2"],
                    signal: BookingSignal(
                        .none, for: subject, applicant: applicant, channel: "online", releasedAt: nil, now: now),
                    mail: OutboxMessage(recipient: "omar@example.org", subject: "Code", bodyText: "123456", now: now),
                    now: now, on: db)
            }
            try await withGuichetApp(demo: false) { app in
                #expect(PreparedStatements.bindings(statement(app.db.sql).values) != nil)
            }
        }
    }
}
