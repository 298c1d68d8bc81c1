import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    /// `openapi.yaml` documents every machine-facing route: the JSON API, the health check and the home page. The
    /// HTML pages for people are not an API and are left out.
    @Suite struct OpenAPITests {
        @Test func everyRouteIsDocumented() async throws {
            try await withGuichetApp(demo: false) { app in
                let path = app.directory.resourcesDirectory + "openapi.yaml"
                let yaml = try String(contentsOfFile: path, encoding: .utf8)
                let documented = Self.operations(in: yaml)
                for route in app.routes.all {
                    let path =
                        "/"
                        + route.path.map { component -> String in
                            switch component {
                            case .parameter(let name): "{\(name)}"
                            default: component.description
                            }
                        }.joined(separator: "/")
                    let key = "\(route.method.rawValue.lowercased()) \(path)"
                    guard path == "/" || path == "/healthz" || path.hasPrefix("/api/") else { continue }
                    #expect(documented.contains(key), "openapi.yaml lacks \(key)")
                }
            }
        }

        @Test func theDocumentIsServed() async throws {
            try await withGuichetApp(demo: false) { app in
                try await app.testing().test(.GET, "/api/v1/openapi.yaml") { res in
                    #expect(res.status == .ok)
                    #expect(res.body.string.hasPrefix("openapi: 3."))
                }
            }
        }

        /// "method path" pairs read from the `paths:` section (two-space paths, four-space methods).
        static func operations(in yaml: String) -> Set<String> {
            var result = Set<String>()
            var inPaths = false
            var current: String?
            for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("paths:") {
                    inPaths = true
                    continue
                }
                guard inPaths else { continue }
                if !line.hasPrefix(" "), !line.isEmpty { break }
                if line.hasPrefix("  /"), line.hasSuffix(":") {
                    current = String(line.dropFirst(2).dropLast())
                } else if let path = current, line.hasPrefix("    "), !line.hasPrefix("     ") {
                    let word = line.trimmingCharacters(in: .whitespaces).dropLast()
                    if ["get", "post", "put", "patch", "delete"].contains(String(word)) {
                        result.insert("\(word) \(path)")
                    }
                }
            }
            return result
        }
    }
}
