import Fluent
import GuichetCore
import Vapor

/// An admin creates a counter, edits one (name, procedures, weekly hours, seats, closures), takes it out of service or
/// back. A change that takes appointments away first lists them and asks whether to move or cancel them; nothing is
/// written before that answer.
enum CounterConfigPages {
    struct Content: Encodable {
        struct Choice: Encodable {
            let value: String
            let label: String
            let checked: Bool
        }
        struct Day: Encodable {
            let field: String
            let label: String
            let value: String
            let error: String?
        }
        struct ClosureRow: Encodable {
            let index: Int
            let text: String
            let removed: Bool
        }
        let action: String
        let name: String
        let isNew: Bool
        let retired: Bool
        let sites: [Choice]
        let procedures: [Choice]
        let days: [Day]
        let closures: [ClosureRow]
        let applyExisting: Bool
    }

    struct ConfirmContent: Encodable {
        struct Row: Encodable {
            let when: String
            let name: String
            let procedure: String
            let status: String
            let destination: String
        }
        let action: String
        let name: String
        let rows: [Row]
        let slotsClosed: Int
        let hidden: [Hidden]
        let changedMeanwhile: Bool
    }

    struct Hidden: Encodable {
        let name: String
        let value: String
    }

    /// Answers `GET /agent/config/counters/{counter}`.
    @Sendable
    static func form(req: Request) async throws -> Response {
        let counter = try await find(req)
        var form = FormState()
        form.values["name"] = counter.name
        form.values["seats"] = String(counter.seatsPerSlot)
        let hours = try counter.hours()
        for day in Weekday.allCases {
            form.values["hours_" + day.name] = CounterSchedule.dayText(hours.ranges(on: day))
        }
        let served = Set(
            try await CounterProcedure.query(on: req.db).filter(\.$counter.$id == counter.id!).all().map {
                $0.$procedure.id
            })
        return try await render(
            req, counter, form: form, served: served, removed: [], applyExisting: false, status: .ok)
    }

    /// Answers `GET /agent/config/counters/new`.
    @Sendable
    static func new(req: Request) async throws -> Response {
        var form = FormState()
        form.values["seats"] = "1"
        return try await render(req, nil, form: form, served: [], removed: [], applyExisting: false, status: .ok)
    }

    /// Answers `POST /agent/config/counters/new`: a counter at an existing site, its slots planned at once.
    @Sendable
    static func create(req: Request) async throws -> Response {
        let language = Language.of(req)
        try CSRF.check(req, submitted: try? req.content.get(String.self, at: CSRF.field))
        var typed = try await read(req, closures: [])
        let id = ((try? req.content.get(String.self, at: "id")) ?? "").trimmingCharacters(in: .whitespaces)
        let siteID = (try? req.content.get(String.self, at: "site")) ?? ""
        typed.form.values["id"] = id
        typed.form.values["site"] = siteID
        if !ConfigIdentifier.isWellFormed(id) {
            typed.form.add("id", ConfigPages.malformedIdentifier(language))
        }
        if try await Site.find(siteID, on: req.db) == nil {
            typed.form.add("site", Localized(fr: "Choisissez un site.", en: "Choose a site.")(language))
        }
        if !typed.form.hasProblems, let settings = typed.settings {
            do {
                try await CounterChange(db: req.db, services: req.guichet)
                    .create(settings, id: id, siteID: siteID, actor: try req.agent.actor, remote: req.remoteForAudit)
                return Page.redirect(req, to: ConfigPages.root + "?done=created")
            } catch ConfigCreationRefusal.idTaken {
                typed.form.add(
                    "id",
                    Localized(
                        fr: "Un guichet porte déjà cet identifiant.",
                        en: "A counter already has this identifier.")(language))
            }
        }
        return try await render(
            req, nil, form: typed.form, served: typed.served, removed: [],
            applyExisting: typed.applyExisting, status: .unprocessableEntity)
    }

    /// Answers `POST /agent/config/counters/{counter}/reinstate`.
    @Sendable
    static func reinstate(req: Request) async throws -> Response {
        try CSRF.check(req, submitted: try? req.content.get(String.self, at: CSRF.field))
        let counter = try await find(req)
        try await CounterChange(db: req.db, services: req.guichet)
            .reinstate(counterID: counter.id!, actor: try req.agent.actor, remote: req.remoteForAudit)
        return Page.redirect(req, to: SiteURL.agentConfigCounter.path(counter.id!))
    }

    /// What the admin typed, checked: every problem next to its field, the settings when there is none.
    private struct Typed {
        var form: FormState
        let settings: CounterSettings?
        let served: Set<String>
        let removed: Set<Int>
        let applyExisting: Bool
    }

    private static func read(_ req: Request, closures stored: [Closure]) async throws -> Typed {
        let language = Language.of(req)
        let procedures = try await Procedure.query(on: req.db).all()
        var form = FormState()
        func value(_ field: String) -> String {
            let typed = ((try? req.content.get(String.self, at: field)) ?? "").trimmingCharacters(
                in: .whitespacesAndNewlines)
            form.values[field] = typed
            return typed
        }
        let name = value("name")
        if name.isEmpty || name.count > 100 {
            form.add(
                "name", Localized(fr: "Un nom de 1 à 100 caractères.", en: "A name of 1 to 100 characters.")(language))
        }
        let served = FormFields.all(req, "procedures").filter { id in procedures.contains { $0.id == id } }
        let modes = Set(procedures.filter { served.contains($0.id!) }.map(\.allocationMode).filter { $0 != .walkIn })
        if modes.count > 1 {
            // A release must never offer a seat that a draw is about to allocate (DemoData's counters follow it too).
            form.add(
                "procedures",
                Localized(
                    fr: "Un guichet ne sert que des démarches d'un même mode (publication ou tirage).",
                    en: "A counter serves procedures of one mode only (release or draw).")(language))
        }
        var ranges: [Weekday: [TimeRange]] = [:]
        for day in Weekday.allCases {
            switch CounterSchedule.parseDay(value("hours_" + day.name)) {
            case .success(let parsed): ranges[day] = parsed
            case .failure(.overlap):
                form.add(
                    "hours_" + day.name,
                    Localized(fr: "Deux plages se chevauchent.", en: "Two ranges overlap.")(language))
            case .failure(.notARange(let piece)):
                form.add(
                    "hours_" + day.name,
                    Localized(
                        fr: "« \(piece) » n'est pas une plage HH:MM-HH:MM.",
                        en: "\"\(piece)\" is not an HH:MM-HH:MM range.")(language))
            }
        }
        let seatsText = value("seats")
        let seats = Int(seatsText) ?? 0
        if !(1...20).contains(seats) {
            form.add(
                "seats",
                Localized(fr: "Un nombre de places de 1 à 20.", en: "A number of seats from 1 to 20.")(language))
        }
        let applyExisting = (try? req.content.get(String.self, at: "apply_existing")) == "on"
        let removed = Set(FormFields.all(req, "remove_closure").compactMap(Int.init))
        var closures = stored.enumerated().filter { !removed.contains($0.offset) }.map(\.element)
        let from = value("closure_from")
        let through = value("closure_through")
        let reason = value("closure_reason")
        if !(from.isEmpty && through.isEmpty && reason.isEmpty) {
            let start = CivilDate(iso: from)
            let end = CivilDate(iso: through.isEmpty ? from : through)
            if start == nil {
                form.add("closure_from", Localized(fr: "Une date AAAA-MM-JJ.", en: "A date YYYY-MM-DD.")(language))
            }
            if end == nil {
                form.add("closure_through", Localized(fr: "Une date AAAA-MM-JJ.", en: "A date YYYY-MM-DD.")(language))
            }
            if let start, let end, !(start <= end && end - start <= 366) {
                form.add(
                    "closure_through",
                    Localized(
                        fr: "La fin suit le début, un an au plus.",
                        en: "The end follows the start, a year at most.")(language))
            }
            if reason.isEmpty || reason.count > 200 {
                form.add(
                    "closure_reason",
                    Localized(
                        fr: "Une raison de 1 à 200 caractères.",
                        en: "A reason of 1 to 200 characters.")(language))
            }
            if let start, let end, !form.hasProblems {
                closures.append(Closure(from: start, through: end, reason: reason))
            }
        }
        let settings =
            form.hasProblems
            ? nil
            : CounterSettings(
                name: name, procedureIDs: served.sorted(), hours: WeeklyHours(ranges),
                closures: closures.sorted { ($0.from, $0.through) < ($1.from, $1.through) },
                seatsPerSlot: seats, applyToExistingSlots: applyExisting)
        return Typed(
            form: form, settings: settings, served: Set(served), removed: removed, applyExisting: applyExisting)
    }

    /// Answers `POST /agent/config/counters/{counter}`: refused with field errors, or applied, or (when it takes
    /// appointments away and no `resolution` came with it) the list of those appointments and the question.
    /// With `retire=on` the counter goes out of service: no hours, no procedures, the same question first.
    @Sendable
    static func save(req: Request) async throws -> Response {
        try CSRF.check(req, submitted: try? req.content.get(String.self, at: CSRF.field))
        let counter = try await find(req)
        let settings: CounterSettings
        if (try? req.content.get(String.self, at: "retire")) == "on" {
            settings = CounterSettings(
                name: counter.name, procedureIDs: [], hours: WeeklyHours([:]),
                closures: try counter.closures(), seatsPerSlot: counter.seatsPerSlot,
                applyToExistingSlots: false, retire: true)
        } else {
            let typed = try await read(req, closures: try counter.closures())
            guard let parsed = typed.settings else {
                return try await render(
                    req, counter, form: typed.form, served: typed.served, removed: typed.removed,
                    applyExisting: typed.applyExisting, status: .unprocessableEntity)
            }
            settings = parsed
        }
        let change = CounterChange(db: req.db, services: req.guichet)
        let resolution = (try? req.content.get(String.self, at: "resolution")).flatMap(Resolution.init(rawValue:))
        let expected = (try? req.content.get(String.self, at: "fingerprint")) ?? ""
        if resolution == nil {
            let impact = try await change.impact(of: settings, counter: counter, on: req.db)
            if !impact.affected.isEmpty {
                return try await confirm(req, counter, impact, changedMeanwhile: false)
            }
        }
        let outcome = try await change.apply(
            settings, counterID: counter.id!, resolution: resolution ?? .cancel,
            expected: resolution == nil ? "" : expected,
            actor: try req.agent.actor, remote: req.remoteForAudit)
        switch outcome {
        case .applied:
            return Page.redirect(req, to: ConfigPages.root + (settings.retire ? "?done=retired" : "?done=saved"))
        case .changedMeanwhile:
            let impact = try await change.impact(of: settings, counter: counter, on: req.db)
            return try await confirm(req, counter, impact, changedMeanwhile: true)
        }
    }

    /// The appointments the change takes away, and the question: move them, or cancel them.
    private static func confirm(
        _ req: Request, _ counter: Counter, _ impact: CounterImpact,
        changedMeanwhile: Bool
    ) async throws -> Response {
        let language = Language.of(req)
        let reference = try await req.guichet.reference.get(on: req.db)
        let rows = impact.affected.map { item in
            let destination: String
            if item.appointment.status != .confirmed {
                destination = Localized(
                    fr: "Réservation non confirmée : annulée, la personne est prévenue",
                    en: "Unconfirmed hold: cancelled, the person is told")(language)
            } else if let seat = item.destination {
                destination =
                    "\(Mails.when(seat.startsAt, language)), \(reference.counters[seat.$counter.id]?.name ?? seat.$counter.id)"
            } else {
                destination = Localized(
                    fr: "Aucune place libre : annulé, la personne est prévenue",
                    en: "No free seat: cancelled, the person is told")(language)
            }
            return ConfirmContent.Row(
                when: Mails.when(item.slot.startsAt, language), name: item.appointment.displayName,
                procedure: reference.procedures[item.appointment.$procedure.id]?.name(language)
                    ?? item.appointment.$procedure.id,
                status: Catalogue.status(item.appointment.status, language), destination: destination)
        }
        var hidden: [Hidden] = []
        for field in ["name", "seats", "closure_from", "closure_through", "closure_reason"]
            + Weekday.allCases.map({ "hours_" + $0.name })
        {
            hidden.append(Hidden(name: field, value: (try? req.content.get(String.self, at: field)) ?? ""))
        }
        for id in FormFields.all(req, "procedures") { hidden.append(Hidden(name: "procedures", value: id)) }
        for index in FormFields.all(req, "remove_closure") {
            hidden.append(Hidden(name: "remove_closure", value: index))
        }
        for flag in ["apply_existing", "retire"] where (try? req.content.get(String.self, at: flag)) == "on" {
            hidden.append(Hidden(name: flag, value: "on"))
        }
        hidden.append(Hidden(name: "fingerprint", value: impact.fingerprint))
        let content = ConfirmContent(
            action: SiteURL.agentConfigCounter.path(counter.id!), name: counter.name, rows: rows,
            slotsClosed: impact.closingSlotIDs.count, hidden: hidden, changedMeanwhile: changedMeanwhile)
        return try await Page.render(req, "agent/config-counter-confirm", content, status: .conflict)
    }

    private static func render(
        _ req: Request, _ counter: Counter?, form: FormState, served: Set<String>, removed: Set<Int>,
        applyExisting: Bool, status: HTTPStatus
    ) async throws -> Response {
        let language = Language.of(req)
        let procedures = try await Procedure.query(on: req.db).sort(\.$position).all()
        let retiredLabel = Catalogue.config["configOutOfService"]!(language)
        let sites = counter == nil ? try await Site.query(on: req.db).sort(\.$name).all() : []
        let content = Content(
            action: counter.map { SiteURL.agentConfigCounter.path($0.id!) } ?? SiteURL.agentConfigCounterNew.path(),
            name: counter?.name ?? Catalogue.config["configNewCounter"]!(language),
            isNew: counter == nil, retired: counter?.retiredAt != nil,
            sites: sites.map { .init(value: $0.id!, label: $0.name, checked: form.values["site"] == $0.id) },
            procedures: procedures.map {
                .init(
                    value: $0.id!,
                    label: $0.retiredAt == nil ? $0.name(language) : "\($0.name(language)) (\(retiredLabel))",
                    checked: served.contains($0.id!))
            },
            days: Weekday.allCases.map {
                .init(
                    field: "hours_" + $0.name, label: DateText.weekday($0, language),
                    value: form.values["hours_" + $0.name] ?? "", error: form.fieldErrors["hours_" + $0.name])
            },
            closures: try (counter?.closures() ?? []).enumerated().map {
                .init(
                    index: $0.offset, text: "\($0.element.from.iso) → \($0.element.through.iso) : \($0.element.reason)",
                    removed: removed.contains($0.offset))
            },
            applyExisting: applyExisting)
        return try await Page.render(req, "agent/config-counter", content, form: form, status: status)
    }

    private static func find(_ req: Request) async throws -> Counter {
        guard let id = req.parameters.get("counter"), let counter = try await Counter.find(id, on: req.db)
        else { throw RequestError.notFound }
        return counter
    }
}
