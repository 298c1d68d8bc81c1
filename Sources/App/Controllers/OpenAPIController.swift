import Vapor

/// Serves the API's description, `openapi.yaml`, bundled with the application.
enum OpenAPIController {
    /// Answers `GET /api/v1/openapi.yaml`.
    @Sendable
    static func document(req: Request) async throws -> Response {
        let path = req.application.directory.resourcesDirectory + "openapi.yaml"
        guard let data = FileManager.default.contents(atPath: path) else { throw RequestError.notFound }
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "application", subType: "yaml", parameters: ["charset": "utf-8"])
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }
}
