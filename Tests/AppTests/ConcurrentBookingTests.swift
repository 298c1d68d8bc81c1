import AsyncHTTPClient
import Fluent
import Foundation
import GuichetCore
import NIOCore
import Testing
import Vapor

@testable import App

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
                    let applicant = Fixture.applicant(
                        family: "Racer", given: Self.letters(index),
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
                    slots.append(
                        try await Fixture.slot(app, daysAhead: 2 + index / 20, minute: 9 * 60 + (index % 20) * 20))
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

        /// SQLite's writer commits the holds waiting at one moment together (issue 13.6): a refused hold in the batch
        /// rolls back alone, every caller gets its own answer, the others are kept. On PostgreSQL (no batches) the
        /// same holds give the same answers.
        @Test func aBatchWithRefusedHoldsCommitsTheOthersAndAnswersEachCaller() async throws {
            try await withGuichetApp { app in
                // setup: five slots of one seat; six holds: four people, a second booking of the first person on
                // another slot, a rival for the second person's seat
                var slots: [Int] = []
                for index in 0..<5 { slots.append(try await Fixture.slot(app, minute: 9 * 60 + index * 20).id!) }
                let holds: [(family: String, email: String, slot: Int)] = [
                    ("Benali", "karima@example.org", slots[0]), ("Haddad", "omar@example.org", slots[1]),
                    ("Ivanova", "olga@example.org", slots[2]), ("Diallo", "awa@example.org", slots[3]),
                    ("Benali", "karima.b@example.org", slots[4]), ("Sato", "yuki@example.org", slots[1]),
                ]
                let port = try await startServer(app)
                let gate = app.guichet.writeGate
                let batchesBefore = await gate.batches
                // act: the writer is held until the six holds wait for it, so that they make one batch
                async let answers = race(count: holds.count, port: port) { index in
                    let hold = holds[index]
                    return Fixture.holdBody(
                        slotID: hold.slot,
                        applicant: Fixture.applicant(
                            family: hold.family,
                            email: hold.email))
                }
                if !TestDatabase.isPostgres {
                    let waiting = try await gate.holdingWrites {
                        var tries = 0
                        while await gate.waiting < holds.count, tries < 1000 {
                            try await Task.sleep(for: .milliseconds(10))
                            tries += 1
                        }
                        return await gate.waiting
                    }
                    #expect(waiting == holds.count)
                }
                let statuses = try await answers
                // check: each caller's answer, and the database holds exactly the four accepted holds
                #expect(statuses.filter { $0.status == 202 }.count == 4)
                #expect(statuses.filter { $0.code == "duplicate_identity" }.count == 1)
                #expect(statuses.filter { $0.code == "slot_full" }.count == 1)
                #expect(statuses.count == 6)
                if !TestDatabase.isPostgres {
                    // one batch, one commit, for the six
                    #expect(await gate.batches - batchesBefore == 1)
                }
                let appointments = try await Appointment.query(on: app.db).filter(\.$slot.$id ~~ slots).all()
                #expect(appointments.count == 4)
                // whichever of Karima Benali's two holds came first, and whichever of the two for slot 1
                let held = Set(appointments.map(\.$slot.id))
                #expect(held.isSuperset(of: slots[1...3]) && held.intersection([slots[0], slots[4]]).count == 1)
                #expect(appointments.filter { $0.familyName == "Benali" }.count == 1)
                #expect(appointments.filter { ["Haddad", "Sato"].contains($0.familyName) }.count == 1)
                let taken = try await Slot.query(on: app.db).filter(\.$id ~~ slots).all().map(\.taken)
                #expect(taken.reduce(0, +) == 4)
                let ids = Set(appointments.map { $0.id!.uuidString })
                let claimHolders = Set(try await ActiveClaim.query(on: app.db).all().map(\.holderID))
                #expect(ids.isSubset(of: claimHolders))
                let mails = try await OutboxMessage.query(on: app.db).filter(\.$recipient ~~ holds.map(\.email)).count()
                #expect(mails == 4)
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
            configuration.connectionPool = .init(
                idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: count)
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
