import Fluent
import Foundation

/// One planned release: a secret instant at which planned seats of a procedure go on offer.
///
/// Instants are drawn with a cryptographic generator and never leave the server: no route, page or `info` log
/// shows a future one.
final class Release: Model, @unchecked Sendable {
    static let schema = "releases"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Parent(key: "procedure_id") var procedure: Procedure
    /// The Monday (Paris) of the week the instant was drawn for: a week is planned once.
    @Field(key: "week_start") var weekStart: String
    @Field(key: "due_at") var dueAt: Date
    @OptionalField(key: "performed_at") var performedAt: Date?
    @Field(key: "seats_released") var seatsReleased: Int
    /// The lottery its seats went to (nil: first come, first served).
    @OptionalField(key: "window_id") var windowID: String?

    init() {}

    init(procedureID: String, weekStart: String, dueAt: Date) {
        self.$procedure.id = procedureID
        self.weekStart = weekStart
        self.dueAt = dueAt
        self.seatsReleased = 0
    }
}
