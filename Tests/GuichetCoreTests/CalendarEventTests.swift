import Foundation
import GuichetCore
import Testing

@Suite struct CalendarEventTests {
    static let start = ParisTime.instant(date: CivilDate(year: 2026, month: 12, day: 1)!, minuteOfDay: 9 * 60)

    static func event(
        summary: String = "Rendez-vous : première demande", location: String = "Préfecture, Guichet 1",
        description: String = "Code de convocation : ABCD-1234"
    ) -> CalendarEvent {
        CalendarEvent(
            uid: "0b7c1e9a-1111-4222-8333-944455556666@guichet.example", stamp: start.addingTimeInterval(-86_400),
            start: start, end: start.addingTimeInterval(20 * 60), summary: summary, location: location,
            description: description, url: "https://guichet.example/appointments/0b7c?token=abc")
    }

    /// Unfolds as a reader does (RFC 5545 §3.1): a CRLF followed by one space or tab disappears. On bytes: as
    /// characters, a space followed by a combining mark is one grapheme and would not match.
    static func unfold(_ ics: String) -> [String] {
        var bytes: [UInt8] = []
        let input = Array(ics.utf8)
        var index = 0
        while index < input.count {
            if input[index] == 0x0D, index + 2 < input.count, input[index + 1] == 0x0A,
                input[index + 2] == 0x20 || input[index + 2] == 0x09
            {
                index += 3
                continue
            }
            bytes.append(input[index])
            index += 1
        }
        return String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n").filter { !$0.isEmpty }
    }

    /// The physical lines, split on bytes for the same reason.
    static func physicalLines(_ ics: String) -> [String] {
        var lines: [String] = []
        var current: [UInt8] = []
        for byte in ics.utf8 {
            if byte == 0x0A, current.last == 0x0D {
                lines.append(String(decoding: current.dropLast(), as: UTF8.self))
                current = []
            } else {
                current.append(byte)
            }
        }
        return lines
    }

    @Test func hasTheRequiredPropertiesInOrder() {
        let lines = Self.unfold(Self.event().ics())
        #expect(lines.first == "BEGIN:VCALENDAR" && lines.last == "END:VCALENDAR")
        for required in [
            "VERSION:2.0", "PRODID:\(CalendarEvent.productID)", "METHOD:PUBLISH", "BEGIN:VEVENT",
            "UID:0b7c1e9a-1111-4222-8333-944455556666@guichet.example", "END:VEVENT",
        ] {
            #expect(lines.contains(required), "missing \(required)")
        }
        #expect(lines.firstIndex(of: "BEGIN:VEVENT")! < lines.firstIndex(of: "END:VEVENT")!)
        #expect(lines.contains("SUMMARY:Rendez-vous : première demande"))
        #expect(lines.contains("LOCATION:Préfecture\\, Guichet 1"))
        #expect(lines.contains("DESCRIPTION:Code de convocation : ABCD-1234"))
    }

    @Test func writesTimesInUTC() {
        // 09:00 in Paris on 1 December is 08:00 UTC (winter time); in July it is 07:00 UTC.
        let lines = Self.unfold(Self.event().ics())
        #expect(lines.contains("DTSTART:20261201T080000Z"))
        #expect(lines.contains("DTEND:20261201T082000Z"))
        #expect(lines.contains("DTSTAMP:20261130T080000Z"))
        let summer = ParisTime.instant(date: CivilDate(year: 2026, month: 7, day: 15)!, minuteOfDay: 9 * 60)
        #expect(CalendarEvent.utc(summer) == "20260715T070000Z")
    }

    @Test func everyLineEndsWithCRLF() {
        let ics = Self.event().ics()
        #expect(ics.hasSuffix("END:VCALENDAR\r\n"))
        let bytes = Array(ics.utf8)
        for (index, byte) in bytes.enumerated() where byte == 0x0A {
            #expect(index > 0 && bytes[index - 1] == 0x0D, "bare LF at \(index)")
        }
        #expect(
            !bytes.enumerated().contains {
                $0.element == 0x0D && ($0.offset + 1 == bytes.count || bytes[$0.offset + 1] != 0x0A)
            })
    }

    @Test func escapesTextValues() {
        #expect(CalendarEvent.escape(#"a\b;c,d"#) == #"a\\b\;c\,d"#)
        #expect(CalendarEvent.escape("line 1\nline 2\r\nline 3") == #"line 1\nline 2\nline 3"#)
        #expect(CalendarEvent.escape("tab\there") == "tab here")
        #expect(CalendarEvent.escape("l'Hérault : 34") == "l'Hérault : 34")
        let lines = Self.unfold(Self.event(location: "Sous-préfecture; Béziers, Guichet 2\n12 rue X").ics())
        #expect(lines.contains(#"LOCATION:Sous-préfecture\; Béziers\, Guichet 2\n12 rue X"#))
    }

    @Test func foldsLongLinesAt75Octets() {
        let long = String(repeating: "abcdefghij", count: 30)
        let ics = Self.event(description: long).ics()
        for line in Self.physicalLines(ics) {
            #expect(line.utf8.count <= 75, "line of \(line.utf8.count) octets")
        }
        #expect(Self.unfold(ics).contains("DESCRIPTION:" + long))
        // The first physical line is exactly 75 octets, continuations start with one space.
        let physical = Self.physicalLines(ics)
        let first = physical.firstIndex { $0.hasPrefix("DESCRIPTION:") }!
        #expect(physical[first].utf8.count == 75)
        #expect(physical[first + 1].hasPrefix(" ") && physical[first + 1].utf8.count == 75)
    }

    @Test(arguments: ["é", "€", "𝄞", "👩🏽‍⚕️", "ضياء"])
    func neverSplitsAMultiByteCharacter(_ piece: String) {
        let text = String(repeating: piece, count: 80)
        let ics = Self.event(summary: text).ics()
        for line in Self.physicalLines(ics) {
            #expect(line.utf8.count <= 75)
        }
        #expect(Self.unfold(ics).contains("SUMMARY:" + text))
        // The folding works on the bytes an encoder will write: every physical line decodes on its own.
        for line in Data(ics.utf8).split(separator: 0x0A) {
            #expect(String(data: Data(line), encoding: .utf8) != nil)
        }
    }

    @Test func foldFillsLinesUpToTheLimitWithMultiByteCharacters() {
        // "SUMMARY:" is 8 octets; 33 "é" (2 octets) fill 74, the 34th would make 76: it moves to the next line.
        let folded = CalendarEvent.fold("SUMMARY:" + String(repeating: "é", count: 40))
        let lines = Self.physicalLines(folded + "\r\n")
        #expect(lines.count == 2)
        #expect(lines[0].utf8.count == 74)
        #expect(lines[1] == " " + String(repeating: "é", count: 7))
        #expect(CalendarEvent.fold("SHORT:x") == "SHORT:x")
    }

    @Test func omitsTheURLWhenThereIsNone() {
        var event = Self.event()
        event.url = nil
        #expect(!event.ics().contains("URL:"))
    }
}
