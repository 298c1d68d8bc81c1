import Fluent
import GuichetCore
import Vapor

/// A counter's day: the appointments, the check-in field a USB scanner types into, and the agent's actions.
enum CounterPages {
    struct Row: Encodable {
        let id: String
        let time: String
        let familyName: String
        let givenNames: String
        let procedure: String
        let status: String
        let statusLabel: String
        let channel: String
        let checkedInAt: String?
        let servedAction: String?
        let noShowAction: String?
    }

    struct DayContent: Encodable {
        let counterID: String
        let counterName: String
        let siteName: String
        let date: String
        let dayLabel: String
        let isToday: Bool
        let previousHref: String
        let nextHref: String
        let todayHref: String
        let scanAction: String
        let rows: [Row]
        let notice: String?
    }

    struct Person: Encodable {
        let familyName: String
        let givenNames: String
        let birthDate: String
        let nationality: String
        let foreignNumber: String?
        /// As declared; for a draw or an urgent request it decided the priority, so it is checked on the permit too.
        let permitExpiry: String?
        let expiryGavePriority: Bool
    }

    struct CheckInContent: Encodable {
        let counterName: String
        let dayHref: String
        let scanAction: String
        let code: String
        let forged: Bool
        let person: Person
        let procedure: String
        let when: String
        let place: String
        let statusLabel: String
        let warnings: [String]
        let checkInAction: String?
        let rejectAction: String?
    }

    /// Answers `GET /agent/counters/{counter}?date=YYYY-MM-DD` (today, Paris, by default).
    @Sendable
    static func day(req: Request) async throws -> Response {
        let counter = try await Self.counter(req)
        let date = try Self.date(req)
        let notice = req.query[String.self, at: "done"].flatMap(CounterAction.init(rawValue:)).map {
            doneText($0)(Language.of(req))
        }
        return try await renderDay(req, counter, date, notice: notice)
    }

    /// Answers `POST /agent/counters/{counter}/scan`: the scanned URL or typed code → the check-in page.
    @Sendable
    static func scan(req: Request) async throws -> Response {
        let language = Language.of(req)
        try CSRF.check(req, submitted: try? req.content.get(String.self, at: CSRF.field))
        let counter = try await Self.counter(req)
        let typed = String(
            ((try? req.content.get(String.self, at: "scan")) ?? "").prefix(ScannedCode.maximumLength + 1))
        let today = ParisTime.civilDate(of: req.guichet.clock.now())
        var state = FormState(values: ["scan": String(typed.prefix(200))])
        guard let scanned = ScannedCode(typed) else {
            state.add("scan", Text.unreadable(language))
            return try await renderDay(req, counter, today, form: state, status: .unprocessableEntity)
        }
        let desk = CounterDesk(db: req.db, services: req.guichet)
        guard case .found(let appointment, let slot, let forged) = try await desk.lookup(scanned) else {
            state.add("scan", Text.unknown(scanned.code)(language))
            return try await renderDay(req, counter, today, form: state, status: .notFound)
        }
        try await audit(
            req, "convocation_scanned", appointment, detail: "counter=\(counter.id!)\(forged ? " forged" : "")")
        return try await renderCheckIn(req, counter, appointment, slot, forged: forged)
    }

    /// Answers `POST /agent/counters/{counter}/appointments/{id}/{check-in|reject|served|no-show}`.
    static func act(_ action: CounterAction) -> @Sendable (Request) async throws -> Response {
        { req in
            let language = Language.of(req)
            try CSRF.check(req, submitted: try? req.content.get(String.self, at: CSRF.field))
            let counter = try await Self.counter(req)
            guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
                let appointment = try await Appointment.find(id, on: req.db),
                let slot = try await Slot.find(appointment.$slot.id, on: req.db)
            else { throw RequestError.notFound }
            let forged = (try? req.content.get(String.self, at: "forged")) == "1"
            var reason = ""
            if action == .reject {
                reason = String(
                    ((try? req.content.get(String.self, at: "reason")) ?? "")
                        .trimmingCharacters(in: .whitespacesAndNewlines).prefix(500))
                if reason.isEmpty {
                    var state = FormState()
                    state.add("reason", Text.reasonMissing(language))
                    return try await renderCheckIn(
                        req, counter, appointment, slot, forged: forged, form: state,
                        status: .unprocessableEntity)
                }
            }
            let agent = try req.agent
            let desk = CounterDesk(db: req.db, services: req.guichet)
            let outcome = try await desk.apply(
                action, to: id, atCounter: counter.id!, reason: reason,
                by: .init(name: agent.actor, remote: req.remoteForAudit))
            let day = ParisTime.civilDate(of: slot.startsAt)
            switch outcome {
            case .done:
                return Page.redirect(req, to: CounterPath.day(counter.id!, day) + "&done=\(action.rawValue)")
            case .refused, .conflict:
                var state = FormState()
                state.add("", outcome == .conflict ? Text.conflict(language) : Text.refused(language))
                let fresh = try await Appointment.find(id, on: req.db) ?? appointment
                if action == .checkIn || action == .reject {
                    return try await renderCheckIn(
                        req, counter, fresh, slot, forged: forged, form: state, status: .conflict)
                }
                return try await renderDay(req, counter, day, form: state, status: .conflict)
            }
        }
    }

    // MARK: - Rendering

    static func renderDay(
        _ req: Request, _ counter: Counter, _ date: CivilDate, notice: String? = nil,
        form: FormState = FormState(), status: HTTPStatus = .ok
    ) async throws -> Response {
        let language = Language.of(req)
        let now = req.guichet.clock.now()
        let reference = try await req.guichet.reference.get(on: req.db)
        let counterID = counter.id!
        let rows = try await CounterDesk.day(counterID: counterID, date: date, on: req.db).map { appointment, slot in
            let status = appointment.status
            let id = appointment.id!
            let noShow = CounterRules.obstacles(
                to: .noShow, status: status, appointmentCounter: slot.$counter.id,
                start: slot.startsAt, atCounter: counterID, now: now
            ).isEmpty
            return Row(
                id: id.uuidString.lowercased(), time: DateText.time(slot.startsAt), familyName: appointment.familyName,
                givenNames: appointment.givenNames,
                procedure: reference.procedures[appointment.$procedure.id]?.name(language) ?? appointment.$procedure.id,
                status: status.rawValue, statusLabel: Catalogue.status(status, language),
                channel: channelText(appointment.channel)(language),
                checkedInAt: appointment.checkedInAt.map(DateText.time),
                servedAction: status == .checkedIn ? CounterPath.action(counterID, id, .serve) : nil,
                noShowAction: noShow ? CounterPath.action(counterID, id, .noShow) : nil)
        }
        let today = ParisTime.civilDate(of: now)
        let content = DayContent(
            counterID: counterID, counterName: counter.name, siteName: reference.counters[counterID]?.siteName ?? "",
            date: date.iso, dayLabel: DateText.day(date, language), isToday: date == today,
            previousHref: CounterPath.day(counterID, date.adding(days: -1)),
            nextHref: CounterPath.day(counterID, date.adding(days: 1)),
            todayHref: CounterPath.day(counterID), scanAction: CounterPath.scan(counterID), rows: rows, notice: notice)
        return try await Page.render(req, "agent/counter-day", content, form: form, status: status)
    }

    static func renderCheckIn(
        _ req: Request, _ counter: Counter, _ appointment: Appointment, _ slot: Slot, forged: Bool,
        form: FormState = FormState(), status: HTTPStatus = .ok
    ) async throws -> Response {
        let language = Language.of(req)
        let reference = try await req.guichet.reference.get(on: req.db)
        let desk = CounterDesk(db: req.db, services: req.guichet)
        let obstacles = desk.obstacles(to: .checkIn, appointment, slot, atCounter: counter.id!)
        var warnings: [String] = forged ? [Text.forged(language)] : []
        warnings += obstacles.map { obstacle in
            switch obstacle {
            case .otherCounter(let id):
                let place = reference.counters[id].map { "\($0.siteName) — \($0.name)" } ?? id
                return Text.otherCounter(place)(language)
            case .otherDay(let day):
                return Text.otherDay(DateText.day(day, language))(language)
            case .status(let status):
                if status == .checkedIn, let at = appointment.checkedInAt {
                    return Text.alreadyCheckedIn(DateText.time(at))(language)
                }
                return Text.status(Catalogue.status(status, language))(language)
            case .notYetDue:
                return ""
            }
        }
        let id = appointment.id!
        let counterID = counter.id!
        let place = reference.counters[slot.$counter.id].map { "\($0.siteName) — \($0.name)" } ?? slot.$counter.id
        let nationality = NationalityOptions.list(language).first { $0.code == appointment.nationality }?.name
        let content = CheckInContent(
            counterName: counter.name, dayHref: CounterPath.day(counterID), scanAction: CounterPath.scan(counterID),
            code: appointment.convocationCode ?? "", forged: forged,
            person: Person(
                familyName: appointment.familyName, givenNames: appointment.givenNames,
                birthDate: DateText.date(iso: appointment.birthDate, language) ?? appointment.birthDate,
                nationality: nationality.map { "\($0) (\(appointment.nationality))" } ?? appointment.nationality,
                foreignNumber: appointment.foreignNumber,
                permitExpiry: appointment.permitExpiry.map { DateText.date(iso: $0, language) ?? $0 },
                expiryGavePriority: appointment.permitExpiry != nil
                    && ["draw", "urgent"].contains(appointment.channel)),
            procedure: reference.procedures[appointment.$procedure.id]?.name(language) ?? appointment.$procedure.id,
            when: DateText.moment(slot.startsAt, language), place: place,
            statusLabel: Catalogue.status(appointment.status, language),
            warnings: warnings.filter { !$0.isEmpty },
            checkInAction: obstacles.isEmpty && !forged ? CounterPath.action(counterID, id, .checkIn) : nil,
            rejectAction: obstacles.isEmpty ? CounterPath.action(counterID, id, .reject) : nil)
        return try await Page.render(req, "agent/check-in", content, form: form, status: status)
    }

    // MARK: - Helpers

    static func counter(_ req: Request) async throws -> Counter {
        guard let id = req.parameters.get("counter"), let counter = try await Counter.find(id, on: req.db)
        else { throw RequestError.notFound }
        return counter
    }

    private static func date(_ req: Request) throws -> CivilDate {
        guard let text = req.query[String.self, at: "date"], !text.isEmpty else {
            return ParisTime.civilDate(of: req.guichet.clock.now())
        }
        guard let date = CivilDate(iso: text) else {
            throw RequestError.validation(
                field: "date", Localized(fr: "Date invalide (AAAA-MM-JJ).", en: "Invalid date (YYYY-MM-DD)."))
        }
        return date
    }

    /// A scan changes nothing, but who looked at whose identity is worth keeping.
    private static func audit(_ req: Request, _ action: String, _ appointment: Appointment, detail: String) async throws
    {
        let agent = try req.agent
        try await req.db.write(through: req.guichet.writeGate) { tx in
            try await AuditEntry(
                at: req.guichet.clock.now(), actor: agent.actor, action: action, recordType: "appointment",
                recordID: appointment.id!.uuidString, detail: detail, remote: req.remoteForAudit
            ).create(on: tx)
        }
    }

    static func channelText(_ channel: String) -> Localized {
        switch channel {
        case "online": Localized(fr: "En ligne", en: "Online")
        case "draw": Localized(fr: "Tirage", en: "Draw")
        case "assisted": Localized(fr: "Accompagné (agent)", en: "Assisted (agent)")
        case "urgent": Localized(fr: "Urgence", en: "Urgent")
        default: Localized(fr: channel, en: channel)
        }
    }

    static func doneText(_ action: CounterAction) -> Localized {
        switch action {
        case .checkIn:
            Localized(
                fr: "Personne accueillie : pièce d'identité conforme.", en: "Person checked in: ID document matches.")
        case .reject:
            Localized(
                fr: "Rendez-vous refusé (identité non conforme) et signalé pour examen.",
                en: "Appointment refused (identity mismatch) and flagged for review.")
        case .serve: Localized(fr: "Rendez-vous marqué comme reçu.", en: "Appointment marked as seen.")
        case .noShow: Localized(fr: "Rendez-vous marqué comme absent.", en: "Appointment marked as no-show.")
        }
    }

    /// The messages of the check-in page.
    enum Text {
        static let unreadable = Localized(
            fr:
                "Code illisible : scannez le QR code de la convocation ou tapez son code court à 10 caractères (ex. ABCDE-12345).",
            en:
                "Unreadable code: scan the convocation's QR code or type its 10-character short code (e.g. ABCDE-12345)."
        )
        static func unknown(_ code: String) -> Localized {
            Localized(
                fr:
                    "Aucune convocation ne porte le code \(code). Vérifiez la saisie ; une convocation inconnue n'est pas valable.",
                en:
                    "No convocation carries the code \(code). Check what was typed; an unknown convocation is not valid."
            )
        }
        static let forged = Localized(
            fr:
                "Signature falsifiée : le QR code ne correspond pas au rendez-vous enregistré. La convocation a été modifiée ou contrefaite. Ne l'acceptez pas telle quelle.",
            en:
                "Forged signature: the QR code does not match the registered appointment. The convocation was altered or forged. Do not accept it as it is."
        )
        static func otherCounter(_ place: String) -> Localized {
            Localized(
                fr:
                    "Mauvais guichet : ce rendez-vous est au guichet « \(place) ». Orientez la personne vers ce guichet.",
                en: "Wrong counter: this appointment is at \"\(place)\". Send the person to that counter.")
        }
        static func otherDay(_ day: String) -> Localized {
            Localized(
                fr: "Autre jour : ce rendez-vous est le \(day), pas aujourd'hui.",
                en: "Another day: this appointment is on \(day), not today.")
        }
        static func alreadyCheckedIn(_ time: String) -> Localized {
            Localized(fr: "Déjà accueilli à \(time).", en: "Already checked in at \(time).")
        }
        static func status(_ label: String) -> Localized {
            Localized(
                fr: "Ce rendez-vous n'est plus valable : \(label).",
                en: "This appointment is no longer valid: \(label).")
        }
        static let reasonMissing = Localized(
            fr: "Indiquez ce qui ne correspond pas (nom, date de naissance, photo…).",
            en: "Say what does not match (name, birth date, photo…).")
        static let conflict = Localized(
            fr: "Un autre agent vient de traiter ce rendez-vous : voici son état actuel.",
            en: "Another agent has just dealt with this appointment: here is its current state.")
        static let refused = Localized(
            fr: "Cette action n'est pas possible pour ce rendez-vous maintenant.",
            en: "This action is not possible for this appointment now.")
    }
}
