import Fluent
import GuichetCore
import Vapor

/// An admin creates or edits a procedure (names, documents, mode, length, walk-in rule, release or draw policy), or
/// takes it out of service and back.
enum ProcedureConfigPages {
    struct Content: Encodable {
        struct Option: Encodable {
            let value: String
            let label: String
            let selected: Bool
        }
        let action: String
        let name: String
        let isNew: Bool
        let retired: Bool
        let activeAppointments: Int
        let modes: [Option]
        let weekdays: [Option]
        let drawDays: [Option]
        let cadences: [Option]
    }

    static let fields = [
        "name_fr", "name_en", "documents_fr", "documents_en", "mode", "length", "walk_in_fr", "walk_in_en",
        "policy_hours", "policy_per_week", "policy_seats", "policy_lead", "policy_lottery",
        "draw_cadence", "draw_time", "draw_opens_on", "draw_weeks", "draw_delay", "draw_span",
    ]

    /// Answers `GET /agent/config/procedures/{procedure}`.
    @Sendable
    static func form(req: Request) async throws -> Response {
        let procedure = try await find(req)
        let (form, days) = try await current(procedure, on: req.db)
        return try await render(req, procedure, form: form, days: days, status: .ok)
    }

    /// The form as the procedure stands, and its release days.
    private static func current(_ procedure: Procedure, on db: any Database) async throws -> (FormState, Set<Weekday>) {
        var form = FormState()
        form.values = [
            "name_fr": procedure.nameFR, "name_en": procedure.nameEN,
            "documents_fr": lines(procedure.documentsFR), "documents_en": lines(procedure.documentsEN),
            "mode": procedure.mode, "length": String(procedure.lengthMinutes),
            "walk_in_fr": procedure.walkInRuleFR ?? "", "walk_in_en": procedure.walkInRuleEN ?? "",
        ]
        let release =
            try await ReleasePolicyRecord.find(procedure.id!, on: db).map { try $0.policy() } ?? DemoData.releasePolicy
        let days = fill(&form, release: release, draw: try await DrawPolicyRecord.policy(for: procedure.id!, on: db))
        return (form, days)
    }

    /// Answers `GET /agent/config/procedures/new`: the same form, empty, with the identifier to choose.
    @Sendable
    static func new(req: Request) async throws -> Response {
        var form = FormState()
        form.values = ["mode": Mode.release.rawValue, "length": String(SlotPlanner.defaultLength)]
        let days = fill(&form, release: DemoData.releasePolicy, draw: .standard)
        return try await render(req, nil, form: form, days: days, status: .ok)
    }

    /// Answers `POST /agent/config/procedures/new`.
    @Sendable
    static func create(req: Request) async throws -> Response {
        let language = Language.of(req)
        try CSRF.check(req, submitted: try? req.content.get(String.self, at: CSRF.field))
        var (form, days, settings) = try await read(req)
        let id = ((try? req.content.get(String.self, at: "id")) ?? "").trimmingCharacters(in: .whitespaces)
        form.values["id"] = id
        if !ConfigIdentifier.isWellFormed(id) {
            form.add("id", ConfigPages.malformedIdentifier(language))
        }
        if !form.hasProblems, let settings {
            do {
                try await ProcedureChange(db: req.db, services: req.guichet)
                    .create(settings, id: id, actor: try req.agent.actor, remote: req.remoteForAudit)
                return Page.redirect(req, to: ConfigPages.root + "?done=created")
            } catch ConfigCreationRefusal.idTaken {
                form.add(
                    "id",
                    Localized(
                        fr: "Une démarche porte déjà cet identifiant.",
                        en: "A procedure already has this identifier.")(language))
            }
        }
        return try await render(req, nil, form: form, days: days, status: .unprocessableEntity)
    }

    /// Answers `POST /agent/config/procedures/{procedure}`.
    @Sendable
    static func save(req: Request) async throws -> Response {
        let language = Language.of(req)
        try CSRF.check(req, submitted: try? req.content.get(String.self, at: CSRF.field))
        let procedure = try await find(req)
        var (form, days, settings) = try await read(req)
        if !form.hasProblems, let settings {
            do {
                try await ProcedureChange(db: req.db, services: req.guichet)
                    .apply(settings, procedureID: procedure.id!, actor: try req.agent.actor, remote: req.remoteForAudit)
                return Page.redirect(req, to: ConfigPages.root + "?done=saved")
            } catch ProcedureChange.Refusal.requestsWaiting(let count) {
                form.add("mode", waitingMessage(count, language))
            } catch ProcedureChange.Refusal.countersShared {
                form.add(
                    "mode",
                    Localized(
                        fr:
                            "Un guichet de cette démarche en sert d'autres dans l'ancien mode : retirez-la d'abord de ces guichets (un guichet ne sert que des démarches d'un même mode).",
                        en:
                            "A counter of this procedure serves others in the old mode: remove it from those counters first (a counter serves procedures of one mode only)."
                    )(language))
            }
        }
        return try await render(req, procedure, form: form, days: days, status: .unprocessableEntity)
    }

    /// Answers `POST /agent/config/procedures/{procedure}/retire`: out of service, or back in service (`back=1`).
    @Sendable
    static func retire(req: Request) async throws -> Response {
        let language = Language.of(req)
        try CSRF.check(req, submitted: try? req.content.get(String.self, at: CSRF.field))
        let procedure = try await find(req)
        let change = ProcedureChange(db: req.db, services: req.guichet)
        let actor = try req.agent.actor
        if (try? req.content.get(String.self, at: "back")) == "1" {
            try await change.reinstate(procedureID: procedure.id!, actor: actor, remote: req.remoteForAudit)
            return Page.redirect(req, to: ConfigPages.root + "?done=reinstated")
        }
        do {
            try await change.retire(procedureID: procedure.id!, actor: actor, remote: req.remoteForAudit)
            return Page.redirect(req, to: ConfigPages.root + "?done=retired")
        } catch ProcedureChange.Refusal.requestsWaiting(let count) {
            var (form, days) = try await current(procedure, on: req.db)
            form.add("retire", waitingMessage(count, language))
            return try await render(req, procedure, form: form, days: days, status: .conflict)
        }
    }

    private static func waitingMessage(_ count: Int, _ language: Language) -> String {
        Localized(
            fr:
                "\(count) demande(s) attendent le tirage de cette démarche : ce changement n'est possible qu'une fois le tirage fait (ou les demandes retirées), sinon elles ne seraient jamais tirées.",
            en:
                "\(count) request(s) are waiting for this procedure's draw: this change is possible only once the draw is done (or the requests withdrawn), otherwise they would never be drawn."
        )(language)
    }

    /// Puts both policies in the form; returns the release days to tick.
    private static func fill(_ form: inout FormState, release policy: ReleasePolicy, draw: DrawPolicy) -> Set<Weekday> {
        form.values["policy_hours"] = Array(Set(policy.windows.map(\.hours))).sorted { $0.startMinute < $1.startMinute }
            .map(\.text).joined(separator: ", ")
        form.values["policy_per_week"] = String(policy.releasesPerWeek)
        form.values["policy_seats"] = String(policy.seatsPerRelease)
        form.values["policy_lead"] = String(policy.minimumLeadHours)
        form.values["policy_lottery"] = String(policy.lotteryMinutes)
        form.values["draw_cadence"] = draw.cadence.rawValue
        form.values["draw_time"] = TimeRange.clock(draw.drawMinute)
        form.values["draw_opens_on"] = draw.opensOn.name
        form.values["draw_weeks"] = String(draw.weeks)
        form.values["draw_delay"] = String(draw.seatsDelayDays)
        form.values["draw_span"] = String(draw.seatsSpanDays)
        return Set(policy.windows.flatMap(\.weekdays))
    }

    /// The typed settings, with every problem next to its field.
    private static func read(_ req: Request) async throws -> (FormState, Set<Weekday>, ProcedureSettings?) {
        let language = Language.of(req)
        var form = FormState()
        for field in fields { form.values[field] = ((try? req.content.get(String.self, at: field)) ?? "") }
        let dayNames = FormFields.all(req, "policy_days")
        let days = Set(dayNames.compactMap(Weekday.init(name:)))
        func text(_ field: String, max: Int, required: Bool = true) -> String {
            let value = form.values[field]!.trimmingCharacters(in: .whitespacesAndNewlines)
            if required, value.isEmpty {
                form.add(field, Localized(fr: "Ce champ est obligatoire.", en: "This field is required.")(language))
            } else if value.count > max {
                form.add(field, Localized(fr: "\(max) caractères au plus.", en: "\(max) characters at most.")(language))
            }
            return value
        }
        func wholeNumber(_ field: String, _ range: ClosedRange<Int>) {
            form.add(
                field,
                Localized(
                    fr: "Un nombre entier de \(range.lowerBound) à \(range.upperBound).",
                    en: "A whole number from \(range.lowerBound) to \(range.upperBound).")(language))
        }
        func typedNumber(_ field: String) -> Int? { Int(form.values[field]!.trimmingCharacters(in: .whitespaces)) }
        func number(_ field: String, _ range: ClosedRange<Int>) -> Int {
            guard let value = typedNumber(field), range.contains(value) else {
                wholeNumber(field, range)
                return range.lowerBound
            }
            return value
        }
        let name = Localized(fr: text("name_fr", max: 200), en: text("name_en", max: 200))
        let documents = Localized(
            fr: stored(text("documents_fr", max: 2000)), en: stored(text("documents_en", max: 2000)))
        let mode = Mode(rawValue: form.values["mode"]!)
        if mode == nil { form.add("mode", Localized(fr: "Choisissez un mode.", en: "Choose a mode.")(language)) }
        let length = number("length", 5...120)
        var walkIn: Localized?
        if mode == .walkIn {
            walkIn = Localized(fr: text("walk_in_fr", max: 500), en: text("walk_in_en", max: 500))
        }
        var policy: ReleasePolicy?
        if mode == .release {
            var windows: [TimeRange] = []
            let hoursRead: Bool
            switch CounterSchedule.parseDay(form.values["policy_hours"]!) {
            case .success(let ranges):
                windows = ranges
                hoursRead = true
            case .failure: hoursRead = false
            }
            let weekdays = Weekday.allCases.filter(days.contains)
            // What is allowed is `ReleasePolicy.problems`'s to say; anything unreadable counts as out of range. A
            // window is kept for the days even without hours, so that both mistakes are told at once.
            let typed = ReleasePolicy(
                windows: (windows.isEmpty ? [TimeRange(startMinute: 0, endMinute: 1)!] : windows).map {
                    ReleaseWindow(weekdays: weekdays, hours: $0)
                },
                releasesPerWeek: typedNumber("policy_per_week") ?? 0, seatsPerRelease: typedNumber("policy_seats") ?? 0,
                minimumLeadHours: typedNumber("policy_lead") ?? -1, lotteryMinutes: typedNumber("policy_lottery") ?? -1)
            if !hoursRead || windows.isEmpty {
                form.add(
                    "policy_hours",
                    Localized(
                        fr: "Des plages comme 08:00-18:00, séparées par des virgules, sans chevauchement.",
                        en: "Ranges such as 08:00-18:00, separated by commas, not overlapping.")(language))
            }
            for problem in typed.problems {
                switch problem {
                case .windows: break  // told above, with the hours that could not be read
                case .weekdays:
                    form.add(
                        "policy_day_monday",
                        Localized(fr: "Cochez au moins un jour.", en: "Tick at least one day.")(language))
                case .releasesPerWeek: wholeNumber("policy_per_week", ReleasePolicy.releasesPerWeekRange)
                case .seatsPerRelease: wholeNumber("policy_seats", ReleasePolicy.seatsPerReleaseRange)
                case .minimumLeadHours: wholeNumber("policy_lead", ReleasePolicy.minimumLeadHoursRange)
                case .lotteryMinutes: wholeNumber("policy_lottery", ReleasePolicy.lotteryMinutesRange)
                }
            }
            policy = ReleasePolicy(
                windows: windows.map { ReleaseWindow(weekdays: weekdays, hours: $0) },
                releasesPerWeek: typed.releasesPerWeek, seatsPerRelease: typed.seatsPerRelease,
                minimumLeadHours: typed.minimumLeadHours, lotteryMinutes: typed.lotteryMinutes)
        }
        var draw: DrawPolicy?
        if mode == .draw {
            let cadence = DrawPolicy.Cadence(rawValue: form.values["draw_cadence"]!)
            if cadence == nil {
                form.add("draw_cadence", Localized(fr: "Choisissez un rythme.", en: "Choose how often.")(language))
            }
            let opensOn = Weekday(name: form.values["draw_opens_on"]!)
            if opensOn == nil, cadence == .weekly {
                form.add("draw_opens_on", Localized(fr: "Choisissez un jour.", en: "Choose a day.")(language))
            }
            // What is allowed is `DrawPolicy.problems`'s to say; anything unreadable counts as out of range.
            let typed = DrawPolicy(
                cadence: cadence ?? .weekly, opensOn: opensOn ?? .monday,
                weeks: typedNumber("draw_weeks") ?? 0,
                drawMinute: TimeRange.minute(of: form.values["draw_time"]!) ?? -1,
                seatsDelayDays: typedNumber("draw_delay") ?? -1,
                seatsSpanDays: typedNumber("draw_span") ?? 0)
            for problem in typed.problems(planningHorizonDays: try await Setting.planningHorizon(on: req.db)) {
                switch problem {
                case .minute:
                    form.add(
                        "draw_time", Localized(fr: "Une heure comme 14:00.", en: "A time such as 14:00.")(language))
                case .weeks: wholeNumber("draw_weeks", DrawPolicy.weeksRange)
                case .delay: wholeNumber("draw_delay", DrawPolicy.delayRange)
                case .span: wholeNumber("draw_span", DrawPolicy.spanRange)
                case .beyondHorizon(let horizon):
                    form.add(
                        "draw_span",
                        Localized(
                            fr:
                                "Délai plus durée dépassent l'horizon de planification (\(horizon) jours) : les derniers créneaux n'existeraient pas au moment du tirage. Réduisez-les ou allongez l'horizon.",
                            en:
                                "Delay plus span exceed the planning horizon (\(horizon) days): the last slots would not exist when the draw runs. Shorten them or lengthen the horizon."
                        )(language))
                }
            }
            draw = typed
        }
        guard !form.hasProblems, let mode else { return (form, days, nil) }
        return (
            form, days,
            ProcedureSettings(
                name: name, documents: documents, mode: mode, lengthMinutes: length,
                walkInRule: walkIn, releasePolicy: policy, drawPolicy: draw)
        )
    }

    private static func render(
        _ req: Request, _ procedure: Procedure?, form: FormState, days: Set<Weekday>,
        status: HTTPStatus
    ) async throws -> Response {
        let language = Language.of(req)
        var active = 0
        if let procedure {
            active = try await ProcedureChange.activeAppointments(procedureID: procedure.id!, on: req.db)
        }
        let content = Content(
            action: procedure.map { SiteURL.agentConfigProcedure.path($0.id!) }
                ?? SiteURL.agentConfigProcedureNew.path(),
            name: procedure?.name(language) ?? Localized(fr: "Nouvelle démarche", en: "New procedure")(language),
            isNew: procedure == nil, retired: procedure?.retiredAt != nil, activeAppointments: active,
            modes: Mode.allCases.map {
                .init(
                    value: $0.rawValue, label: ConfigPages.modeName($0, language),
                    selected: form.values["mode"] == $0.rawValue)
            },
            weekdays: Weekday.allCases.map {
                .init(
                    value: $0.name, label: DateText.weekday($0, language),
                    selected: days.contains($0))
            },
            drawDays: Weekday.allCases.map {
                .init(
                    value: $0.name, label: DateText.weekday($0, language),
                    selected: form.values["draw_opens_on"] == $0.name)
            },
            cadences: DrawPolicy.Cadence.allCases.map {
                .init(
                    value: $0.rawValue, label: ConfigPages.cadenceName($0, language),
                    selected: form.values["draw_cadence"] == $0.rawValue)
            })
        return try await Page.render(req, "agent/config-procedure", content, form: form, status: status)
    }

    private static func find(_ req: Request) async throws -> Procedure {
        guard let id = req.parameters.get("procedure"), let procedure = try await Procedure.find(id, on: req.db)
        else { throw RequestError.notFound }
        return procedure
    }

    /// Stored "a ; b ; c" → one document per line in the form.
    static func lines(_ stored: String) -> String {
        stored.split(separator: ";").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            .joined(separator: "\n")
    }

    /// One per line, or already `;`-separated → the stored "a ; b ; c".
    static func stored(_ typed: String) -> String {
        typed.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == ";" })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " ; ")
    }
}
