import Foundation
import Testing

@testable import App

@Suite struct AvailabilityCacheTests {
    @Test func anAnswerIsReusedUntilASeatChanges() async throws {
        // setup
        let cache = AvailabilityCache(minAge: .zero, maxAge: .seconds(60))
        var builds = 0
        func read() async throws -> Data {
            try await cache.body(for: "k") {
                builds += 1
                return Data("\(builds)".utf8)
            }
        }
        // act, check
        #expect(try await read() == Data("1".utf8))
        #expect(try await read() == Data("1".utf8))
        cache.seatsChanged()
        #expect(try await read() == Data("2".utf8))
        #expect(builds == 2)
    }

    @Test func underBusyBookingAnAnswerIsRebuiltAtMostOncePerMinAge() async throws {
        let cache = AvailabilityCache(minAge: .seconds(60), maxAge: .seconds(120))
        var builds = 0
        for _ in 0..<10 {
            cache.seatsChanged()
            _ = try await cache.body(for: "k") {
                builds += 1
                return Data()
            }
        }
        #expect(builds == 1)
    }

    @Test func answersExpireAfterMaxAgeEvenWithoutLocalChanges() async throws {
        let cache = AvailabilityCache(minAge: .zero, maxAge: .milliseconds(50))
        var builds = 0
        _ = try await cache.body(for: "k") {
            builds += 1
            return Data()
        }
        try await Task.sleep(for: .milliseconds(80))
        _ = try await cache.body(for: "k") {
            builds += 1
            return Data()
        }
        #expect(builds == 2)
    }

    @Test func whileOneRequestRebuildsTheOthersGetThePreviousAnswer() async throws {
        // setup: an answer, then a seat change, and a rebuild that waits for a door
        let cache = AvailabilityCache(minAge: .zero, maxAge: .seconds(60))
        _ = try await cache.body(for: "k") { Data("old".utf8) }
        cache.seatsChanged()
        let (door, opener) = AsyncStream<Void>.makeStream()
        let (started, starting) = AsyncStream<Void>.makeStream()
        let rebuilder = Task {
            try await cache.body(for: "k") {
                starting.yield()
                for await _ in door { break }
                return Data("new".utf8)
            }
        }
        for await _ in started { break }
        // act: readers during the rebuild
        var builds = 0
        let during = try await cache.body(for: "k") {
            builds += 1
            return Data("mine".utf8)
        }
        opener.yield()
        let rebuilt = try await rebuilder.value
        let after = try await cache.body(for: "k") {
            builds += 1
            return Data("mine".utf8)
        }
        // check: the previous answer without a second build, then the rebuilt one
        #expect(during == Data("old".utf8))
        #expect(rebuilt == Data("new".utf8))
        #expect(after == Data("new".utf8))
        #expect(builds == 0)
    }

    @Test func aFailedRebuildLetsTheNextRequestTryAgain() async throws {
        let cache = AvailabilityCache(minAge: .zero, maxAge: .seconds(60))
        _ = try await cache.body(for: "k") { Data("old".utf8) }
        cache.seatsChanged()
        struct Down: Error {}
        await #expect(throws: Down.self) { try await cache.body(for: "k") { throw Down() } }
        #expect(try await cache.body(for: "k") { Data("new".utf8) } == Data("new".utf8))
    }

    @Test func removeAllForgetsEvenYoungAnswers() async throws {
        let cache = AvailabilityCache(minAge: .seconds(60), maxAge: .seconds(60))
        var builds = 0
        _ = try await cache.body(for: "k") {
            builds += 1
            return Data()
        }
        _ = try await cache.body(for: "k") {
            builds += 1
            return Data()
        }
        cache.removeAll()
        _ = try await cache.body(for: "k") {
            builds += 1
            return Data()
        }
        #expect(builds == 2)
    }
}
