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
/// between steps end at once.
final class JobRunner: LifecycleHandler, @unchecked Sendable {
    let jobs: @Sendable (Application) -> [PeriodicJob]
    private let stop = StopSignal()
    private let lock = NIOLock()
    private var tasks: [Task<Void, Never>] = []

    init(jobs: @escaping @Sendable (Application) -> [PeriodicJob]) {
        self.jobs = jobs
    }

    func didBootAsync(_ app: Application) async throws {
        let logger = app.logger
        let started = jobs(app).map { job in
            Task { [stop] in
                guard await stop.pause(job.firstAfter) else { return }
                repeat {
                    do {
                        try await DatabaseDeadline.$current.withValue(job.deadline) { try await job.step() }
                    } catch {
                        logger.error("job \(job.name) failed: \(String(reflecting: type(of: error)))")
                    }
                } while await stop.pause(job.every)
            }
        }
        lock.withLock { tasks = started }
    }

    func shutdownAsync(_ app: Application) async {
        stop.fire()
        for task in lock.withLock({ tasks }) { await task.value }
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
