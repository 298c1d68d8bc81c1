import Dispatch
import Foundation
import Logging
import NIOConcurrencyHelpers

/// Makes sure a stopped node leaves (issue 11): once SIGTERM or SIGINT arrives, the node has `limit` to stop serving,
/// finish its jobs' current steps and close its database connections; past that it says which stage it was stuck in
/// and exits with status 1 rather than hang for the supervisor's SIGKILL.
///
/// Leaving early loses nothing acknowledged: a booking is answered only after its transaction committed, an outbox
/// message a node was sending is leased and sent again after its lease by another node (same Message-ID), and a job
/// step's transaction either committed or rolls back with the connection.
public enum ShutdownWatch {
    private static let current = NIOLockedValueBox("stopping the server")
    /// Kept for the life of the process (a source released is a source cancelled); written once, at start.
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    /// Watches for SIGTERM and SIGINT beside Vapor's own handlers (libdispatch calls every source of a signal).
    public static func arm(limit: Duration, logger: Logger) {
        let queue = DispatchQueue(label: "guichet.shutdown-watch")
        let watching = [SIGTERM, SIGINT].map { code in
            let source = DispatchSource.makeSignalSource(signal: code, queue: queue)
            source.setEventHandler {
                queue.asyncAfter(deadline: .now() + .nanoseconds(Int(limit.nanoseconds))) {
                    let stage = current.withLockedValue { $0 }
                    logger.error("shutdown did not finish within \(limit) (stuck \(stage)); leaving now")
                    exit(1)
                }
            }
            source.resume()
            return source
        }
        sources = watching
    }

    /// Names what the node is waiting on, for the message above.
    public static func stage(_ stage: String) {
        current.withLockedValue { $0 = stage }
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
