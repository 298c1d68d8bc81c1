import Foundation
import NIOCore
import Vapor
import VaporTesting

@testable import App

/// A browser without JavaScript for page tests: keeps cookies, sends forms, reads what a page links to.
struct PageClient {
    let app: Application
    var cookies: [String: String] = [:]
    var language = "fr"

    init(_ app: Application, language: String = "fr") {
        self.app = app
        self.language = language
    }

    mutating func get(_ path: String) async throws -> TestingHTTPResponse {
        try await send(.GET, path, body: nil, contentType: nil)
    }

    /// Posts an URL-encoded form; the page's CSRF token is added unless `csrf` is given (or "" for none).
    mutating func post(_ path: String, _ fields: [(String, String)], csrf: String? = nil) async throws
        -> TestingHTTPResponse
    {
        var all = fields
        let token = csrf ?? cookies[CSRF.cookie] ?? ""
        if !token.isEmpty { all.append((CSRF.field, token)) }
        let body = all.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await send(.POST, path, body: ByteBuffer(string: body), contentType: .urlEncodedForm)
    }

    /// Posts a multipart form (`files`: field, file name, bytes).
    mutating func postMultipart(
        _ path: String, _ fields: [(String, String)],
        files: [(String, String, [UInt8])]
    ) async throws -> TestingHTTPResponse {
        let boundary = "----guichet-test-boundary-7f3a"
        var body = ByteBuffer()
        var all = fields
        all.append((CSRF.field, cookies[CSRF.cookie] ?? ""))
        for (name, value) in all {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        for (name, filename, bytes) in files {
            body.writeString(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(filename)\"\r\n")
            body.writeString("Content-Type: application/octet-stream\r\n\r\n")
            body.writeBytes(bytes)
            body.writeString("\r\n")
        }
        body.writeString("--\(boundary)--\r\n")
        return try await send(
            .POST, path, body: body,
            contentType: HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary]))
    }

    private mutating func send(
        _ method: HTTPMethod, _ path: String, body: ByteBuffer?,
        contentType: HTTPMediaType?
    ) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .accept, value: "text/html")
        headers.replaceOrAdd(name: .acceptLanguage, value: language)
        if !cookies.isEmpty {
            headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        if let contentType { headers.contentType = contentType }
        let response = try await app.testing().sendRequest(method, path, headers: headers, body: body ?? ByteBuffer())
        for header in response.headers[.setCookie] {
            let pair = header.split(separator: ";").first.map(String.init) ?? ""
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { cookies[parts[0]] = parts[1] }
        }
        return response
    }

    static func encode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}

extension TestingHTTPResponse {
    var html: String { String(buffer: body) }

    var location: String? { headers.first(name: .location) }

    /// Every `href` on the page whose value matches `pattern` (HTML entities decoded).
    func links(matching pattern: String) -> [String] {
        html.matches(of: /href="([^"]+)"/).map { String($0.1).replacingOccurrences(of: "&amp;", with: "&") }
            .filter { $0.contains(pattern) }
    }

    /// The text of the element with this `id`.
    func text(ofID id: String) -> String? {
        guard let match = html.firstMatch(of: try! Regex("id=\"\(id)\"[^>]*>([^<]*)<")) else { return nil }
        return (match.output[1].substring).map(String.init)
    }

    func attribute(_ name: String, ofID id: String) -> String? {
        guard let match = html.firstMatch(of: try! Regex("id=\"\(id)\"[^>]*\(name)=\"([^\"]*)\"")) else { return nil }
        return (match.output[1].substring).map(String.init)
    }
}
