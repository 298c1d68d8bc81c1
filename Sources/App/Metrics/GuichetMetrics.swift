import Foundation
import Prometheus

/// What an operator watches (issue 11.6), in a registry of this application's own (no global metrics system: the
/// tests run many applications in one process). Served as Prometheus text by `GET /metrics` (`MetricsController`).
///
/// Counters count what this process did; Prometheus sums the nodes. What is shared (the outbox, the pool's
/// connections as PostgreSQL sees them) is read from the database when scraped.
final class GuichetMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()

    /// Buckets of the request latency histogram, from 5 ms to the request deadline's order of magnitude.
    static let latencyBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]

    private let holds: Prometheus.Counter
    private let confirmations: Prometheus.Counter
    private let expirations: Prometheus.Counter
    private let releases: Prometheus.Counter
    private let seatsReleased: Prometheus.Counter
    private let draws: Prometheus.Counter
    private let drawAllocated: Prometheus.Counter
    private let drawEntries: ValueHistogram
    private let databaseUnavailable: Prometheus.Counter
    private let writeBatches: ValueHistogram

    init() {
        holds = registry.makeCounter(
            descriptor: Self.name("holds", "total", "Seats held for 15 minutes (API and pages)"))
        confirmations = registry.makeCounter(
            descriptor: Self.name("confirmations", "total", "Holds confirmed by their emailed code"))
        expirations = registry.makeCounter(
            descriptor: Self.name("hold_expirations", "total", "Holds expired unconfirmed"))
        releases = registry.makeCounter(descriptor: Self.name("releases", "total", "Releases performed"))
        seatsReleased = registry.makeCounter(
            descriptor: Self.name("seats_released", "total", "Seats put on offer by releases"))
        draws = registry.makeCounter(descriptor: Self.name("draws", "total", "Draws and release lotteries drawn"))
        drawAllocated = registry.makeCounter(
            descriptor: Self.name("draw_allocations", "total", "Requests and tickets given a seat by a draw"))
        drawEntries = registry.makeValueHistogram(
            descriptor: Self.name("draw_entries", "", "Requests or tickets taking part in each draw"),
            buckets: [0, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000])
        databaseUnavailable = registry.makeCounter(
            descriptor: Self.name(
                "database_unavailable", "total", "Requests answered 503 because the database did not answer in time"))
        writeBatches = registry.makeValueHistogram(
            descriptor: Self.name(
                "sqlite_write_batch", "writes", "Writes committed together by SQLite's writer, per commit"),
            buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256])
    }

    func held() { holds.increment() }
    func confirmed() { confirmations.increment() }
    func expired(_ count: Int) { expirations.increment(by: Int64(count)) }
    func released(releases count: Int, seats: Int) {
        releases.increment(by: Int64(count))
        seatsReleased.increment(by: Int64(seats))
    }
    func drew(entries: Int, allocated: Int) {
        draws.increment()
        drawAllocated.increment(by: Int64(allocated))
        drawEntries.record(Double(entries))
    }
    func databaseWasUnavailable() { databaseUnavailable.increment() }
    func committedBatch(of writes: Int) { writeBatches.record(Double(writes)) }

    /// One answer: its route's pattern (never the path itself: identifiers and tokens stay out, and the label set
    /// stays small), method and status, and how long it took.
    func request(route: String, method: String, status: Int, duration: Duration) {
        registry.makeCounter(
            descriptor: Self.name("http_requests", "total", "Answers by route, method and status"),
            labels: [("route", route), ("method", method), ("status", String(status))]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: Self.name("http_request_duration", "seconds", "Time to answer, by route"),
            labels: [("route", route), ("method", method)], buckets: Self.latencyBuckets
        )
        .record(duration)
    }

    /// A cancellation, by whom (`applicant`, `agent`, `review`...).
    func cancelled(by reason: String) {
        registry.makeCounter(
            descriptor: Self.name("cancellations", "total", "Active appointments cancelled, by whom"),
            labels: [("by", reason)]
        ).increment()
    }

    /// A submission refused before anything was recorded: `limit` (429), or the proof of work's reason (403).
    func refused(_ reason: String) {
        registry.makeCounter(
            descriptor: Self.name(
                "submission_refusals", "total",
                "Holds and requests refused by the submission limit or the proof of work"),
            labels: [("reason", reason)]
        ).increment()
    }

    /// A periodic job's step that failed (and is tried again at its next turn).
    func jobFailed(_ job: String) {
        registry.makeCounter(
            descriptor: Self.name("job_failures", "total", "Failed steps of the periodic jobs, by job"),
            labels: [("job", job)]
        ).increment()
    }

    /// Figures read from the database when scraped; see `MetricsController`.
    /// A gauge's name (after `guichet_`), help, labels and value.
    typealias Figure = (name: String, help: String, labels: [(String, String)], value: Double)

    func shared(_ gauges: [Figure]) {
        for gauge in gauges {
            let descriptor = Self.name(gauge.name, "", gauge.help)
            if gauge.labels.isEmpty {
                registry.makeGauge(descriptor: descriptor).set(gauge.value)
            } else {
                registry.makeGauge(descriptor: descriptor, labels: gauge.labels).set(gauge.value)
            }
        }
    }

    static func name(_ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "guichet", metricName: metric, unitName: unit, helpText: help)
    }
}
