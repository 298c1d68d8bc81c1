import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import GuichetCore
import NIOPosix
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    /// A database that cannot answer gives a clear 503 with Retry-After, never a 500 or a hang (issue 11, point 1).
    /// The PostgreSQL restarts under load are in tests/faults (real processes).
    @Suite struct DatabaseFaultTests {
        @Test func aSQLiteFileLockedByAnotherProcessAnswers503NotAHang() async throws {
            guard !TestDatabase.isPostgres else { return }
            try await withGuichetApp { app in
                let slot = try await Fixture.slot(app)
                // another process holds SQLite's write lock
                let other = try await SQLiteConnection.open(
                    storage: .file(path: app.guichet.config.sqliteFile.path), threadPool: NIOThreadPool.singleton,
                    on: MultiThreadedEventLoopGroup.singleton.any()
                ).get()
                _ = try await other.query("BEGIN EXCLUSIVE").get()
                let started = ContinuousClock.now
                try await app.testing().test(
                    .POST, "/api/v1/appointments",
                    beforeRequest: { req in
                        req.json(Fixture.holdBody(slotID: slot.id!, applicant: Fixture.applicant()))
                    },
                    afterResponse: { res in
                        #expect(res.status == .serviceUnavailable)
                        #expect(res.errorCode == "database_unavailable")
                        #expect(res.headers.first(name: .retryAfter) != nil)
                    })
                #expect(ContinuousClock.now - started < .seconds(10))
                // the page answers the same, as a page
                var browser = PageClient(app)
                _ = try await other.query("ROLLBACK").get()
                #expect(try await browser.get("/procedures/first-application").status == .ok)
                _ = try await other.query("BEGIN EXCLUSIVE").get()
                let page = try await browser.post(
                    "/appointments/\(UUID().uuidString.lowercased())/code", [("code", "123456")])
                #expect([.serviceUnavailable, .notFound].contains(page.status))
                _ = try await other.query("ROLLBACK").get()
                try await other.close().get()
                // and the hold goes through once the lock is gone
                try await app.testing().test(
                    .POST, "/api/v1/appointments",
                    beforeRequest: { req in
                        req.json(Fixture.holdBody(slotID: slot.id!, applicant: Fixture.applicant()))
                    }, afterResponse: { res in #expect(res.status == .accepted, "\(res.body.string)") })
            }
        }

        @Test func aPoolTimeoutIsUnavailableAndABugIsNot() {
            #expect(DatabaseFault.isUnavailable(ConnectionPoolTimeoutError.connectionRequestTimeout))
            #expect(DatabaseFault.isUnavailable(DatabaseUnavailable()))
            #expect(!DatabaseFault.isUnavailable(RequestError.notFound))
        }

        @Test func aRequestOverItsDeadlineIsAnswered503() async throws {
            let app = try await Application.make(.testing)
            do {
                app.middleware.use(GuichetErrorMiddleware())
                app.middleware.use(RequestDeadline(seconds: 0.3))
                app.get("slow") { _ async throws -> String in
                    try await Task.sleep(for: .seconds(2))
                    return "late"
                }
                app.get("quick") { _ in "ok" }
                try await app.testing().test(.GET, "slow") { res in
                    #expect(res.status == .serviceUnavailable)
                    #expect(res.headers.first(name: .retryAfter) == "5")
                }
                try await app.testing().test(.GET, "quick") { res in #expect(res.body.string == "ok") }
            } catch {
                try await app.asyncShutdown()
                throw error
            }
            try await app.asyncShutdown()
        }
    }
}
