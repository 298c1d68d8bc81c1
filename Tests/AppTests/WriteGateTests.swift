import Fluent
import Foundation
import SQLKit
import Testing

@testable import App

/// SQLite's writer thread (`WriteGate`): the writes of its own connection and Fluent's take turns in arrival order,
/// a batch per run of one kind, a refused write rolls back alone, and after shutdown nothing is taken in.
@Suite struct WriteGateTests {
    @Test func directAndFluentWritesTakeTurnsInArrivalOrder() async throws {
        guard !TestDatabase.isPostgres else { return }  // PostgreSQL has no writer
        try await withGuichetApp(demo: false) { app in
            let gate = app.guichet.writeGate
            let expires = Date(timeIntervalSince1970: 1_900_000_000)
            @Sendable func direct(_ name: String, fails: Bool = false) async throws {
                try await gate.write(direct: { connection in
                    try connection.rows(
                        SQLQueryString(
                            "INSERT INTO spent_challenges (challenge, expires_at) VALUES (\(bind: name), \(bind: expires))"
                        ))
                    if fails { throw BookingError.slotFull }
                })
            }
            @Sendable func fluent(_ name: String) async throws {
                try await app.db.write(through: gate) { tx in
                    try await tx.sql.raw(
                        """
                        INSERT INTO spent_challenges (challenge, expires_at) VALUES (\(bind: name), \(bind: expires))
                        """
                    ).run()
                }
            }
            let before = await gate.batches
            // act: five writes queued, in this order, while the writer is held: direct, direct (refused), Fluent,
            // direct, direct
            let writes: [@Sendable () async throws -> Void] = [
                { try await direct("d1") }, { try await direct("d2", fails: true) }, { try await fluent("f3") },
                { try await direct("d4") }, { try await direct("d5") },
            ]
            let tasks = try await gate.holdingWrites { () -> [Task<Bool, Never>] in
                var tasks: [Task<Bool, Never>] = []
                for write in writes {
                    tasks.append(Task { (try? await write()) != nil })
                    var tries = 0
                    while await gate.waiting < tasks.count, tries < 500 {
                        try await Task.sleep(for: .milliseconds(2))
                        tries += 1
                    }
                }
                return tasks
            }
            var kept: [Bool] = []
            for task in tasks { kept.append(await task.value) }
            // check: each its own answer, three batches ([d1 d2] [f3] [d4 d5]), the refused one's row undone
            #expect(kept == [true, false, true, true, true])
            #expect(await gate.batches - before == 3)
            let rows = try await app.db.sql.raw("SELECT challenge FROM spent_challenges ORDER BY challenge").all()
                .map { try $0.decode(column: "challenge", as: String.self) }
            #expect(rows == ["d1", "d4", "d5", "f3"])
        }
    }

    @Test func afterShutdownAWriteIsRefusedAsUnavailable() async throws {
        guard !TestDatabase.isPostgres else { return }
        try await withGuichetApp(demo: false) { app in
            let gate = app.guichet.writeGate
            try await gate.write(direct: { try $0.execute("SELECT 1") })
            gate.shutdown()
            await #expect(throws: DatabaseUnavailable.self) {
                try await gate.write(direct: { try $0.execute("SELECT 1") })
            }
        }
    }
}
