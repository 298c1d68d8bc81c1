import Fluent
import GuichetCore
import Vapor

/// The procedures and their free seats.
enum ProceduresAPIController {
    /// Answers `GET /api/v1/procedures`: every procedure with its mode, the counters that serve it, and the draw
    /// window or release lottery taking requests now.
    @Sendable
    static func list(req: Request) async throws -> [ProcedureDTO] {
        let language = Language.of(req)
        let now = req.guichet.clock.now()
        let open = try await DrawWindow.query(on: req.db).filter(\.$status == DrawWindow.open)
            .filter(\.$opensAt <= now).filter(\.$closesAt > now).sort(\.$closesAt).all()
        let byProcedure = Dictionary(grouping: open, by: { $0.$procedure.id })
        return try await req.guichet.reference.get(on: req.db).offered.map {
            $0.procedure.toDTO(counters: $0.counters, language: language, open: byProcedure[$0.procedure.id!] ?? [])
        }
    }

    /// Answers `GET /api/v1/procedures/{procedure}/availability?from=&to=`: released slots with a free seat.
    @Sendable
    static func availability(req: Request) async throws -> Response {
        guard let procedureID = req.parameters.get("procedure"),
            let procedure = try await req.guichet.reference.get(on: req.db).procedures[procedureID], !procedure.retired
        else { throw BookingError.unknownProcedure }
        let now = req.guichet.clock.now()
        let today = ParisTime.civilDate(of: now)
        let from = try date(req, "from") ?? today
        let to = try date(req, "to") ?? from.adding(days: Availability.defaultDays - 1)
        guard from <= to else {
            throw RequestError.invalid("to", fr: "« to » doit suivre « from ».", en: "'to' must not be before 'from'.")
        }
        guard to - from < Availability.maxDays else {
            throw RequestError.invalid(
                "to", fr: "Demandez au plus \(Availability.maxDays) jours à la fois.",
                en: "Ask for at most \(Availability.maxDays) days at a time.")
        }
        let db = req.db
        let answer = try await req.guichet.availability.answer(for: "\(procedureID)|\(from.iso)|\(to.iso)") {
            // Only release-mode seats are booked directly; walk-in and draw procedures offer none here.
            let days =
                procedure.mode == .release
                ? try await Availability.days(procedureID: procedureID, from: from, through: to, now: now, on: db)
                : []
            return try JSONEncoder().encode(
                AvailabilityDTO(procedure: procedureID, from: from.iso, to: to.iso, days: days))
        }
        // Public and short-lived: a client may keep it but asks again each time, and is answered 304 without the
        // body when its copy (If-None-Match) is the current one.
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .eTag, value: answer.etag)
        headers.replaceOrAdd(name: .cacheControl, value: "no-cache")
        if EntityTag.matches(req, answer.etag) {
            return Response(status: .notModified, headers: headers)
        }
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(data: answer.body))
    }

    private static func date(_ req: Request, _ name: String) throws -> CivilDate? {
        guard let raw = req.queryText(name) else { return nil }
        guard let date = CivilDate(iso: raw) else {
            throw RequestError.invalid(name, fr: "Date invalide : AAAA-MM-JJ.", en: "Invalid date: use YYYY-MM-DD.")
        }
        return date
    }
}
