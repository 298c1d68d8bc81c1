import Foundation
import Logging

/// Delivers one message or throws; the outbox worker retries failures later.
protocol MailTransport: Sendable {
    func deliver(_ message: MailMessage) async throws
}

/// Writes each message as an `.eml` file: the default, so a newcomer can read every email the service sends.
struct FolderMailTransport: MailTransport {
    let folder: URL

    func deliver(_ message: MailMessage) async throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let stamp = Int(message.date.timeIntervalSince1970)
        let name = "\(stamp)-\(message.id.prefix(while: { $0 != "@" })).eml"
        let temporary = folder.appendingPathComponent(".\(name).tmp")
        // Write then rename, so a reader never sees half a message.
        try Data(message.rfc5322().utf8).write(to: temporary, options: .atomic)
        let final = folder.appendingPathComponent(name)
        try? FileManager.default.removeItem(at: final)
        try FileManager.default.moveItem(at: temporary, to: final)
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
