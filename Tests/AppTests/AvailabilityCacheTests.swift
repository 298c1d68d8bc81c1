@testable import App
import Foundation
import Testing

@Suite struct AvailabilityCacheTests {
    @Test func anAnswerIsReusedUntilASeatChanges() async throws {
        // setup
        let cache = AvailabilityCache(minAge: .zero, maxAge: .seconds(60))
        var builds = 0
        func read() async throws -> Data {
            try await cache.body(for: "k") { builds += 1; return Data("\(builds)".utf8) }
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
            _ = try await cache.body(for: "k") { builds += 1; return Data() }
        }
        #expect(builds == 1)
    }

    @Test func answersExpireAfterMaxAgeEvenWithoutLocalChanges() async throws {
        let cache = AvailabilityCache(minAge: .zero, maxAge: .milliseconds(50))
        var builds = 0
        _ = try await cache.body(for: "k") { builds += 1; return Data() }
        try await Task.sleep(for: .milliseconds(80))
        _ = try await cache.body(for: "k") { builds += 1; return Data() }
        #expect(builds == 2)
    }

    @Test func removeAllForgetsEvenYoungAnswers() async throws {
        let cache = AvailabilityCache(minAge: .seconds(60), maxAge: .seconds(60))
        var builds = 0
        _ = try await cache.body(for: "k") { builds += 1; return Data() }
        _ = try await cache.body(for: "k") { builds += 1; return Data() }
        cache.removeAll()
        _ = try await cache.body(for: "k") { builds += 1; return Data() }
        #expect(builds == 2)
    }
}
