import Foundation
import GuichetCore

/// The counter pages' addresses with their values, built on `SiteURL` (the routes' own paths).
enum CounterPath {
    static func day(_ counter: String, _ date: CivilDate? = nil) -> String {
        SiteURL.agentCounter.path(counter) + (date.map { "?date=\($0.iso)" } ?? "")
    }
    static func scan(_ counter: String) -> String { SiteURL.agentCounterScan.path(counter) }
    static func action(_ counter: String, _ id: UUID, _ action: CounterAction) -> String {
        action.url.path(counter, id.uuidString.lowercased())
    }

    static let walkIn = SiteURL.agentWalkIn.path()
    static func walkIn(_ counter: String) -> String { SiteURL.agentWalkInQueue.path(counter) }
    static func walkInIssue(_ counter: String) -> String { SiteURL.agentWalkInTickets.path(counter) }
    static func walkInCall(_ counter: String) -> String { SiteURL.agentWalkInCall.path(counter) }
    static func walkInClose(_ counter: String, _ id: UUID, _ status: WalkInTicket.Status) -> String {
        (status == .left ? SiteURL.agentWalkInLeft : .agentWalkInServed).path(counter, id.uuidString.lowercased())
    }
}
