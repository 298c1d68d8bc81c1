import Fluent
import Vapor
import GuichetCore

/// The supervisors' review: clusters of bookings and requests that share a network, an email pattern, a phone, a
/// User-Agent, cancel-and-rebook churn or a rush after a release; a whole cluster cancelled in one action.
enum SuspicionPages {
    struct FeatureView: Encodable {
        let kind: String
        let value: String
        let people: Int
        let members: Int
    }

    struct MemberView: Encodable {
        let subject: String
        let name: String
        let email: String
        let status: String
        let procedure: String
        let place: String
        let channel: String
        let network: String
        let marks: String
        let isActive: Bool
    }

    struct ClusterView: Encodable {
        let key: String
        let anchor: String
        let flagged: Bool
        let score: Int
        let size: Int
        let active: Int
        let features: [FeatureView]
        let members: [MemberView]
    }

    struct Content: Encodable {
        let from: String
        let to: String
        let clusters: [ClusterView]
        let cancelled: Int?
        let untouched: Int?
    }

    static let defaultDays = 7

    /// The id of a cluster's section on the page (its reason field is `reason-` + this).
    static func anchor(_ key: String) -> String {
        "cluster-" + String(key.filter { $0.isASCII && ($0.isLetter || $0.isNumber) }.prefix(40))
    }

    /// Answers `GET /agent/suspicion?from=&to=`.
    @Sendable
    static func list(req: Request) async throws -> Response {
        try await render(req, form: FormState())
    }

    /// Answers `POST /agent/suspicion/cancel`: every member the supervisor saw is cancelled (or withdrawn), each
    /// emailed and audited with the reason.
    @Sendable
    static func cancel(req: Request) async throws -> Response {
        let language = Language.of(req)
        try CSRF.check(req, submitted: try? req.content.get(String.self, at: CSRF.field))
        let agent = try req.agent
        let subjects = FormFields.all(req, "subject").prefix(500).compactMap(SuspicionSubject.init)
        let reason = (try? req.content.get(String.self, at: "reason")) ?? ""
        let key = String(((try? req.content.get(String.self, at: "cluster")) ?? "").prefix(100))
        var state = FormState()
        guard !subjects.isEmpty else {
            state.add("", Localized(fr: "Aucun membre à annuler.", en: "No member to cancel.")(language))
            return try await render(req, form: state, status: .unprocessableEntity)
        }
        do {
            let outcome = try await req.suspicion.cancelCluster(subjects, reason: reason, actor: agent.actor,
                                                                remote: req.remoteForAudit, clusterKey: key)
            return Page.redirect(req, to: "/agent/suspicion?cancelled=\(outcome.cancelled.count)&untouched=\(outcome.untouched.count)")
        } catch let error as RequestError {
            state.add("reason-" + anchor(key), error.text(language))
            return try await render(req, form: state, status: .unprocessableEntity)
        }
    }

    private static func render(_ req: Request, form: FormState, status: HTTPStatus = .ok) async throws -> Response {
        let language = Language.of(req)
        let now = req.guichet.clock.now()
        let today = ParisTime.civilDate(of: now)
        let to = req.query[String.self, at: "to"].flatMap(CivilDate.init(iso:)) ?? today
        let from = req.query[String.self, at: "from"].flatMap(CivilDate.init(iso:)).map { min($0, to) }
            ?? to.adding(days: -(Self.defaultDays - 1))
        let clusters = try await req.suspicion.clusters(from: ParisTime.instant(date: from, minuteOfDay: 0),
                                                        to: ParisTime.instant(date: to.adding(days: 1), minuteOfDay: 0))
        let reference = try await req.guichet.reference.get(on: req.db)
        let views = clusters.prefix(100).map { cluster in
            ClusterView(
                key: cluster.core.key, anchor: anchor(cluster.core.key),
                flagged: cluster.core.isFlagged, score: cluster.core.score,
                size: cluster.members.count, active: cluster.core.activeCount,
                features: cluster.core.features.map {
                    FeatureView(kind: Catalogue.entries["feature_" + $0.kind.rawValue]?(language) ?? $0.kind.rawValue,
                                value: $0.value, people: $0.people, members: $0.members)
                },
                members: cluster.members.map { member -> MemberView in
                    let active = cluster.core.members.first { $0.subject == member.subject }?.isActive ?? false
                    let place = member.requestNumber
                        ?? [member.slotStart.map { DateText.moment($0, language) },
                            member.counterID.flatMap { reference.counters[$0]?.name }].compactMap { $0 }.joined(separator: ", ")
                    return MemberView(
                        subject: member.subject.description, name: member.name, email: member.email,
                        status: Catalogue.statusText(member.status, language),
                        procedure: reference.procedures[member.procedureID]?.name(language) ?? member.procedureID,
                        place: place, channel: member.channel, network: member.network ?? "—",
                        marks: member.marks.map { Catalogue.entries["mark_" + $0.rawValue]?(language) ?? $0.rawValue }
                            .joined(separator: ", "),
                        isActive: active)
                })
        }
        return try await Page.render(req, "agent/suspicion", Content(
            from: from.iso, to: to.iso, clusters: Array(views),
            cancelled: req.query[Int.self, at: "cancelled"], untouched: req.query[Int.self, at: "untouched"]),
            form: form, status: status)
    }
}
