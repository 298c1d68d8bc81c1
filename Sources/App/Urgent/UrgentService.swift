import Crypto
import Fluent
import Foundation
import GuichetCore
import Logging
import Vapor

/// Urgent requests: recorded with their attachments and acknowledged by email, in one transaction; the files are
/// written first, under random names in the data folder, and removed again if the transaction fails.
struct UrgentService: Sendable {
    let db: any Database
    let services: GuichetServices
    let logger: Logger

    /// One checked attachment: its kind was read from its bytes.
    struct Upload: Sendable {
        let originalName: String
        let kind: UploadedFileKind
        let bytes: Data
    }

    struct Submitted: Sendable {
        let number: String
        let manageToken: String
    }

    static let maxReasonLength = 4000

    var folder: URL { services.config.dataDirectory.appendingPathComponent("attachments", isDirectory: true) }

    func submit(
        procedureID: String, applicant: Applicant, reason: String, uploads: [Upload],
        language: Language
    ) async throws -> Submitted {
        let now = services.clock.now()
        let reference = try await services.reference.get(on: db)
        guard let procedure = reference.procedures[procedureID] else { throw BookingError.unknownProcedure }
        let token = services.random.with { Tokens.manageToken(using: &$0) }
        let request = UrgentRequest()
        request.id = services.random.with { UUID.random(using: &$0) }
        request.number = "U-" + services.random.with { Tokens.shortCode(using: &$0) }
        request.$procedure.id = procedureID
        request.record(applicant)
        request.identityKey = applicant.identityKey.value
        request.reason = reason
        request.status = UrgentRequest.Status.received
        request.manageTokenHash = Tokens.sha256Hex(token)
        request.language = language.rawValue
        request.createdAt = now

        try FileManager.default.createDirectory(
            at: folder, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        var written: [URL] = []
        var attachments: [UrgentAttachment] = []
        do {
            for upload in uploads {
                let name =
                    services.random.with { generator in
                        Hex.encode((0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
                    } + "." + upload.kind.fileExtension
                let file = folder.appendingPathComponent(name)
                guard
                    FileManager.default.createFile(
                        atPath: file.path, contents: upload.bytes,
                        attributes: [.posixPermissions: 0o600])
                else {
                    throw UrgentError.storageFailed
                }
                written.append(file)
                let attachment = UrgentAttachment()
                attachment.id = services.random.with { UUID.random(using: &$0) }
                attachment.$urgentRequest.id = request.id!
                attachment.storedName = name
                attachment.originalName = Self.displayName(upload.originalName, kind: upload.kind)
                attachment.mediaType = upload.kind.mediaType
                attachment.sizeBytes = upload.bytes.count
                attachment.sha256 = Hex.encode(SHA256.hash(data: upload.bytes))
                attachment.createdAt = now
                attachments.append(attachment)
            }
            let statusURL = services.mailLinks.urgent(request.number, token: token)
            let mail = Mails.urgentReceived(
                number: request.number, procedureName: procedure.name(language),
                statusURL: statusURL, language: language)
            let rows = attachments
            try await db.write(through: services.writeGate) { tx in
                try await request.create(on: tx)
                for attachment in rows { try await attachment.create(on: tx) }
                try await Outbox.enqueue(to: applicant.email, mail, now: now, on: tx)
            }
        } catch {
            for file in written { try? FileManager.default.removeItem(at: file) }
            throw error
        }
        logger.info("urgent request recorded", metadata: ["attachments": "\(attachments.count)"])
        return Submitted(number: request.number, manageToken: token)
    }

    func authorised(number: String, manageToken: String) async throws -> UrgentRequest {
        guard
            let request = try await UrgentRequest.query(on: db).filter(\.$number == number).with(\.$attachments).first()
        else { throw RequestError.notFound }
        guard Tokens.matches(manageToken, hash: request.manageTokenHash) else {
            throw RequestError.unauthorized
        }
        return request
    }

    /// The name shown back to the person: no path, no control characters, bounded, with the extension the
    /// content actually has.
    static func displayName(_ name: String, kind: UploadedFileKind) -> String {
        let base = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let clean = String(
            base.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) }.map(Character.init))
        let stem = clean.split(separator: ".").dropLast().joined(separator: ".")
        let shown = String((stem.isEmpty ? "document" : stem).prefix(80))
        return "\(shown).\(kind.fileExtension)"
    }
}

enum UrgentError: CodedError {
    case storageFailed

    var status: HTTPResponseStatus { .internalServerError }
    var code: String { "storage_failed" }
    var text: Localized {
        Localized(
            fr: "Les pièces jointes n'ont pas pu être enregistrées. Réessayez plus tard.",
            en: "The attachments could not be stored. Please try again later.")
    }
}
