import Foundation
import Logging
import NIOPosix

/// Delivers one message or throws; the outbox worker retries failures later.
protocol MailTransport: Sendable {
    func deliver(_ message: MailMessage) async throws
}

/// Writes each message as an `.eml` file: the default, so a newcomer can read every email the service sends.
struct FolderMailTransport: MailTransport {
    let folder: URL

    func deliver(_ message: MailMessage) async throws {
        let stamp = Int(message.date.timeIntervalSince1970)
        let name = "\(stamp)-\(message.id.prefix(while: { $0 != "@" })).eml"
        let bytes = Data(message.rfc5322().utf8)
        // Blocking file work, on the thread pool: the event loops (which run Swift's tasks here) serve requests.
        try await NIOThreadPool.singleton.runIfActive { [folder] in
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            // Written and flushed to disk under a temporary name, then renamed: a reader never sees half a message,
            // and a message marked sent is on disk.
            let temporary = folder.appendingPathComponent(".\(name).tmp")
            guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary.path])
            }
            let file = try FileHandle(forWritingTo: temporary)
            defer { try? file.close() }
            try file.write(contentsOf: bytes)
            try file.synchronize()
            if rename(temporary.path, folder.appendingPathComponent(name).path) != 0 {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: name])
            }
        }
    }
}

/// Logs messages instead of sending them (development). Only the body goes to `debug`: it holds codes and tokens.
struct LogMailTransport: MailTransport {
    let logger: Logger

    func deliver(_ message: MailMessage) async throws {
        logger.info("mail \(message.id): \(message.subject)")
        logger.debug("mail \(message.id) to \(message.to):\n\(message.text)")
    }
}
