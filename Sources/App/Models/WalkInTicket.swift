import Fluent
import Foundation

/// A numbered ticket of a walk-in queue (the 10-year card renewal): numbers start at 1 each day at each counter.
final class WalkInTicket: Model, @unchecked Sendable {
    static let schema = "walk_in_tickets"

    enum Status: String, Codable, Sendable, CaseIterable {
        case waiting, called, served, left
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "counter_id") var counter: Counter
    /// The Paris day, "YYYY-MM-DD": with the counter and the number, unique.
    @Field(key: "day") var day: String
    @Field(key: "number") var number: Int
    @Field(key: "status") var status: String
    @Field(key: "issued_at") var issuedAt: Date
    @Field(key: "issued_by") var issuedBy: String
    @OptionalField(key: "called_at") var calledAt: Date?
    @OptionalField(key: "called_by") var calledBy: String?
    @OptionalField(key: "closed_at") var closedAt: Date?
    @OptionalField(key: "closed_by") var closedBy: String?

    init() {}

    var ticketStatus: Status { Status(rawValue: status) ?? .left }
}
