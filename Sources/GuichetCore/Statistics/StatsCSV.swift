import Foundation

/// The CSV exports for supervisors: the weekly statistics, and the appointments of one counter's day.
/// Column names are stable English identifiers, so that spreadsheets and scripts keep working whatever the
/// page's language.
public enum StatsCSV {
    public static let weeklyHeader = [
        "week_start", "week_end", "seats_released", "requests", "allocated", "confirmed", "attended", "no_shows",
        "duplicates_removed", "rejected_at_counter", "median_wait_days", "seen_before_expiry",
        "attended_with_known_expiry", "seen_before_expiry_share",
    ]

    public static func weekly(_ weeks: [WeeklyFigures]) -> String {
        CSV.document(
            header: weeklyHeader,
            rows: weeks.map { week in
                [
                    week.monday.iso, week.monday.adding(days: 6).iso, "\(week.seatsReleased)", "\(week.requests)",
                    "\(week.allocated)", "\(week.confirmed)", "\(week.attended)", "\(week.noShows)",
                    "\(week.duplicatesRemoved)", "\(week.rejected)",
                    week.medianWaitDays.map { decimal($0, places: 1) } ?? "",
                    "\(week.seenBeforeExpiry)", "\(week.attendedWithExpiry)",
                    week.seenBeforeExpiryShare.map { decimal($0, places: 3) } ?? "",
                ]
            })
    }

    /// One appointment on a counter's day sheet.
    public struct CounterDayRow: Sendable, Equatable {
        public let time: String
        public let name: String
        public let procedure: String
        public let status: String
        public let channel: String

        public init(time: String, name: String, procedure: String, status: String, channel: String) {
            self.time = time
            self.name = name
            self.procedure = procedure
            self.status = status
            self.channel = channel
        }
    }

    public static let counterDayHeader = ["time", "name", "procedure", "status", "channel"]

    public static func counterDay(_ rows: [CounterDayRow]) -> String {
        CSV.document(
            header: counterDayHeader,
            rows: rows.map { [$0.time, $0.name, $0.procedure, $0.status, $0.channel] })
    }

    /// A dot-decimal number, as spreadsheets in any locale import from CSV.
    static func decimal(_ value: Double, places: Int) -> String {
        String(format: "%.\(places)f", value)
    }
}
