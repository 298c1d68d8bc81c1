import Fluent
import Foundation
import GuichetCore

/// The statistics of one week, frozen before the retention purge deletes the records they were counted from.
/// Anonymous: counts and a median, nothing about anyone. Once a week has a row, `/stats` reads the row instead
/// of counting the records again.
final class WeeklyAggregate: Model, @unchecked Sendable {
    static let schema = "weekly_aggregates"

    /// The week's Monday, `YYYY-MM-DD` (Paris).
    @ID(custom: "week_start", generatedBy: .user) var id: String?
    @Field(key: "seats_released") var seatsReleased: Int
    @Field(key: "requests") var requests: Int
    @Field(key: "allocated") var allocated: Int
    @Field(key: "confirmed") var confirmed: Int
    @Field(key: "attended") var attended: Int
    @Field(key: "no_shows") var noShows: Int
    @Field(key: "duplicates_removed") var duplicatesRemoved: Int
    @Field(key: "rejected") var rejected: Int
    @OptionalField(key: "median_wait_days") var medianWaitDays: Double?
    @Field(key: "seen_before_expiry") var seenBeforeExpiry: Int
    @Field(key: "attended_with_expiry") var attendedWithExpiry: Int
    @Field(key: "frozen_at") var frozenAt: Date

    init() {}

    init(_ figures: WeeklyFigures, frozenAt: Date) {
        id = figures.monday.iso
        seatsReleased = figures.seatsReleased
        requests = figures.requests
        allocated = figures.allocated
        confirmed = figures.confirmed
        attended = figures.attended
        noShows = figures.noShows
        duplicatesRemoved = figures.duplicatesRemoved
        rejected = figures.rejected
        medianWaitDays = figures.medianWaitDays
        seenBeforeExpiry = figures.seenBeforeExpiry
        attendedWithExpiry = figures.attendedWithExpiry
        self.frozenAt = frozenAt
    }

    var figures: WeeklyFigures? {
        guard let id, let monday = CivilDate(iso: id) else { return nil }
        var figures = WeeklyFigures(monday: monday)
        figures.seatsReleased = seatsReleased
        figures.requests = requests
        figures.allocated = allocated
        figures.confirmed = confirmed
        figures.attended = attended
        figures.noShows = noShows
        figures.duplicatesRemoved = duplicatesRemoved
        figures.rejected = rejected
        figures.medianWaitDays = medianWaitDays
        figures.seenBeforeExpiry = seenBeforeExpiry
        figures.attendedWithExpiry = attendedWithExpiry
        return figures
    }
}
