@testable import App
import Foundation
import GuichetCore
import NIOCore
import Testing
import Vapor
import VaporTesting

extension AppTests {
    /// DESIGN.md, "Abuse resistance": holds and requests are limited per address and per network, with a clear 429
    /// and `Retry-After`.
    @Suite struct SubmissionLimitTests {
        static let rules = SubmissionLimits(perAddress: RateRule(limit: 2, window: 600),
                                            perNetwork: RateRule(limit: 3, window: 600))

        @Test func anAddressAndItsNetworkAreEachLimitedAndARefusalCountsNothing() {
            let throttle = SubmissionThrottle(limits: Self.rules)
            let t0 = testStart
            #expect(throttle.admit(address: "203.0.113.7", now: t0) == nil)
            #expect(throttle.admit(address: "203.0.113.7", now: t0) == nil)
            #expect(throttle.admit(address: "203.0.113.7", now: t0.addingTimeInterval(60)) == 540)
            // a neighbour on the same /24 still has the network's third submission, then the network is full
            #expect(throttle.admit(address: "203.0.113.8", now: t0) == nil)
            #expect(throttle.admit(address: "203.0.113.9", now: t0) == 600)
            // another network is untouched; IPv6 counts per /48
            #expect(throttle.admit(address: "198.51.100.1", now: t0) == nil)
            #expect(throttle.admit(address: "2001:db8:1:1::1", now: t0) == nil)
            #expect(throttle.admit(address: "2001:db8:1:2::1", now: t0) == nil)
            #expect(throttle.admit(address: "2001:db8:1:3::1", now: t0) == nil)
            #expect(throttle.admit(address: "2001:db8:1:4::1", now: t0) != nil)
            // after the window, allowed again; no address (an in-process caller) or no limits: always allowed
            #expect(throttle.admit(address: "203.0.113.7", now: t0.addingTimeInterval(600)) == nil)
            #expect(throttle.admit(address: nil, now: t0) == nil)
            #expect(SubmissionThrottle(limits: nil).admit(address: "203.0.113.7", now: t0) == nil)
        }

        @Test func theRefusalIsA429WithRetryAfterInTheErrorShape() async throws {
            try await withGuichetApp { app in
                let throttle = SubmissionThrottle(limits: Self.rules)
                let limited = GuichetErrorMiddleware().makeResponder(chainingTo: AsyncBasicResponder { request in
                    if let wait = throttle.admit(address: request.remoteAddress?.ipAddress, now: testStart) {
                        throw RequestError.tooManySubmissions(seconds: Int(wait))
                    }
                    return Response(status: .accepted)
                })
                func post() async throws -> Response {
                    let request = Request(application: app, method: .POST, url: "/api/v1/appointments",
                                          remoteAddress: try SocketAddress(ipAddress: "203.0.113.7", port: 40000),
                                          on: app.eventLoopGroup.next())
                    return try await limited.respond(to: request).get()
                }
                #expect(try await post().status == .accepted)
                #expect(try await post().status == .accepted)
                let refused = try await post()
                #expect(refused.status == .tooManyRequests)
                #expect(refused.headers.first(name: "Retry-After") == "600")
                let body = refused.body.string ?? ""
                #expect(body.contains("\"code\":\"too_many_submissions\""))
                #expect(body.contains("10 min"))
            }
        }

        @Test func theRealRoutesAreLimitedForAClientAddressAndTheLimitIsConfigured() async throws {
            try await withGuichetApp(submissionLimits: .standard) { app in
                // the middleware reads the client address as the suspicion signals do, through trusted proxies only
                let request = Request(application: app, method: .POST, url: "/api/v1/requests",
                                      remoteAddress: try SocketAddress(ipAddress: "198.51.100.20", port: 40000),
                                      on: app.eventLoopGroup.next())
                let next = AsyncBasicResponder { _ in Response(status: .accepted) }
                for _ in 0..<SubmissionLimits.standard.perAddress.limit {
                    #expect(try await SubmissionLimit().respond(to: request, chainingTo: next).status == .accepted)
                }
                await #expect(throws: RequestError.self) { try await SubmissionLimit().respond(to: request, chainingTo: next) }
                // the environment sets or lifts the limits; nonsense stops the start
                #expect(try GuichetConfig.fromEnvironment([:]).submissionLimits == .standard)
                #expect(try GuichetConfig.fromEnvironment(["GUICHET_SUBMISSION_LIMIT": "off"]).submissionLimits == nil)
                let custom = try GuichetConfig.fromEnvironment(["GUICHET_SUBMISSION_LIMIT": "10, 100"]).submissionLimits
                #expect(custom?.perAddress.limit == 10 && custom?.perNetwork.limit == 100)
                for bad in ["10", "100,10", "0,5", "a,b", "10,100,1000"] {
                    #expect(throws: ConfigError.self) { try GuichetConfig.fromEnvironment(["GUICHET_SUBMISSION_LIMIT": bad]) }
                }
            }
        }

        @Test func overTheNetworkTheHoldAndRequestRoutesAnswer429() async throws {
            try await withGuichetApp(submissionLimits: .standard) { app in
                // a real socket, so the client has an address; the limit counts every route that creates something
                let tester = try app.testing(method: .running(port: 0))
                let limit = SubmissionLimits.standard.perAddress.limit
                for _ in 0..<limit {
                    try await tester.test(.POST, "/api/v1/appointments", beforeRequest: { req in
                        req.headers.contentType = .json
                        req.body = ByteBuffer(string: "{}")
                    }, afterResponse: { res in
                        #expect(res.status == .badRequest || res.status == .unprocessableEntity)
                    })
                }
                try await tester.test(.POST, "/api/v1/requests", beforeRequest: { req in
                    req.headers.contentType = .json
                    req.body = ByteBuffer(string: "{}")
                }, afterResponse: { res in
                    #expect(res.status == .tooManyRequests)
                    #expect(Int(res.headers.first(name: "Retry-After") ?? "") ?? 0 > 0)
                    #expect(res.body.string.contains("too_many_submissions"))
                })
                try await tester.test(.POST, "/urgent", beforeRequest: { req in
                    req.headers.replaceOrAdd(name: .accept, value: "text/html")
                    req.headers.contentType = .urlEncodedForm
                    req.body = ByteBuffer(string: "csrf=x")
                }, afterResponse: { res in
                    #expect(res.status == .tooManyRequests)
                    #expect(res.body.string.contains("Rien n'a été enregistré") || res.body.string.contains("Rien n&#39;a été enregistré")
                            || res.body.string.contains("Trop de demandes"))
                })
                // reading is never limited
                try await tester.test(.GET, "/api/v1/procedures") { res in #expect(res.status == .ok) }
            }
        }
    }
}
