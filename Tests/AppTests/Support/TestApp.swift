import Fluent
import Foundation
import GuichetCore
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import App

/// The database the suite runs on: SQLite by default, PostgreSQL when `DATABASE_URL` is set.
enum TestDatabase {
    static let postgresURL: String? = {
        let url = ProcessInfo.processInfo.environment["DATABASE_URL"]
        guard let url, !url.isEmpty else { return nil }
        // CI checks for this line to be sure the PostgreSQL run really ran the database tests.
        print("GUICHET_TEST_DATABASE=postgres")
        return url
    }()

    static var isPostgres: Bool { postgresURL != nil }
}

/// A Tuesday morning in Paris, before the demo's slots: tests move time from here.
let testStart = ParisTime.instant(date: CivilDate(year: 2026, month: 12, day: 1)!, minuteOfDay: 8 * 60)

/// Configures a fresh application on a fresh database (a temporary SQLite file, or a PostgreSQL schema of its
/// own), migrates, loads the demo data, runs `body`, then tears everything down. The submission limits and the
/// proof of work are off unless asked for: tests that race many clients over real sockets all come from one address,
/// and their own tests turn them on. `settings` changes anything else of the configuration.
func withGuichetApp(
    clock: TestClock = TestClock(testStart),
    demo: Bool = true,
    submissionLimits: SubmissionLimits? = nil,
    proofOfWork: Int? = nil,
    settings: (inout GuichetConfig) -> Void = { _ in },
    _ body: (Application) async throws -> Void
) async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("guichet-test-\(UUID().uuidString)")
    var config = GuichetConfig(dataDirectory: folder)
    config.bcryptCost = 4
    config.submissionLimits = submissionLimits
    config.proofOfWorkMaxNumber = proofOfWork
    settings(&config)
    let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
    if let url = TestDatabase.postgresURL {
        config.databaseURL = url
        config.postgresSchema = schema
    }
    let app = try await Application.make(.testing)
    do {
        try await configure(app, config: config, clock: clock, random: RandomSource(SeededGenerator(seed: 42)))
        try await app.autoMigrate()
        if demo {
            try await DemoData.load(on: app.db, gate: app.guichet.writeGate, clock: clock, random: app.guichet.random)
        }
        try await body(app)
    } catch {
        try await teardown(app, folder: folder, schema: schema)
        throw error
    }
    try await teardown(app, folder: folder, schema: schema)
}

private func teardown(_ app: Application, folder: URL, schema: String) async throws {
    if TestDatabase.isPostgres {
        try? await app.db.sql.raw("DROP SCHEMA IF EXISTS \(ident: schema) CASCADE").run()
    }
    try await app.asyncShutdown()
    try? FileManager.default.removeItem(at: folder)
}

/// Test data built directly in the database.
enum Fixture {
    /// A slot at `counter`, `daysAhead` days after `testStart` at 10:00 (or `minute`), with `released` seats on offer.
    @discardableResult
    static func slot(
        _ app: Application, counter: String = "mtp-1", daysAhead: Int = 3, minute: Int = 10 * 60,
        capacity: Int = 1, released: Int? = nil
    ) async throws -> Slot {
        let date = ParisTime.civilDate(of: testStart).adding(days: daysAhead)
        let start = ParisTime.instant(date: date, minuteOfDay: minute)
        // Demo slots may sit at that time already: use an odd minute so the fixture never collides.
        let slot = Slot(
            counterID: counter, startsAt: start.addingTimeInterval(7), endsAt: start.addingTimeInterval(20 * 60),
            capacity: capacity)
        slot.released = released ?? capacity
        try await slot.create(on: app.db)
        return slot
    }

    static func applicant(
        family: String = "Benali", given: String = "Karima", birth: String = "1988-04-12",
        nationality: String = "DZA", email: String = "karima.benali@example.org",
        foreignNumber: String? = nil, phone: String? = nil
    ) -> [String: Any] {
        var applicant: [String: Any] = [
            "familyName": family, "givenNames": given, "birthDate": birth,
            "nationality": nationality, "email": email,
        ]
        if let foreignNumber { applicant["foreignNumber"] = foreignNumber }
        if let phone { applicant["phone"] = phone }
        return applicant
    }

    static func holdBody(procedure: String = "first-application", slotID: Int, applicant: [String: Any]) -> Data {
        try! JSONSerialization.data(withJSONObject: ["procedure": procedure, "slotId": slotID, "applicant": applicant])
    }

    /// The 6-digit code of the last email sent to `email`, read from its rendered text.
    static func lastCode(_ app: Application, to email: String) async throws -> String {
        let text = try await lastMail(app, to: email).text
        let match = try #require(text.firstMatch(of: /\b(\d{6})\b/))
        return String(match.1)
    }

    /// The last email queued (to `email`, or to anyone), rendered as the outbox worker would deliver it.
    static func lastMail(_ app: Application, to email: String? = nil) async throws -> MailMessage {
        var query = OutboxMessage.query(on: app.db)
        if let email { query = query.filter(\.$recipient == email) }
        return try await render(app, try #require(try await query.sort(\.$id, .descending).first()))
    }

    static func render(_ app: Application, _ row: OutboxMessage) async throws -> MailMessage {
        try await app.guichet.mailRenderer.message(
            id: "outbox-\(row.id ?? 0)@test", from: app.guichet.config.mailFrom, to: row.recipient,
            subject: row.subject,
            date: row.createdAt, bodyText: row.bodyText, template: row.template, language: row.language,
            contextJSON: row.contextJSON, attachmentsJSON: row.attachmentsJSON)
    }
}

extension TestingHTTPRequest {
    mutating func json(_ data: Data) {
        headers.contentType = .json
        body = ByteBuffer(data: data)
    }
}

extension TestingHTTPResponse {
    /// The `error.code` of a JSON error answer.
    var errorCode: String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any],
            let error = object["error"] as? [String: Any]
        else { return nil }
        return error["code"] as? String
    }

    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any]) ?? [:]
    }
}

/// Every application test runs inside this suite, one at a time: each starts a server, a database and
/// connection pools, and PostgreSQL's connection limit is shared.
@Suite(.serialized) struct AppTests {}
