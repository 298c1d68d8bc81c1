import Fluent
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import Vapor

/// One periodic job: a step run every `every`, each step's write transactions under `deadline`.
struct PeriodicJob: Sendable {
    let name: String
    let every: Duration
    var firstAfter: Duration = .zero
    var deadline: TimeAmount? = .seconds(30)
    let step: @Sendable () async throws -> Void
}

/// Runs each periodic job in its own task (issue 11, point 5), so that a slow step of one (an SMTP relay taking its
/// time, a big purge) never delays another (a release, a draw, the expiry of holds). A failing step is logged and
/// tried again at the job's next turn. Stopping lets each job finish the step it is in, and no more: the pauses
/// between steps end at once, and a step still running after `patience` is cancelled (its transaction rolls back).
final class JobRunner: LifecycleHandler, @unchecked Sendable {
    let jobs: @Sendable (Application) -> [PeriodicJob]
    let patience: Duration
    private let stop = StopSignal()
    private let lock = NIOLock()
    private var tasks: [(name: String, task: Task<Void, Never>)] = []
    private let running = NIOLockedValueBox<Set<String>>([])

    init(patience: Duration = .seconds(10), jobs: @escaping @Sendable (Application) -> [PeriodicJob]) {
        self.patience = patience
        self.jobs = jobs
    }

    func didBootAsync(_ app: Application) async throws {
        let logger = app.logger
        let metrics = app.guichet.metrics
        let started = jobs(app).map { job in
            (
                job.name,
                Task { [stop, running] in
                    running.withLockedValue { _ = $0.insert(job.name) }
                    defer { running.withLockedValue { _ = $0.remove(job.name) } }
                    guard await stop.pause(job.firstAfter) else { return }
                    repeat {
                        do {
                            try await DatabaseDeadline.$current.withValue(job.deadline) { try await job.step() }
                        } catch {
                            logger.error("job \(job.name) failed: \(String(reflecting: type(of: error)))")
                            metrics.jobFailed(job.name)
                        }
                    } while await stop.pause(job.every)
                }
            )
        }
        lock.withLock { tasks = started }
    }

    func shutdownAsync(_ app: Application) async {
        stop.fire()
        let tasks = lock.withLock { self.tasks }
        ShutdownWatch.stage("waiting for the jobs' current steps")
        // Polled rather than awaited: awaiting a task stuck in the driver would wait as long as it does.
        var waited: Duration = .zero
        while running.withLockedValue({ !$0.isEmpty }), waited < patience {
            try? await Task.sleep(for: .milliseconds(100))
            waited += .milliseconds(100)
        }
        let stuck = running.withLockedValue { $0.sorted() }
        if !stuck.isEmpty {
            app.logger.warning(
                "jobs still in a step after \(patience) were cancelled: \(stuck.joined(separator: ", "))")
            for (_, task) in tasks { task.cancel() }
        }
        ShutdownWatch.stage("closing the database connections")
    }
}

/// Pauses that end early when the runner stops.
final class StopSignal: @unchecked Sendable {
    private let lock = NIOLock()
    private var stopped = false

    func fire() { lock.withLock { stopped = true } }

    var isStopped: Bool { lock.withLock { stopped } }

    /// Waits `duration`, a quarter of a second at a time. Returns false once stopped.
    func pause(_ duration: Duration) async -> Bool {
        var left = duration
        while left > .zero {
            if isStopped { return false }
            let slice = min(left, .milliseconds(250))
            try? await Task.sleep(for: slice)
            left -= slice
        }
        return !isStopped
    }
}
