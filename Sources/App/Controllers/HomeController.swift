import Fluent
import Vapor

/// The public home page: what the service is, the procedures, where, and what to do when no appointment comes.
enum HomeController {
    struct ProcedureItem: Encodable {
        let href: String
        let name: String
        let mode: String
        let places: String
        let walkInRule: String?
    }

    struct Content: Encodable {
        let procedures: [ProcedureItem]
    }

    /// Answers `GET /`.
    @Sendable
    static func home(req: Request) async throws -> Response {
        let language = Language.of(req)
        let procedures = try await req.guichet.reference.get(on: req.db).offered.map { item in
            let sites = item.counters.map(\.site.name).reduce(into: [String]()) {
                if !$0.contains($1) { $0.append($1) }
            }
            return ProcedureItem(
                href: SitePath.procedure(item.procedure.id!), name: item.procedure.name(language),
                mode: item.procedure.mode, places: sites.joined(separator: ", "),
                walkInRule: language == .fr ? item.procedure.walkInRuleFR : item.procedure.walkInRuleEN)
        }
        return try await Page.render(req, "public/home", Content(procedures: procedures))
    }
}
