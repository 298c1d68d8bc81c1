@testable import App
import AsyncHTTPClient
import Fluent
import Foundation
import GuichetCore
import NIOCore
import Testing
import Vapor

extension AppTests {
    /// Bookings racing over real HTTP against a listening server: the database decides, never a read-then-write.
    @Suite struct ConcurrentBookingTests {
        @Test func twoHundredRacersForFiveSeatsGetExactlyFiveHolds() async throws {
            try await withGuichetApp { app in
                // setup
                let slot = try await Fixture.slot(app, capacity: 5)
                let port = try await startServer(app)
                // act
                let statuses = try await race(count: 200, port: port) { index in
                    let applicant = Fixture.applicant(family: "Racer", given: Self.letters(index),
                                                      email: "racer\(index)@example.org")
                    return Fixture.holdBody(slotID: slot.id!, applicant: applicant)
                }
                // check
                #expect(statuses.filter { $0.status == 202 }.count == 5)
                #expect(statuses.filter { $0.code == "slot_full" }.count == 195)
                #expect(statuses.allSatisfy { $0.status == 202 || $0.status == 409 })
                let after = try #require(try await Slot.find(slot.id!, on: app.db))
                #expect(after.taken == 5)
                let active = try await Appointment.query(on: app.db).filter(\.$slot.$id == slot.id!).count()
                #expect(active == 5)
                await app.server.shutdown()
            }
        }

        @Test func fiftyRacersWithOneIdentityOnDifferentSlotsGetExactlyOneHold() async throws {
            try await withGuichetApp { app in
                // setup
                var slots: [Slot] = []
                for index in 0..<50 {
                    slots.append(try await Fixture.slot(app, daysAhead: 2 + index / 20, minute: 9 * 60 + (index % 20) * 20))
                }
                let slotIDs = slots.map { $0.id! }
                let port = try await startServer(app)
                // act: the same person, names typed differently, from fifty emails
                let statuses = try await race(count: 50, port: port) { index in
                    let family = index.isMultiple(of: 2) ? "Benali" : "BENALI"
                    let applicant = Fixture.applicant(family: family, email: "k\(index)@example.org")
                    return Fixture.holdBody(slotID: slotIDs[index], applicant: applicant)
                }
                // check
                #expect(statuses.filter { $0.status == 202 }.count == 1)
                #expect(statuses.filter { $0.code == "duplicate_identity" }.count == 49)
                let taken = try await Slot.query(on: app.db).filter(\.$taken > 0).count()
                #expect(taken == 1)
                await app.server.shutdown()
            }
        }

        // MARK: helpers

        struct Outcome: Sendable {
            let status: UInt
            let code: String?
        }

        func startServer(_ app: Application) async throws -> Int {
            app.http.server.configuration.hostname = "127.0.0.1"
            app.http.server.configuration.port = 0
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            return try #require(app.http.server.shared.localAddress?.port)
        }

        /// Fires `count` requests at once, each on its own connection.
        func race(count: Int, port: Int, body: @escaping @Sendable (Int) -> Data) async throws -> [Outcome] {
            var configuration = HTTPClient.Configuration()
            configuration.connectionPool = .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: count)
            configuration.timeout = .init(connect: .seconds(10), read: .seconds(60))
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            do {
                let outcomes = try await withThrowingTaskGroup(of: Outcome.self) { group in
                    for index in 0..<count {
                        group.addTask {
                            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/v1/appointments")
                            request.method = .POST
                            request.headers.add(name: "Content-Type", value: "application/json")
                            request.body = .bytes(ByteBuffer(data: body(index)))
                            let response = try await client.execute(request, timeout: .seconds(60))
                            let bytes = try await response.body.collect(upTo: 1 << 16)
                            let object = try? JSONSerialization.jsonObject(with: Data(buffer: bytes)) as? [String: Any]
                            let code = (object?["error"] as? [String: Any])?["code"] as? String
                            return Outcome(status: response.status.code, code: code)
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                try await client.shutdown()
                return outcomes
            } catch {
                try? await client.shutdown()
                throw error
            }
        }

        /// Names are letters only: map digits to letters.
        static func letters(_ number: Int) -> String {
            let alphabet = Array("abcdefghij")
            return "Client " + String(String(number).map { alphabet[Int(String($0))!] }).capitalized
        }
    }
}
