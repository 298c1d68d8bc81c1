import Foundation
import Vapor

/// Every entry an application logs, kept for the test to read: `app.logger = capture.logger` (requests served in
/// memory log through the application's logger).
final class LogCapture: @unchecked Sendable {
    struct Entry: Sendable {
        let level: Logger.Level
        /// The message and its metadata, as one line.
        let text: String
    }

    private let lock = NSLock()
    private var kept: [Entry] = []

    var entries: [Entry] { lock.withLock { kept } }

    var logger: Logger {
        Logger(label: "test") { _ in Handler(capture: self) }
    }

    private struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(
            level: Logger.Level, message: Logger.Message, metadata extra: Logger.Metadata?, source: String,
            file: String, function: String, line: UInt
        ) {
            let all = metadata.merging(extra ?? [:]) { $1 }
            let text = "\(message) " + all.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            capture.lock.withLock { capture.kept.append(Entry(level: level, text: text)) }
        }
    }
}
