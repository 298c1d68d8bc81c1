import Fluent
import GuichetCore
import Vapor

/// The audit log, for admins: every change, who made it, on which record, when, from where; filtered.
enum AuditPages {
    struct Row: Encodable {
        let at: String
        let actor: String
        let action: String
        let record: String
        let detail: String
        let remote: String
    }

    struct Content: Encodable {
        let rows: [Row]
        let filters: [String: String]
        let actions: [String]
        let nextHref: String?
    }

    static let pageSize = 100

    /// Answers `GET /agent/audit?actor=&action=&record=&from=&to=&before=`.
    @Sendable
    static func list(req: Request) async throws -> Response {
        let language = Language.of(req)
        func text(_ name: String) -> String? {
            req.query[String.self, at: name].map { String($0.trimmingCharacters(in: .whitespaces).prefix(200)) }
                .flatMap { $0.isEmpty ? nil : $0 }
        }
        var query = AuditEntry.query(on: req.db)
        if let actor = text("actor") { query = query.filter(\.$actor == actor) }
        if let action = text("action") { query = query.filter(\.$action == action) }
        if let record = text("record") {
            // UUIDs are stored lower-case (`AuditEntry`): one typed or pasted in capitals still finds its entries.
            query = query.filter(\.$recordID == (UUID(uuidString: record) == nil ? record : record.lowercased()))
        }
        if let from = text("from").flatMap(CivilDate.init(iso:)) {
            query = query.filter(\.$at >= ParisTime.instant(date: from, minuteOfDay: 0))
        }
        if let to = text("to").flatMap(CivilDate.init(iso:)) {
            query = query.filter(\.$at < ParisTime.instant(date: to.adding(days: 1), minuteOfDay: 0))
        }
        if let before = req.query[Int.self, at: "before"] { query = query.filter(\.$id < before) }
        let entries = try await query.sort(\.$id, .descending).limit(Self.pageSize).all()
        let actions = try await AuditEntry.query(on: req.db).unique().field(\.$action).all().map(\.action).sorted()
        let rows = entries.map {
            Row(
                at: "\(DateText.date(ParisTime.civilDate(of: $0.at), language)) \(DateText.time($0.at))",
                actor: $0.actor,
                action: $0.action, record: "\($0.recordType) \($0.recordID)", detail: $0.detail, remote: $0.remote ?? ""
            )
        }
        var filters: [String: String] = [:]
        for name in ["actor", "action", "record", "from", "to"] { filters[name] = text(name) ?? "" }
        var next: String?
        if entries.count == Self.pageSize, let last = entries.last?.id {
            var components = URLComponents()
            components.path = SiteURL.agentAudit.path()
            components.queryItems =
                filters.filter { !$0.value.isEmpty }.map { URLQueryItem(name: $0.key, value: $0.value) }
                + [URLQueryItem(name: "before", value: String(last))]
            next = components.string
        }
        return try await Page.render(
            req, "agent/audit", Content(rows: rows, filters: filters, actions: actions, nextHref: next))
    }
}
