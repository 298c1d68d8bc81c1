import Foundation
import LeafKit
import Vapor

/// Turns a queued email (template name, language, values) into its plain-text and HTML bodies, from
/// `Views/mail/<language>/<template>.txt.leaf` and `.html.leaf`.
///
/// Its own Leaf setup rather than `app.leaf.renderer`, so the outbox worker, commands and tests render without an
/// `Application`. HTML templates print values with `#(…)` (escaped); text templates with `#unsafeHTML(…)`, since
/// a plain-text email must show `l'Hérault`, not `l&#39;Hérault`.
final class MailRenderer: Sendable {
    private let configuration: LeafConfiguration
    private let sources: LeafSources
    private let cache: CacheBox
    private let eventLoopGroup: any EventLoopGroup

    /// `DefaultLeafCache` guards its dictionary with a lock but is not marked `Sendable`.
    private struct CacheBox: @unchecked Sendable {
        let cache: DefaultLeafCache
    }

    init(viewsDirectory: String, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        configuration = LeafConfiguration(rootDirectory: viewsDirectory)
        // Same limits as the pages: the bundle may live under a hidden `.build` folder.
        sources = .singleSource(
            NIOLeafFiles(
                fileio: NonBlockingFileIO(threadPool: .singleton),
                limits: [.toSandbox, .requireExtensions],
                sandboxDirectory: viewsDirectory, viewDirectory: viewsDirectory))
        cache = CacheBox(cache: DefaultLeafCache())
        self.eventLoopGroup = eventLoopGroup
    }

    struct Rendered: Sendable {
        let text: String
        let html: String
    }

    func render(template: String, language: Language, subject: String, context: [String: String]) async throws
        -> Rendered
    {
        var data = context.mapValues { LeafData.string($0) }
        data["lang"] = .string(language.rawValue)
        data["subject"] = .string(subject)
        let base = "mail/\(language.rawValue)/\(template)"
        async let text = render(path: base + ".txt.leaf", data)
        async let html = render(path: base + ".html.leaf", data)
        return try await Rendered(text: text, html: html)
    }

    private func render(path: String, _ context: [String: LeafData]) async throws -> String {
        let renderer = LeafRenderer(
            configuration: configuration, cache: cache.cache, sources: sources,
            eventLoop: eventLoopGroup.next())
        let buffer = try await renderer.render(path: path, context: context).get()
        return String(buffer: buffer)
    }

    /// The message a queued row stands for: rendered from its template, or (rows queued before templates
    /// existed) its stored plain text.
    func message(
        id: String, from: String, to: String, subject: String, date: Date, bodyText: String,
        template: String?, language: String?, contextJSON: String?, attachmentsJSON: String?
    ) async throws -> MailMessage {
        let attachments =
            try attachmentsJSON.map {
                try JSONDecoder().decode([MailAttachment].self, from: Data($0.utf8))
            } ?? []
        guard let template else {
            return MailMessage(
                id: id, from: from, to: to, subject: subject, text: bodyText, attachments: attachments,
                date: date)
        }
        let context =
            try contextJSON.map { try JSONDecoder().decode([String: String].self, from: Data($0.utf8)) } ?? [:]
        let rendered = try await render(
            template: template, language: language.flatMap(Language.init) ?? .fr,
            subject: subject, context: context)
        return MailMessage(
            id: id, from: from, to: to, subject: subject, text: rendered.text, html: rendered.html,
            attachments: attachments, date: date)
    }
}
