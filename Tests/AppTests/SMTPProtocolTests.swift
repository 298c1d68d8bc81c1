import Foundation
import Testing

@testable import App

@Suite struct SMTPProtocolTests {
    @Test func aMultiLineReplyIsOneReplyOnceItsLastLineArrives() throws {
        // setup
        var parser = SMTPReplyParser()
        // act: bytes come in arbitrary pieces, a line split across two
        parser.append("220 mx.example ESMTP\r\n250-mx.example greets you\r\n250-SIZE 35882577\r\n250-AUTH PLA".utf8)
        let greeting = try parser.nextReply()
        let early = try parser.nextReply()
        parser.append("IN LOGIN\r\n250 STARTTLS\r\n".utf8)
        let ehlo = try #require(try parser.nextReply())
        // check
        #expect(greeting == SMTPReply(code: 220, lines: ["mx.example ESMTP"]))
        #expect(early == nil, "the reply is not complete before its last line")
        #expect(ehlo.code == 250)
        #expect(ehlo.extensions["AUTH"] == ["PLAIN", "LOGIN"])
        #expect(ehlo.extensions["STARTTLS"] == [])
        #expect(ehlo.extensions["SIZE"] == ["35882577"])
        #expect(ehlo.extensions["MX.EXAMPLE"] == nil, "the first line is the greeting, not an extension")
        #expect(parser.isEmpty)
    }

    @Test func aBareCodeAndABareLineFeedAreAccepted() throws {
        var parser = SMTPReplyParser()
        parser.append("354\n".utf8)
        #expect(try parser.nextReply() == SMTPReply(code: 354, lines: [""]))
    }

    @Test(arguments: ["hello\r\n", "99 too short\r\n", "250-first\r\n451 second code\r\n", "250*odd\r\n", "600 no\r\n"])
    func whatIsNotAnSMTPReplyIsRefused(_ text: String) {
        var parser = SMTPReplyParser()
        parser.append(text.utf8)
        #expect(throws: SMTPReplyParser.Malformed.self) {
            while try parser.nextReply() != nil {}
        }
    }

    @Test func anEndlessLineIsRefusedBeforeItFillsMemory() {
        var parser = SMTPReplyParser()
        parser.append(Array(repeating: UInt8(ascii: "2"), count: SMTPReplyParser.maxLineLength + 1))
        #expect(throws: SMTPReplyParser.Malformed.self) { try parser.nextReply() }
    }

    @Test func dataEndsEveryLineInCRLFAndDoublesALeadingDot() {
        // act
        let data = SMTPEnvelope.data("Bonjour,\n.\n..deux\r\nfin.\rsuite")
        // check
        #expect(String(decoding: data, as: UTF8.self) == "Bonjour,\r\n..\r\n...deux\r\nfin.\r\nsuite\r\n.\r\n")
    }

    @Test func dataOfATerminatedMessageGetsNoEmptyLineBeforeTheDot() {
        #expect(String(decoding: SMTPEnvelope.data(".x\r\n"), as: UTF8.self) == "..x\r\n.\r\n")
        #expect(String(decoding: SMTPEnvelope.data(""), as: UTF8.self) == ".\r\n")
    }

    @Test func theEnvelopeTakesTheBareAddress() {
        #expect(
            SMTPEnvelope.bareAddress("Préfecture de l'Hérault <rendez-vous@herault.example>")
                == "rendez-vous@herault.example")
        #expect(SMTPEnvelope.bareAddress("karim.benali@example.org") == "karim.benali@example.org")
        #expect(SMTPEnvelope.bareAddress(" <karim@example.org> ") == "karim@example.org")
    }

    @Test(arguments: [
        "karim", "@example.org", "karim@", "karim@example.org>\r\nRCPT TO:<x@y.z", "a b@example.org", "Name <>",
    ])
    func anAddressThatWouldBreakTheCommandIsRefused(_ value: String) {
        #expect(SMTPEnvelope.bareAddress(value) == nil)
    }

    @Test func errorsNameTheStepAndTheCodeOnly() {
        #expect(SMTPError.rejected(.rcptTo, code: 451).description == "SMTP server answered 451 to RCPT TO")
        #expect(SMTPError.rejected(.rcptTo, code: 451).isTransient)
        #expect(!SMTPError.rejected(.messageEnd, code: 554).isTransient)
        #expect(SMTPError.timedOut(.data).isTransient)
    }
}
