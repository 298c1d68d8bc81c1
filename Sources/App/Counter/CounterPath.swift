import Foundation
import GuichetCore

/// The counter pages' addresses, built in one place (routes.swift registers the same shapes).
enum CounterPath {
    static func day(_ counter: String, _ date: CivilDate? = nil) -> String {
        "/agent/counters/\(counter)" + (date.map { "?date=\($0.iso)" } ?? "")
    }
    static func scan(_ counter: String) -> String { "/agent/counters/\(counter)/scan" }
    static func action(_ counter: String, _ id: UUID, _ action: CounterAction) -> String {
        "/agent/counters/\(counter)/appointments/\(id.uuidString.lowercased())/\(action.rawValue)"
    }

    static let walkIn = "/agent/walk-in"
    static func walkIn(_ counter: String) -> String { "/agent/walk-in/\(counter)" }
    static func walkInIssue(_ counter: String) -> String { "/agent/walk-in/\(counter)/tickets" }
    static func walkInCall(_ counter: String) -> String { "/agent/walk-in/\(counter)/call" }
    static func walkInClose(_ counter: String, _ id: UUID, _ status: WalkInTicket.Status) -> String {
        "/agent/walk-in/\(counter)/tickets/\(id.uuidString.lowercased())/\(status.rawValue)"
    }
}
