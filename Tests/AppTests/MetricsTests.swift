import Foundation
import GuichetCore
import NIOCore
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    /// Issue 11.6: `GET /metrics` in the Prometheus text format, for the operators' scraper only.
    @Suite struct MetricsTests {
        static let token = String(repeating: "k", count: 40)

        /// The metrics as the scraper reads them: over a real socket from this machine (the default allow-list).
        static func scrape(_ app: Application, headers: HTTPHeaders = [:]) async throws -> (HTTPStatus, String) {
            var answer: (HTTPStatus, String) = (.internalServerError, "")
            try await app.testing(method: .running(port: 0)).test(.GET, "/metrics", headers: headers) { res in
                answer = (res.status, res.body.string)
            }
            return answer
        }

        static func status(_ app: Application, headers: HTTPHeaders = [:]) async throws -> HTTPStatus {
            let (status, _) = try await scrape(app, headers: headers)
            return status
        }

        /// The value of one sample line (`name{labels} value`), nil when absent.
        static func sample(_ text: String, _ series: String) -> Double? {
            text.split(separator: "\n").first { $0.hasPrefix(series + " ") }
                .flatMap { Double($0.split(separator: " ").last ?? "") }
        }

        @Test func countsWhatHappenedByRouteAndNeverByPath() async throws {
            let clock = TestClock(testStart)
            try await withGuichetApp(clock: clock) { app in
                let slot = try await Fixture.slot(app)
                let other = try await Fixture.slot(app, minute: 11 * 60)
                let booking = BookingAPITests()
                let (id, token) = try await booking.confirmedAppointment(app, slotID: slot.id!)
                try await app.testing().test(
                    .DELETE, "/api/v1/appointments/\(id)", headers: ["Authorization": "Bearer \(token)"]
                ) { res in
                    #expect(res.status == .ok)
                }
                // a hold left to expire, and a scan of a path that does not exist
                _ = try await booking.hold(
                    app, slotID: other.id!,
                    applicant: Fixture.applicant(family: "Okafor", given: "Ada", email: "ada.okafor@example.org"))
                clock.advance(by: 16 * 60)
                #expect(
                    try await BookingService(db: app.db, services: app.guichet, logger: app.logger).expireHolds() == 1)
                try await app.testing().test(.GET, "/wp-admin/\(UUID().uuidString)") { res in
                    #expect(res.status == .notFound)
                }

                let (status, text) = try await Self.scrape(app)
                #expect(status == .ok)
                #expect(Self.sample(text, "guichet_holds_total") == 2)
                #expect(Self.sample(text, "guichet_confirmations_total") == 1)
                #expect(Self.sample(text, #"guichet_cancellations_total{by="applicant"}"#) == 1)
                #expect(Self.sample(text, "guichet_hold_expirations_total") == 1)
                #expect(
                    Self.sample(
                        text, #"guichet_http_requests_total{route="/api/v1/appointments",method="POST",status="202"}"#)
                        == 2)
                #expect(
                    Self.sample(
                        text,
                        #"guichet_http_requests_total{route="/api/v1/appointments/:id",method="DELETE",status="200"}"#)
                        == 1)
                #expect(
                    Self.sample(text, #"guichet_http_requests_total{route="unmatched",method="GET",status="404"}"#) == 1
                )
                #expect(
                    Self.sample(
                        text,
                        #"guichet_http_request_duration_seconds_count{route="/api/v1/appointments",method="POST"}"#)
                        == 2)
                #expect(
                    text.contains(
                        #"guichet_http_request_duration_seconds_bucket{route="/api/v1/appointments",method="POST",le="0.005"}"#
                    ))
                // the outbox is shared: read from the database (hold codes, confirmation, cancellation, unsent here)
                #expect(Self.sample(text, "guichet_database_up") == 1)
                #expect((Self.sample(text, "guichet_outbox_depth") ?? 0) >= 4)
                #expect((Self.sample(text, "guichet_outbox_oldest_age_seconds") ?? 0) >= 16 * 60)
                if TestDatabase.isPostgres {
                    #expect(Self.sample(text, "guichet_database_pool_size") != nil)
                    #expect(Self.sample(text, #"guichet_database_connections{state="idle"}"#) != nil)
                }
                // no identifier, token or path of a request appears
                #expect(!text.contains(id) && !text.contains(token) && !text.contains("wp-admin"))
            }
        }

        @Test func refusalsAreCountedByReason() async throws {
            try await withGuichetApp(submissionLimits: SubmissionLimitTests.rules, proofOfWork: 1000) { app in
                let slot = try await Fixture.slot(app)
                try await app.testing().test(
                    .POST, "/api/v1/appointments",
                    beforeRequest: { req in
                        req.json(Fixture.holdBody(slotID: slot.id!, applicant: Fixture.applicant()))
                    }, afterResponse: { res in #expect(res.status == .forbidden) })
                let (_, text) = try await Self.scrape(app)
                #expect(Self.sample(text, #"guichet_submission_refusals_total{reason="proof_of_work_malformed"}"#) == 1)
                #expect(
                    Self.sample(
                        text, #"guichet_http_requests_total{route="/api/v1/appointments",method="POST",status="403"}"#)
                        == 1)
            }
        }

        @Test func notPublicOnlyTheAllowListOrTheToken() async throws {
            try await withGuichetApp(settings: { $0.metricsToken = Self.token }) { (app: Application) async throws in
                // from this machine: allowed; forwarded by a proxy that is not trusted: refused like a stranger
                #expect(try await Self.status(app) == .ok)
                #expect(try await Self.status(app, headers: ["X-Forwarded-For": "203.0.113.9"]) == .notFound)
                #expect(try await Self.status(app, headers: ["Forwarded": "for=203.0.113.9"]) == .notFound)
                // a wrong token is refused even from an allowed address; the right one opens it from anywhere
                #expect(try await Self.status(app, headers: ["Authorization": "Bearer nope"]) == .notFound)
                #expect(
                    try await Self.status(
                        app,
                        headers: [
                            "Authorization": "Bearer \(Self.token)",
                            "X-Forwarded-For": "203.0.113.9",
                        ]) == .ok)
            }
            try await withGuichetApp(settings: { $0.metricsAllow = [] }) { (app: Application) async throws in
                let (status, body) = try await Self.scrape(app)
                #expect(status == .notFound)
                #expect(!body.contains("guichet_"))
            }
            // behind a trusted proxy, the client it names is judged, not the proxy
            try await withGuichetApp(settings: { $0.trustedProxies = ["127.0.0.1"] }) {
                (app: Application) async throws in
                #expect(try await Self.status(app, headers: ["X-Forwarded-For": "203.0.113.9"]) == .notFound)
                #expect(try await Self.status(app, headers: ["X-Forwarded-For": "::1"]) == .ok)
            }
        }

        @Test func configurationIsChecked() throws {
            #expect(throws: ConfigError.self) {
                try GuichetConfig.fromEnvironment(["GUICHET_METRICS_TOKEN": "short"])
            }
            let config = try GuichetConfig.fromEnvironment([
                "GUICHET_METRICS_ALLOW": "10.0.0.5, 10.0.0.6",
                "GUICHET_SHUTDOWN_LIMIT": "30",
            ])
            #expect(config.metricsAllow == ["10.0.0.5", "10.0.0.6"])
            #expect(config.shutdownLimit == .seconds(30))
            #expect(try GuichetConfig.fromEnvironment(["GUICHET_METRICS_ALLOW": "none"]).metricsAllow.isEmpty)
            #expect(throws: ConfigError.self) { try GuichetConfig.fromEnvironment(["GUICHET_SHUTDOWN_LIMIT": "1"]) }
            #expect(try GuichetConfig.fromEnvironment([:]).sqliteWriteBatch == 256)
            #expect(try GuichetConfig.fromEnvironment(["SQLITE_WRITE_BATCH": "1"]).sqliteWriteBatch == 1)
            for wrong in ["0", "1001", "many"] {
                #expect(throws: ConfigError.self) { try GuichetConfig.fromEnvironment(["SQLITE_WRITE_BATCH": wrong]) }
            }
        }
    }
}
