import Fluent
import Vapor

/// The public home page: what the service is and which procedures it handles.
enum HomeController {
    struct ProcedureItem: Encodable {
        let id: String
        let name: String
        let mode: String
        let walkInRule: String?
        let counters: String
    }

    struct Context: Encodable {
        let lang: String
        let otherLang: String
        let t: [String: String]
        let procedures: [ProcedureItem]
    }

    /// Answers `GET /`.
    @Sendable
    static func home(req: Request) async throws -> View {
        let language = Language.of(req)
        let procedures = try await ProceduresAPIController.procedures(on: req.db).map { item in
            ProcedureItem(id: item.procedure.id!, name: item.procedure.name(language), mode: item.procedure.mode,
                          walkInRule: language == .fr ? item.procedure.walkInRuleFR : item.procedure.walkInRuleEN,
                          counters: item.counters.map { "\($0.site.name) — \($0.name)" }.joined(separator: ", "))
        }
        return try await req.view.render("public/home", Context(
            lang: language.rawValue, otherLang: language == .fr ? "en" : "fr",
            t: Catalogue.strings(language), procedures: procedures))
    }
}
