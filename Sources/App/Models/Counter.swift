import Fluent
import Foundation
import GuichetCore

/// A counter (guichet): a desk at a site, serving some procedures, with weekly opening hours and closures.
final class Counter: Model, @unchecked Sendable {
    static let schema = "counters"

    @ID(custom: "id", generatedBy: .user) var id: String?
    @Parent(key: "site_id") var site: Site
    @Field(key: "name") var name: String
    /// `WeeklyHours` as JSON: `{"monday": ["09:00-12:00", "13:30-16:00"], …}`.
    @Field(key: "hours") var hoursJSON: String
    /// `[Closure]` as JSON.
    @Field(key: "closures") var closuresJSON: String
    @Field(key: "seats_per_slot") var seatsPerSlot: Int
    /// Taken out of service (no hours, no procedures, its appointments moved or cancelled first).
    @OptionalField(key: "retired_at") var retiredAt: Date?
    @Siblings(through: CounterProcedure.self, from: \.$counter, to: \.$procedure) var procedures: [Procedure]

    init() {}

    init(id: String, siteID: String, name: String, hours: WeeklyHours, closures: [Closure] = [], seatsPerSlot: Int = 1)
        throws
    {
        self.id = id
        self.$site.id = siteID
        self.name = name
        self.hoursJSON = try String(decoding: JSONEncoder.sorted.encode(hours), as: UTF8.self)
        self.closuresJSON = try String(decoding: JSONEncoder.sorted.encode(closures), as: UTF8.self)
        self.seatsPerSlot = seatsPerSlot
    }

    func hours() throws -> WeeklyHours {
        try JSONDecoder().decode(WeeklyHours.self, from: Data(hoursJSON.utf8))
    }

    func closures() throws -> [Closure] {
        try JSONDecoder().decode([Closure].self, from: Data(closuresJSON.utf8))
    }
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}

extension QueryBuilder where Model == Counter {
    /// Counters not taken out of service (`docs/decisions/0010`).
    func inService() -> Self { filter(\.$retiredAt == nil) }
}
