import Fluent
import GuichetCore
import Vapor

/// Configuration by admins, without a restart: the overview, the planning horizon and "plan now".
/// Procedures and counters have their own pages (`ProcedureConfigPages`, `CounterConfigPages`).
enum ConfigPages {
    static let root = SiteURL.agentConfig.path()

    struct Content: Encodable {
        struct ProcedureRow: Encodable {
            let href: String
            let name: String
            let mode: String
            let length: Int
            let status: String
        }
        struct CounterRow: Encodable {
            let href: String
            let name: String
            let site: String
            let procedures: String
            let seats: Int
            let status: String
        }
        let procedures: [ProcedureRow]
        let counters: [CounterRow]
        let horizon: Int
        let notice: String?
    }

    /// Answers `GET /agent/config`.
    @Sendable
    static func index(req: Request) async throws -> Response {
        try await page(req, horizon: nil, form: FormState(), status: .ok)
    }

    static func page(_ req: Request, horizon typed: String?, form: FormState, status: HTTPStatus) async throws
        -> Response
    {
        let language = Language.of(req)
        let procedures = try await Procedure.query(on: req.db).sort(\.$position).all()
        let names = Dictionary(uniqueKeysWithValues: procedures.map { ($0.id!, $0.name(language)) })
        let links = try await CounterProcedure.query(on: req.db).all()
        let counters = try await Counter.query(on: req.db).with(\.$site).sort(\.$id).all()
        var form = form
        let horizon = try await Setting.planningHorizon(on: req.db)
        form.values["horizon"] = typed ?? String(horizon)
        let notice = req.query[String.self, at: "done"].map { done in
            switch done {
            case "planned":
                Localized(
                    fr: "Planification faite : \(req.query[Int.self, at: "n"] ?? 0) créneaux créés.",
                    en: "Planning done: \(req.query[Int.self, at: "n"] ?? 0) slots created.")(language)
            case "created": Localized(fr: "Création enregistrée.", en: "Created.")(language)
            case "retired": Localized(fr: "Mis hors service.", en: "Taken out of service.")(language)
            case "reinstated": Localized(fr: "Remis en service.", en: "Back in service.")(language)
            default: Localized(fr: "Modification enregistrée.", en: "Change saved.")(language)
            }
        }
        func service(_ retiredAt: Date?) -> String {
            (retiredAt == nil ? Catalogue.config["configInService"]! : Catalogue.config["configOutOfService"]!)(
                language)
        }
        let content = Content(
            procedures: procedures.map {
                .init(
                    href: "\(root)/procedures/\($0.id!)", name: $0.name(language),
                    mode: modeName($0.allocationMode, language),
                    length: $0.lengthMinutes, status: service($0.retiredAt))
            },
            counters: counters.map { counter in
                .init(
                    href: "\(root)/counters/\(counter.id!)", name: counter.name, site: counter.site.name,
                    procedures: links.filter { $0.$counter.id == counter.id }.compactMap { names[$0.$procedure.id] }
                        .sorted().joined(separator: " ; "),
                    seats: counter.seatsPerSlot, status: service(counter.retiredAt))
            },
            horizon: horizon, notice: notice)
        return try await Page.render(req, "agent/config", content, form: form, status: status)
    }

    /// What `ConfigIdentifier.isWellFormed` asks of a new procedure's or counter's identifier.
    static let malformedIdentifier = Localized(
        fr:
            "De \(ConfigIdentifier.lengths.lowerBound) à \(ConfigIdentifier.lengths.upperBound) caractères : lettres minuscules, chiffres et tirets, en commençant par une lettre.",
        en:
            "\(ConfigIdentifier.lengths.lowerBound) to \(ConfigIdentifier.lengths.upperBound) characters: lower-case letters, digits and hyphens, starting with a letter."
    )

    static func modeName(_ mode: Mode, _ language: Language) -> String {
        switch mode {
        case .release: Localized(fr: "Publication à heures aléatoires", en: "Randomly timed releases")(language)
        case .draw: Localized(fr: "Demande puis tirage au sort", en: "Request then draw")(language)
        case .walkIn: Localized(fr: "Sans rendez-vous", en: "Walk-in")(language)
        }
    }

    static func cadenceName(_ cadence: DrawPolicy.Cadence, _ language: Language) -> String {
        switch cadence {
        case .workingDays: Localized(fr: "Chaque jour ouvré", en: "Every working day")(language)
        case .weekly:
            Localized(fr: "Chaque semaine, ou toutes les 2 à 4 semaines", en: "Weekly, or every 2 to 4 weeks")(language)
        }
    }

    /// Answers `POST /agent/config/planning`: how many days ahead slots are generated.
    @Sendable
    static func saveHorizon(req: Request) async throws -> Response {
        let language = Language.of(req)
        try CSRF.check(req, submitted: try? req.content.get(String.self, at: CSRF.field))
        let actor = try req.agent.actor
        let typed = ((try? req.content.get(String.self, at: "horizon")) ?? "").trimmingCharacters(in: .whitespaces)
        guard let days = Int(typed), SlotPlanner.horizonRange.contains(days) else {
            var form = FormState()
            form.add(
                "horizon",
                Localized(fr: "Un nombre de jours entre 7 et 120.", en: "A number of days from 7 to 120.")(language))
            return try await page(req, horizon: typed, form: form, status: .unprocessableEntity)
        }
        let services = req.guichet
        let remote = req.remoteForAudit
        try await req.db.write(through: services.writeGate) { tx in
            let old = try await Setting.planningHorizon(on: tx)
            if let stored = try await Setting.find(Setting.planningHorizonKey, on: tx) {
                stored.value = String(days)
                try await stored.save(on: tx)
            } else {
                try await Setting(key: Setting.planningHorizonKey, value: String(days)).create(on: tx)
            }
            try await AuditEntry(
                at: services.clock.now(), actor: actor, action: "planning_horizon_changed",
                recordType: "setting", recordID: Setting.planningHorizonKey, detail: "\(old) → \(days) days",
                remote: remote
            ).create(on: tx)
        }
        services.reference.invalidate()
        return Page.redirect(req, to: root + "?done=saved")
    }

    /// Answers `POST /agent/config/planning/run`: plans the slots up to the horizon now rather than at the next hour.
    @Sendable
    static func planNow(req: Request) async throws -> Response {
        try CSRF.check(req, submitted: try? req.content.get(String.self, at: CSRF.field))
        let actor = try req.agent.actor
        let services = req.guichet
        let remote = req.remoteForAudit
        let created = try await req.db.write(through: services.writeGate) { tx in
            let now = services.clock.now()
            let slots = try await SlotPlanner.planAhead(now: now, on: tx)
            try await AuditEntry(
                at: now, actor: actor, action: "slots_planned", recordType: "setting",
                recordID: Setting.planningHorizonKey, detail: "\(slots.count) slots created",
                remote: remote
            ).create(on: tx)
            return slots.count
        }
        return Page.redirect(req, to: root + "?done=planned&n=\(created)")
    }
}
