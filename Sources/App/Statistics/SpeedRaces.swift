import Fluent
import Foundation
import GuichetCore

/// How much of a speed race each recent release, lottery and draw was (`SpeedRace`), read from what the database
/// keeps: the releases and their seat counts, the holds and their suspicion signals (time since the seats went on
/// offer), the tickets and requests of each window, and which bookings were later flagged or cancelled after review.
/// Failed attempts are not stored, so "asks" counts holds that got their seat, and tickets and requests.
enum SpeedRaces {
    struct Measured: Sendable {
        let procedureID: String
        /// `release` (first come), `release-lottery` or `draw`.
        let kind: String
        let instant: Date
        let race: SpeedRace
    }

    /// Every release performed and every window drawn since `since`, newest first.
    static func measure(since: Date, on db: any Database) async throws -> [Measured] {
        let flagged = try await flaggedAppointments(since: since, on: db)
        var measured: [Measured] = []

        // First-come releases: the holds whose slot went on offer at the release's instant.
        let releases = try await Release.query(on: db).filter(\.$performedAt >= since).filter(\.$windowID == nil)
            .filter(\.$seatsReleased > 0).all()
        if !releases.isEmpty {
            let signals = try await BookingSignal.query(on: db).filter(\.$createdAt >= since)
                .filter(\.$subjectType == SuspicionSubject.Kind.appointment.rawValue)
                .filter(\.$secondsSinceRelease != nil).all()
            for release in releases {
                guard let performed = release.performedAt else { continue }
                let holds = signals.filter { signal in
                    let onOffer = signal.createdAt.addingTimeInterval(-(signal.secondsSinceRelease ?? 0))
                    return abs(onOffer.timeIntervalSince(performed)) < 1
                }.sorted { $0.createdAt < $1.createdAt }
                let asks = holds.map {
                    SpeedRace.Ask(at: $0.createdAt, gotSeat: true, flagged: flagged.contains($0.subjectID))
                }
                let last = holds.count >= release.seatsReleased ? holds[release.seatsReleased - 1].createdAt : nil
                measured.append(
                    Measured(
                        procedureID: release.$procedure.id, kind: "release", instant: performed,
                        race: SpeedRace.measure(
                            instant: performed, seats: release.seatsReleased,
                            asks: asks, lastSeatTakenAt: last)))
            }
        }

        // Lotteries and draws: the tickets and requests of each window, and what its document gave.
        let windows = try await DrawWindow.query(on: db).filter(\.$status == DrawWindow.drawn)
            .filter(\.$closesAt >= since).all()
        for window in windows {
            guard let json = window.document,
                let document = try? JSONDecoder().decode(DrawDocument.self, from: Data(json.utf8))
            else { continue }
            let numbers = Set(document.requests.map(\.number))
            let requests = try await ApplicantRequest.query(on: db).filter(\.$number ~~ Array(numbers)).all()
            let allocated = Set(document.allocations.map(\.requestNumber))
            let asks = requests.map { request in
                SpeedRace.Ask(
                    at: window.kind == .draw ? (request.confirmedAt ?? request.createdAt) : request.createdAt,
                    gotSeat: allocated.contains(request.number),
                    flagged: request.appointmentID.map { flagged.contains($0.uuidString) } ?? false)
            }
            let soldOut = !document.seats.isEmpty && document.allocations.count >= document.seats.count
            measured.append(
                Measured(
                    procedureID: window.$procedure.id, kind: window.kind.rawValue,
                    instant: window.opensAt,
                    race: SpeedRace.measure(
                        instant: window.opensAt, seats: document.seats.count,
                        asks: asks,
                        lastSeatTakenAt: soldOut ? window.drawnAt : nil)))
        }
        return measured.sorted { $0.instant > $1.instant }
    }

    /// Ids (upper-case UUID text, as signals and flags name them) of appointments flagged for review or cancelled
    /// after it.
    private static func flaggedAppointments(since: Date, on db: any Database) async throws -> Set<String> {
        var ids = Set(
            try await SuspicionFlag.query(on: db)
                .filter(\.$subjectType == SuspicionSubject.Kind.appointment.rawValue).all().map {
                    $0.subjectID.uppercased()
                })
        for appointment in try await Appointment.query(on: db).filter(\.$createdAt >= since)
            .filter(\.$closeReason == Suspicion.cancelReason).all()
        {
            ids.insert(appointment.id!.uuidString)
        }
        return ids
    }
}
