import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing
import Vapor

@testable import App

/// The application listening on a loopback port, and a client that opens as many connections as it is asked to at
/// once: for what only real sockets show (the peer's address, requests truly in parallel).
struct LiveServer {
    struct Answer: Sendable {
        let status: UInt
        let headers: HTTPHeaders
        let body: String
    }

    let port: Int
    let client: HTTPClient

    static func start(_ app: Application, connections: Int = 64) async throws -> LiveServer {
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        let port = try #require(app.http.server.shared.localAddress?.port)
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(
            idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(60))
        configuration.redirectConfiguration = .disallow
        return LiveServer(
            port: port, client: HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration))
    }

    func send(_ method: HTTPMethod, _ path: String, headers: [(String, String)] = [], form: [(String, String)]? = nil)
        async throws -> Answer
    {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let form {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(
                ByteBuffer(
                    string: form.map { "\(PageClient.encode($0.0))=\(PageClient.encode($0.1))" }
                        .joined(separator: "&")))
        }
        let response = try await client.execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 1 << 20)
        return Answer(status: response.status.code, headers: response.headers, body: String(buffer: body))
    }

    /// Stops the client and the server; call before the app shuts down.
    func stop(_ app: Application) async throws {
        try await client.shutdown()
        await app.server.shutdown()
    }
}
