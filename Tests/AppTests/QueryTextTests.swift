import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    /// `Request.queryText` reads plain queries itself and gives, for every query, what Vapor's decoder gives.
    @Suite struct QueryTextTests {
        static let queries = [
            "from=2026-12-05&to=2027-01-01", "to=2027-01-01&from=2026-12-05", "from=2026-12-05", "other=1",
            "from=", "from", "from&to=x", "from=a&from=b", "from=a%20b", "from=a+b", "from=%ZZ", "from[]=a",
            "from=2026-12-05&", "&from=x", "from=x=y", "fromage=1&from=2", "FROM=1", "from=é", "",
        ]

        @Test(arguments: queries) func aQueryReadsAsVaporsDecoderReadsIt(_ query: String) async throws {
            let app = try await Application.make(.testing)
            let request = Request(
                application: app, method: .GET, url: URI(string: "/x?" + query),
                on: app.eventLoopGroup.next())
            for name in ["from", "to", "fromage"] {
                #expect(request.queryText(name) == request.query[String.self, at: name], "\(name) in \(query)")
            }
            try await app.asyncShutdown()
        }
    }
}
