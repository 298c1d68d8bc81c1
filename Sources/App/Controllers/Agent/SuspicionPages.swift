import Fluent
import GuichetCore
import Vapor

/// The supervisors' review: clusters of bookings and requests tied by strong links (a network burst, a phone, a
/// mailbox, near-duplicate identities), each member with why it is in, and the rows sharing only weak signals
/// apart; a cluster's cancellation confirmed on a page of its own that lists exactly who it ends.
enum SuspicionPages {
    struct FeatureView: Encodable {
        let kind: String
        let value: String
        let people: Int
        let members: Int
    }

    struct MemberView: Encodable {
        let subject: String
        /// The id of its checkbox on the confirmation page.
        let box: String
        let name: String
        let email: String
        let status: String
        let procedure: String
        let place: String
        let channel: String
        let network: String
        /// What ties it in, and what else it shows, as sentences.
        let links: String
        let signals: String
        let isActive: Bool
        let checked: Bool
    }

    struct ClusterView: Encodable {
        let key: String
        let anchor: String
        let flagged: Bool
        let score: Int
        let size: Int
        let active: Int
        let links: [FeatureView]
        let signals: [FeatureView]
        let members: [MemberView]
        /// The first rows linked only weakly, and how many more there are.
        let related: [MemberView]
        let relatedMore: Int
        let review: String
    }

    struct Content: Encodable {
        let from: String
        let to: String
        let clusters: [ClusterView]
        let cancelled: Int?
        let untouched: Int?
    }

    struct ConfirmContent: Encodable {
        let found: Bool
        let from: String
        let to: String
        let back: String
        let cluster: ClusterView?
        /// Active members: the checkboxes, all ticked at first.
        let cancellable: [MemberView]
        /// Members already ended: nothing to do.
        let ended: [MemberView]
    }

    static let defaultDays = 7
    static let relatedShown = 20

    /// The id of a cluster's section on the page.
    static func anchor(_ key: String) -> String {
        "cluster-" + String(key.filter { $0.isASCII && ($0.isLetter || $0.isNumber) }.prefix(40))
    }

    /// Answers `GET /agent/suspicion?from=&to=`.
    @Sendable
    static func list(req: Request) async throws -> Response {
        let language = Language.of(req)
        let range = Days(req)
        let clusters = try await req.suspicion.clusters(from: range.start, to: range.end)
        let reference = try await req.guichet.reference.get(on: req.db)
        let views = clusters.prefix(100).map { view($0, range: range, reference: reference, language: language) }
        return try await Page.render(
            req, "agent/suspicion",
            Content(
                from: range.from.iso, to: range.to.iso, clusters: Array(views),
                cancelled: req.query[Int.self, at: "cancelled"], untouched: req.query[Int.self, at: "untouched"]))
    }

    /// Answers `GET /agent/suspicion/confirm?cluster=&from=&to=`: who cancelling the cluster would end (its active
    /// members, each ticked), who it would not (members already ended, rows linked only by weak signals).
    @Sendable
    static func confirm(req: Request) async throws -> Response {
        let key = String((req.query[String.self, at: "cluster"] ?? "").prefix(100))
        return try await renderConfirm(req, key: key, range: Days(req), form: FormState(), chosen: nil)
    }

    /// Answers `POST /agent/suspicion/cancel`: the ticked members are cancelled (or withdrawn), each emailed and
    /// audited with the reason, if they are still active members of the cluster; nothing else is.
    @Sendable
    static func cancel(req: Request) async throws -> Response {
        let language = Language.of(req)
        try CSRF.check(req, submitted: try? req.content.get(String.self, at: CSRF.field))
        let agent = try req.agent
        let range = Days(req, body: true)
        let key = String(((try? req.content.get(String.self, at: "cluster")) ?? "").prefix(100))
        let chosen = FormFields.all(req, "subject").prefix(500).compactMap(SuspicionSubject.init)
        let reason = (try? req.content.get(String.self, at: "reason")) ?? ""
        var state = FormState()
        state.values["reason"] = reason
        guard !chosen.isEmpty else {
            state.add(
                "subjects",
                Localized(
                    fr: "Cochez au moins une réservation à annuler.",
                    en: "Tick at least one booking to cancel.")(language))
            return try await renderConfirm(
                req, key: key, range: range, form: state, chosen: chosen,
                status: .unprocessableEntity)
        }
        do {
            let outcome = try await req.suspicion.cancel(
                chosen, ofCluster: key, from: range.start, to: range.end,
                reason: reason, actor: agent.actor, remote: req.remoteForAudit)
            return Page.redirect(
                req,
                to: AgentPath.suspicion(
                    from: range.from.iso, to: range.to.iso,
                    cancelled: outcome.cancelled.count,
                    untouched: outcome.untouched.count))
        } catch let error as RequestError {
            state.add("reason", error.text(language))
            return try await renderConfirm(
                req, key: key, range: range, form: state, chosen: chosen,
                status: .unprocessableEntity)
        }
    }

    /// `chosen`: the ticked boxes of a refused form; nil for all of them.
    private static func renderConfirm(
        _ req: Request, key: String, range: Days, form: FormState,
        chosen: [SuspicionSubject]?, status: HTTPStatus = .ok
    ) async throws -> Response {
        let language = Language.of(req)
        let reference = try await req.guichet.reference.get(on: req.db)
        let cluster = key.isEmpty ? nil : try await req.suspicion.cluster(key: key, from: range.start, to: range.end)
        let ticked = chosen.map { Set($0.map(\.description)) }
        let back = AgentPath.suspicion(from: range.from.iso, to: range.to.iso)
        let content = ConfirmContent(
            found: cluster != nil, from: range.from.iso, to: range.to.iso, back: back,
            cluster: cluster.map { view($0, range: range, reference: reference, language: language) },
            cancellable: (cluster?.cancellable ?? []).map {
                memberView(
                    $0, reference: reference, language: language,
                    checked: ticked?.contains($0.subject.description) ?? true)
            },
            ended: (cluster?.members ?? []).filter { !$0.isActive }.map {
                memberView($0, reference: reference, language: language)
            })
        return try await Page.render(
            req, "agent/suspicion-confirm", content, form: form,
            status: cluster == nil ? .notFound : status)
    }

    /// The days a page covers, from its query (or, for a form, its fields): the last `defaultDays` by default.
    struct Days {
        let from: CivilDate
        let to: CivilDate
        var start: Date { ParisTime.instant(date: from, minuteOfDay: 0) }
        var end: Date { ParisTime.instant(date: to.adding(days: 1), minuteOfDay: 0) }

        init(_ req: Request, body: Bool = false) {
            func field(_ name: String) -> CivilDate? {
                (body ? try? req.content.get(String.self, at: name) : req.query[String.self, at: name])
                    .flatMap(CivilDate.init(iso:))
            }
            let last = field("to") ?? ParisTime.civilDate(of: req.guichet.clock.now())
            to = last
            from = field("from").map { min($0, last) } ?? last.adding(days: -(SuspicionPages.defaultDays - 1))
        }
    }

    private static func view(
        _ cluster: Suspicion.Cluster, range: Days, reference: ReferenceData,
        language: Language
    ) -> ClusterView {
        let features = cluster.core.features.map { feature in
            FeatureView(
                kind: label(feature.kind, language), value: value(of: feature, language),
                people: feature.people, members: feature.members)
        }
        let strong = cluster.core.features.map(\.kind.isStrong)
        return ClusterView(
            key: cluster.core.key, anchor: anchor(cluster.core.key), flagged: cluster.core.isFlagged,
            score: cluster.core.score, size: cluster.members.count, active: cluster.cancellable.count,
            links: zip(features, strong).filter(\.1).map(\.0), signals: zip(features, strong).filter { !$0.1 }.map(\.0),
            members: cluster.members.map { memberView($0, reference: reference, language: language) },
            related: cluster.related.prefix(relatedShown).map {
                memberView($0, reference: reference, language: language)
            },
            relatedMore: max(0, cluster.related.count - relatedShown),
            review: AgentPath.suspicionConfirm(cluster: cluster.core.key, from: range.from.iso, to: range.to.iso))
    }

    private static func memberView(
        _ member: Suspicion.Member, reference: ReferenceData, language: Language,
        checked: Bool = false
    ) -> MemberView {
        let place =
            member.requestNumber
            ?? [
                member.slotStart.map { DateText.moment($0, language) },
                member.counterID.flatMap { reference.counters[$0]?.name },
            ].compactMap { $0 }.joined(separator: ", ")
        // A mark says the same as a weak signal of its kind when both are there: said once.
        let signalKinds = Set(member.signals.map(\.core.kind.rawValue))
        let marks = member.marks.filter { !signalKinds.contains($0.rawValue) }.map {
            Catalogue.entries["mark_" + $0.rawValue]?(language) ?? $0.rawValue
        }
        return MemberView(
            subject: member.subject.description, box: "subject-" + member.subject.id.lowercased(),
            name: member.name, email: member.email, status: Catalogue.statusText(member.status, language),
            procedure: reference.procedures[member.procedureID]?.name(language) ?? member.procedureID,
            place: place, channel: member.channel, network: member.network ?? "—",
            links: member.links.map { sentence($0, language) }.joined(separator: " ; "),
            signals: (member.signals.map { sentence($0, language) } + marks).joined(separator: " ; "),
            isActive: member.isActive, checked: checked)
    }

    private static func label(_ kind: SharedFeature.Kind, _ language: Language) -> String {
        Catalogue.entries["feature_" + kind.rawValue]?(language) ?? kind.rawValue
    }

    private static func nearDuplicateText(_ reason: NearDuplicate.Reason?, _ language: Language) -> String {
        reason.flatMap { Catalogue.entries["near_duplicate_" + $0.rawValue]?(language) } ?? ""
    }

    /// What a supervisor can read of a shared value: digests and hashed keys say nothing, so only their kind shows.
    private static func value(of feature: SharedFeature, _ language: Language) -> String {
        switch feature.kind {
        case .network, .phone, .email, .emailPattern, .releaseRush: feature.value
        case .nearDuplicate: nearDuplicateText(NearDuplicate.Reason(rawValue: feature.value), language)
        case .userAgent, .churn: ""
        }
    }

    /// One reason as a phrase: "Same phone (+33612345678)", "Near-duplicate identity of Karim Benali (swapped names)".
    private static func sentence(_ reason: Suspicion.Reason, _ language: Language) -> String {
        let label = label(reason.core.kind, language)
        switch reason.core.kind {
        case .network, .phone, .email, .emailPattern:
            return "\(label) (\(reason.core.value))"
        case .nearDuplicate:
            let how = nearDuplicateText(reason.core.nearDuplicate, language)
            let of = Catalogue.entries["near_duplicate_of"]?(language) ?? label
            return "\(of) \(reason.twinName ?? reason.core.value) (\(how))"
        case .userAgent, .churn, .releaseRush:
            return label
        }
    }
}
