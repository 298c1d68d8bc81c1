import Foundation
import GuichetCore
import SnapshotTesting
import Testing

@testable import App

/// Every email as a person receives it (subject, text part, HTML part, attachments), in French and English, kept in
/// `__Snapshots__/MailSnapshotTests/`: a change to a template or to a mail's wording shows up as a diff in review.
/// The values are `MailTemplateTests`'s, fixed, with names and places that try to break the templates.
///
/// To accept a change on purpose: `SNAPSHOT_TESTING_RECORD=failed swift test --filter MailSnapshotTests`, then read
/// the diff before committing it.
@Suite struct MailSnapshotTests {
    @Test(arguments: Language.allCases)
    func everyEmail(_ language: Language) async throws {
        for (name, mail) in MailTemplateTests.all(language) {
            let rendered = try await MailTemplateTests.render(mail)
            var shown =
                "Subject: \(mail.subject)\n\n---- text ----\n\(rendered.text)\n---- HTML ----\n\(rendered.html)\n"
            for attachment in mail.attachments {
                shown += "---- \(attachment.filename) (\(attachment.contentType)) ----\n\(attachment.content)\n"
            }
            assertSnapshot(
                of: shown, as: .lines, named: "\(Self.fileName(name)).\(language.rawValue)", testName: "mail")
        }
    }

    /// "lottery entered, waiting" → "lottery-entered-waiting".
    static func fileName(_ name: String) -> String {
        name.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: "-")
    }
}
