import Fluent
import GuichetCore
import Vapor

/// A day with free seats, as a link on a procedure's page (public or assisted).
struct DayLink: Encodable {
    let href: String
    let label: String
    let seats: Int
}

/// A free time of one day, as a link to the booking form (public or assisted).
struct TimeLink: Encodable {
    let href: String
    let time: String
    let place: String
    let seats: Int
}

/// A slot as the booking pages show it, public and assisted alike: when, where, the address.
struct SlotView: Encodable {
    /// Said on a booking form whose slot can no longer be taken.
    static let gone = Localized(
        fr: "Ce créneau n'est plus disponible. Choisissez-en un autre.",
        en: "This time is no longer available. Choose another one.")

    let when: String
    let place: String
    let address: String

    /// `slot` with its counter and site loaded.
    init(_ slot: Slot, _ language: Language) {
        when = DateText.moment(slot.startsAt, language)
        place = "\(slot.counter.site.name) — \(slot.counter.name)"
        address = slot.counter.site.address
    }

    init(_ summary: SlotSummary, _ language: Language) {
        when = DateText.moment(summary.start, language)
        place = "\(summary.siteName) — \(summary.counterName)"
        address = summary.siteAddress
    }

    /// Slot `id` as a booking form shows it if a seat of it can be taken first come at `now` for a procedure that
    /// `counterIDs` serve (`BookingRules.unavailability`); nil if it cannot, so the form says the time is gone.
    static func query(
        free id: Int, servedBy counterIDs: [String], now: Date, language: Language,
        on db: any Database
    ) async throws -> SlotView? {
        guard
            let slot = try await Slot.query(on: db).filter(\.$id == id).with(\.$counter, { $0.with(\.$site) })
                .first(),
            slot.unavailability(servedBy: counterIDs, now: now) == nil
        else { return nil }
        return SlotView(slot, language)
    }

    /// The same for a request's booking form: the procedure's counters from the reference cache, the request's clock
    /// and language.
    static func free(_ id: Int, procedureID: String, for req: Request) async throws -> SlotView? {
        let reference = try await req.guichet.reference.get(on: req.db)
        return try await query(
            free: id, servedBy: reference.procedures[procedureID]?.counterIDs ?? [], now: req.guichet.clock.now(),
            language: Language.of(req), on: req.db)
    }
}
