import Fluent
import GuichetCore
import Vapor

/// The walk-in queue (10-year card renewals): tickets numbered from 1 each day, issued during the counter's
/// hours, called in order.
enum WalkInPages {
    struct Ticket: Encodable {
        let id: String
        let number: Int
        let status: String
        let statusLabel: String
        let issuedAt: String
        let calledAt: String?
        let calledBy: String?
        let servedAction: String?
        let leftAction: String?
    }

    struct Content: Encodable {
        let counterName: String
        let dayLabel: String
        let isOpen: Bool
        let hoursToday: String
        let nextOpening: String?
        let issueAction: String
        let callAction: String
        let waiting: [Ticket]
        let called: [Ticket]
        let finished: [Ticket]
        let notice: String?
    }

    /// Answers `GET /agent/walk-in`: the queue of the (first) counter serving a walk-in procedure.
    @Sendable
    static func index(req: Request) async throws -> Response {
        guard let first = try await WalkInQueue.counters(on: req.db).first else { throw RequestError.notFound }
        return Page.redirect(req, to: CounterPath.walkIn(first.id!))
    }

    /// Answers `GET /agent/walk-in/{counter}`.
    @Sendable
    static func queue(req: Request) async throws -> Response {
        let language = Language.of(req)
        let queue = try await Self.queue(req)
        var notice: String?
        if let number = req.query[Int.self, at: "issued"] { notice = Text.issued(number)(language) }
        if let number = req.query[Int.self, at: "called"] { notice = Text.called(number)(language) }
        return try await render(req, queue, notice: notice)
    }

    /// Answers `POST /agent/walk-in/{counter}/tickets`: the next number, while the counter is open.
    @Sendable
    static func issue(req: Request) async throws -> Response {
        try CSRF.check(req, submitted: try? req.content.get(String.self, at: CSRF.field))
        let queue = try await Self.queue(req)
        do {
            let ticket = try await queue.issue(by: try actor(req))
            return Page.redirect(req, to: CounterPath.walkIn(queue.counter.id!) + "?issued=\(ticket.number)")
        } catch let failure as WalkInQueue.Failure {
            return try await refuse(req, queue, failure)
        }
    }

    /// Answers `POST /agent/walk-in/{counter}/call`: the lowest waiting number is called.
    @Sendable
    static func callNext(req: Request) async throws -> Response {
        try CSRF.check(req, submitted: try? req.content.get(String.self, at: CSRF.field))
        let queue = try await Self.queue(req)
        do {
            let ticket = try await queue.callNext(by: try actor(req))
            return Page.redirect(req, to: CounterPath.walkIn(queue.counter.id!) + "?called=\(ticket.number)")
        } catch let failure as WalkInQueue.Failure {
            return try await refuse(req, queue, failure)
        }
    }

    /// Answers `POST /agent/walk-in/{counter}/tickets/{id}/served` and `…/left`.
    static func close(_ status: WalkInTicket.Status) -> @Sendable (Request) async throws -> Response {
        { req in
            try CSRF.check(req, submitted: try? req.content.get(String.self, at: CSRF.field))
            let queue = try await Self.queue(req)
            guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw RequestError.notFound }
            do {
                try await queue.close(id, as: status, by: try actor(req))
                return Page.redirect(req, to: CounterPath.walkIn(queue.counter.id!))
            } catch let failure as WalkInQueue.Failure {
                return try await refuse(req, queue, failure)
            }
        }
    }

    // MARK: - Helpers

    private static func queue(_ req: Request) async throws -> WalkInQueue {
        let id = req.parameters.get("counter") ?? ""
        guard let counter = try await WalkInQueue.counters(on: req.db).first(where: { $0.id == id })
        else { throw RequestError.notFound }
        return WalkInQueue(db: req.db, services: req.guichet, counter: counter)
    }

    private static func actor(_ req: Request) throws -> WalkInQueue.Actor {
        WalkInQueue.Actor(name: try req.agent.actor, remote: req.remoteForAudit)
    }

    private static func refuse(_ req: Request, _ queue: WalkInQueue, _ failure: WalkInQueue.Failure) async throws
        -> Response
    {
        let language = Language.of(req)
        var state = FormState()
        switch failure {
        case .closed(let next):
            state.add("", (next.map { Text.closedUntil(DateText.moment($0, language)) } ?? Text.closed)(language))
        case .nobodyWaiting: state.add("", Text.nobodyWaiting(language))
        case .conflict: state.add("", Text.conflict(language))
        }
        return try await render(req, queue, form: state, status: .conflict)
    }

    static func render(
        _ req: Request, _ queue: WalkInQueue, notice: String? = nil, form: FormState = FormState(),
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let language = Language.of(req)
        let now = req.guichet.clock.now()
        let schedule = try queue.schedule()
        let today = queue.today
        let counterID = queue.counter.id!
        let tickets = try await queue.tickets(on: today).map { ticket in
            let state = ticket.ticketStatus
            return Ticket(
                id: ticket.id!.uuidString.lowercased(), number: ticket.number, status: state.rawValue,
                statusLabel: statusText(state)(language), issuedAt: DateText.time(ticket.issuedAt),
                calledAt: ticket.calledAt.map(DateText.time),
                calledBy: ticket.calledBy.map { $0.replacingOccurrences(of: "agent:", with: "") },
                servedAction: state == .called ? CounterPath.walkInClose(counterID, ticket.id!, .served) : nil,
                leftAction: [.waiting, .called].contains(state)
                    ? CounterPath.walkInClose(counterID, ticket.id!, .left) : nil)
        }
        let content = Content(
            counterName: queue.counter.name, dayLabel: DateText.day(today, language), isOpen: schedule.isOpen(at: now),
            hoursToday: schedule.sessions(on: today).map(\.text).joined(separator: ", "),
            nextOpening: schedule.isOpen(at: now)
                ? nil : schedule.nextOpening(after: now).map { DateText.moment($0, language) },
            issueAction: CounterPath.walkInIssue(counterID), callAction: CounterPath.walkInCall(counterID),
            waiting: tickets.filter { $0.status == WalkInTicket.Status.waiting.rawValue },
            called: tickets.filter { $0.status == WalkInTicket.Status.called.rawValue },
            finished: tickets.filter {
                [WalkInTicket.Status.served.rawValue, WalkInTicket.Status.left.rawValue].contains($0.status)
            },
            notice: notice)
        return try await Page.render(req, "agent/walk-in", content, form: form, status: status)
    }

    static func statusText(_ status: WalkInTicket.Status) -> Localized {
        switch status {
        case .waiting: Localized(fr: "En attente", en: "Waiting")
        case .called: Localized(fr: "Appelé", en: "Called")
        case .served: Localized(fr: "Reçu", en: "Seen")
        case .left: Localized(fr: "Parti", en: "Left")
        }
    }

    enum Text {
        static func issued(_ number: Int) -> Localized {
            Localized(fr: "Ticket n° \(number) délivré.", en: "Ticket no. \(number) issued.")
        }
        static func called(_ number: Int) -> Localized {
            Localized(fr: "Ticket n° \(number) appelé.", en: "Ticket no. \(number) called.")
        }
        static func closedUntil(_ moment: String) -> Localized {
            Localized(
                fr: "L'accueil sans rendez-vous est fermé. Prochaine ouverture : \(moment).",
                en: "The walk-in desk is closed. It opens next on \(moment).")
        }
        static let closed = Localized(fr: "L'accueil sans rendez-vous est fermé.", en: "The walk-in desk is closed.")
        static let nobodyWaiting = Localized(fr: "Personne n'attend.", en: "Nobody is waiting.")
        static let conflict = Localized(
            fr: "Un autre agent vient de traiter ce ticket.", en: "Another agent has just dealt with this ticket.")
    }
}
