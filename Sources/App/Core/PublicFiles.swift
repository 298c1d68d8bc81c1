import Foundation
import Vapor

/// The public folder's files (the stylesheet, the proof-of-work script), read once at start and served from memory
/// with an entity tag. `FileMiddleware` looked each request's path up on the file system, API calls and pages
/// included, through the thread pool: the largest part of the fixed cost of a request (issue 13.3,
/// `docs/decisions/0024`). Only the files found at start are served; any other path goes on to the routes.
struct PublicFiles: AsyncMiddleware {
    struct File: Sendable {
        let body: ByteBuffer
        let contentType: HTTPMediaType
        let etag: String
    }

    /// Larger files have no place in this folder.
    static let maxFileSize = 1 << 20

    let files: [String: File]

    /// Every regular file under `directory`, keyed by its URL path ("/styles.css").
    init(directory: String) throws {
        let root = URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL
        var files: [String: File] = [:]
        let walker = FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: [.isRegularFileKey, .fileSizeKey])
        while let url = walker?.nextObject() as? URL {
            let values = try url.resourceValues(forKeys: [.isRegularFileKey, .fileSizeKey])
            guard values.isRegularFile == true else { continue }
            guard (values.fileSize ?? 0) <= Self.maxFileSize else {
                throw ConfigError("\(url.path): public files are served from memory, 1 MB at most")
            }
            let data = try Data(contentsOf: url)
            let path = String(url.standardizedFileURL.path.dropFirst(root.path.count))
            files[path.hasPrefix("/") ? path : "/" + path] = File(
                body: ByteBuffer(data: data),
                contentType: HTTPMediaType.fileExtension(url.pathExtension) ?? .binary,
                etag: EntityTag.of(data))
        }
        self.files = files
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.method == .GET || request.method == .HEAD, let file = files[request.url.path] else {
            return try await next.respond(to: request)
        }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .eTag, value: file.etag)
        // Kept five minutes, then asked again: a new version shows soon after a deployment.
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=300")
        if EntityTag.matches(request, file.etag) {
            return Response(status: .notModified, headers: headers)
        }
        headers.contentType = file.contentType
        return Response(status: .ok, headers: headers, body: .init(buffer: file.body))
    }
}
