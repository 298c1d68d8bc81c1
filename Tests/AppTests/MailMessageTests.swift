import Foundation
import GuichetCore
import Testing

@testable import App

/// The MIME shape of a delivered email: headers, parts, encodings, boundaries.
@Suite struct MailMessageTests {
    static let ics = CalendarEvent(
        uid: "a@b", stamp: testStart, start: testStart, end: testStart.addingTimeInterval(1200),
        summary: "Préfecture : première demande", location: "Préfecture, Guichet 1",
        description: "Code de convocation : ABCDE-FGHIJ"
    ).ics()

    static func message(html: String? = "<p>Bonjour Léa,</p>", attachments: [MailAttachment] = [.calendar(ics)])
        -> MailMessage
    {
        MailMessage(
            id: "outbox-7@rdv.example", from: "Préfecture de l'Hérault <rdv@herault.example>", to: "lea@example.org",
            subject: "Rendez-vous confirmé : mardi 1 décembre 2026 à 09:00, Sous-préfecture de Béziers",
            text: "Bonjour Léa,\n\n" + String(repeating: "une ligne très longue ", count: 10) + "\n--=_fin",
            html: html, attachments: attachments, date: testStart)
    }

    @Test func withAttachmentsAMixedBodyHoldsTheAlternativeThenTheFiles() {
        let message = Self.message()
        let eml = message.rfc5322()
        let mixed = message.boundary("mixed")
        let alternative = message.boundary("alt")
        #expect(mixed != alternative && mixed.hasPrefix("=_") && alternative.hasPrefix("=_"))
        #expect(eml.contains("MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"\(mixed)\"\r\n"))
        let lines = eml.components(separatedBy: "\r\n")
        let markers = lines.filter { $0.hasPrefix("--=_") }
        #expect(
            markers == [
                "--\(mixed)", "--\(alternative)", "--\(alternative)", "--\(alternative)--", "--\(mixed)",
                "--\(mixed)--",
            ])
        let order = [
            "Content-Type: multipart/alternative; boundary=\"\(alternative)\"",
            "Content-Type: text/plain; charset=utf-8", "Content-Type: text/html; charset=utf-8",
            "Content-Type: text/calendar; charset=utf-8; method=PUBLISH;",
        ]
        let positions = order.map { line in lines.firstIndex(of: line) ?? -1 }
        #expect(!positions.contains(-1) && positions == positions.sorted(), "\(positions)")
        #expect(
            eml.contains(
                "method=PUBLISH;\r\n name=\"rendez-vous.ics\"\r\nContent-Disposition: attachment; filename=\"rendez-vous.ics\"\r\n"
            ))
        #expect(lines.filter { $0 == "Content-Transfer-Encoding: quoted-printable" }.count == 2)
        #expect(lines.contains("Content-Transfer-Encoding: base64"))
    }

    @Test func everyLineIsShortSevenBitAndCRLF() {
        let eml = Self.message().rfc5322()
        #expect(eml.utf8.allSatisfy { $0 < 128 })
        #expect(!eml.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        for line in eml.components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 78, "\(line)")
        }
    }

    @Test func theBoundaryNeverAppearsInTheEncodedContent() {
        // A text that contains what looks like a boundary is quoted-printable encoded: `=` becomes `=3D`.
        let message = Self.message()
        let eml = message.rfc5322()
        #expect(eml.contains("--=3D_fin"))
        let boundaryLines = eml.components(separatedBy: "\r\n").filter { $0.contains(message.boundary("alt")) }
        #expect(boundaryLines.count == 4)  // the header parameter, two part markers, the close
    }

    @Test func attachmentsAreBase64InLinesOf76() {
        let encoded = MailMessage.base64Lines(Data(Self.ics.utf8))
        let lines = encoded.components(separatedBy: "\r\n")
        #expect(lines.dropLast().allSatisfy { $0.count == 76 } && lines.last!.count <= 76)
        #expect(Data(base64Encoded: lines.joined()) == Data(Self.ics.utf8))
    }

    @Test func withoutHTMLNorAttachmentsTheBodyIsPlainText() {
        let eml = Self.message(html: nil, attachments: []).rfc5322()
        #expect(
            eml.contains(
                "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nBonjour L=C3=A9a,"
            ))
        #expect(!eml.contains("multipart"))
    }

    @Test func longSubjectsBecomeSeveralEncodedWords() {
        let header = MailMessage.encodeHeader(Self.message().subject)
        let words = header.components(separatedBy: "\r\n ")
        #expect(words.count > 1)
        #expect(words.allSatisfy { $0.hasPrefix("=?utf-8?B?") && $0.hasSuffix("?=") && $0.count <= 75 })
        let decoded = words.map { word in
            String(decoding: Data(base64Encoded: String(word.dropFirst(10).dropLast(2)))!, as: UTF8.self)
        }.joined()
        #expect(decoded == Self.message().subject)
        #expect(MailMessage.encodeHeader("Plain ASCII") == "Plain ASCII")
        #expect(MailMessage.encodeHeader("Préfecture <rdv@x.example>").hasSuffix("?= <rdv@x.example>"))
    }

    static let python: URL? =
        ["/usr/bin/python3", "/usr/local/bin/python3"].map(URL.init(fileURLWithPath:))
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }
        ?? ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":")
        .map { URL(fileURLWithPath: String($0)).appendingPathComponent("python3") }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }

    /// Python's `email` package (the strict `default` policy) reads the message back: structure, decoded bodies,
    /// attachment, subject, and no defects. CI has python3; elsewhere the test is skipped.
    @Test(.enabled(if: python != nil, "needs python3"))
    func pythonsEmailParserReadsItBack() throws {
        let message = Self.message()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("guichet-\(UUID().uuidString).eml")
        try Data(message.rfc5322().utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let script = """
            import email, email.policy, json, sys
            msg = email.message_from_bytes(open(sys.argv[1], 'rb').read(), policy=email.policy.default)
            parts, defects = [], len(msg.defects)
            for part in msg.walk():
                defects += len(part.defects)
                entry = {'type': part.get_content_type()}
                if not part.is_multipart():
                    entry['content'] = part.get_content() if part.get_content_maintype() == 'text' and not part.get_filename() else part.get_payload(decode=True).decode('utf-8')
                    entry['filename'] = part.get_filename()
                parts.append(entry)
            print(json.dumps({'subject': str(msg['subject']), 'from': str(msg['from']), 'defects': defects, 'parts': parts}))
            """
        let process = Process()
        process.executableURL = Self.python
        process.arguments = ["-c", script, file.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["subject"] as? String == message.subject)
        #expect(json["from"] as? String == message.from)
        #expect(json["defects"] as? Int == 0)
        let parts = try #require(json["parts"] as? [[String: Any]])
        #expect(
            parts.map { $0["type"] as? String } == [
                "multipart/mixed", "multipart/alternative", "text/plain", "text/html", "text/calendar",
            ])
        #expect(
            (parts[2]["content"] as? String)?.replacingOccurrences(of: "\r\n", with: "\n") == message.text + "\n"
                || (parts[2]["content"] as? String)?.replacingOccurrences(of: "\r\n", with: "\n") == message.text)
        #expect((parts[3]["content"] as? String)?.hasPrefix(message.html!) == true)
        #expect(parts[4]["content"] as? String == Self.ics)
        #expect(parts[4]["filename"] as? String == "rendez-vous.ics")
    }
}
