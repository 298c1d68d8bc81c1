import Vapor

/// A path with a segment longer than any file name can be (255 bytes) is answered 404 at once: no route or file has
/// one, and the file middleware would otherwise ask the file system, whose "name too long" became a 500 with the
/// whole path in the log (issue 12, point 6). Only a short prefix is logged, at debug level.
struct LongPathGuard: AsyncMiddleware {
    static let maximumSegmentBytes = 255

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let path = request.url.path
        // Percent-encoding only lengthens a segment: a path this short has no long segment, decoded or not.
        if path.utf8.count > Self.maximumSegmentBytes, Self.hasLongSegment(path) {
            request.logger.debug("Path with a segment over \(Self.maximumSegmentBytes) bytes: \(path.prefix(40))…")
            throw RequestError.notFound
        }
        return try await next.respond(to: request)
    }

    static func hasLongSegment(_ path: String) -> Bool {
        path.split(separator: "/").contains { segment in
            (segment.removingPercentEncoding ?? String(segment)).utf8.count > maximumSegmentBytes
        }
    }
}
