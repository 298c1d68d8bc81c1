import Foundation
import Testing

@testable import App

@Suite struct SMTPSettingsTests {
    @Test func aPlainURLNeedsOnlyAHostAndDefaultsToPort25WithoutTLS() throws {
        let config = try GuichetConfig.fromEnvironment(["MAIL_URL": "smtp://mail.herault.example"])
        #expect(config.mail == .smtp(SMTPSettings(host: "mail.herault.example", port: 25, security: .none)))
    }

    @Test func credentialsArePercentDecodedAndImplySTARTTLS() throws {
        // act
        let settings = try SMTPSettings.parse("smtp://guichet%40herault:s3cr%3At%20p%40ss@127.0.0.1:2525", caFile: nil)
        // check
        #expect(
            settings
                == SMTPSettings(
                    host: "127.0.0.1", port: 2525, security: .startTLS, user: "guichet@herault",
                    password: "s3cr:t p@ss"))
        #expect(!settings.description.contains("s3cr"), "the password never reaches a log")
        #expect(settings.description == "smtp://guichet@herault:***@127.0.0.1:2525?starttls=required")
    }

    @Test func starttlsCanBeRequiredWithoutCredentialsAndSmtpsDefaultsTo465() throws {
        #expect(try SMTPSettings.parse("smtp://relay:587?starttls=required").security == .startTLS)
        #expect(try SMTPSettings.parse("smtp://relay?starttls=none").security == .none)
        let implicit = try SMTPSettings.parse("smtps://u:p@relay")
        #expect(implicit.security == .implicitTLS)
        #expect(implicit.port == 465)
    }

    @Test func theCAFileComesFromItsOwnVariable() throws {
        // setup
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ca-\(UUID().uuidString).pem")
        try Data("not checked here".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        // act
        let config = try GuichetConfig.fromEnvironment([
            "MAIL_URL": "smtp://relay?starttls=required",
            "MAIL_SMTP_CA_FILE": file.path,
        ])
        // check
        guard case .smtp(let settings) = config.mail else {
            Issue.record("not SMTP")
            return
        }
        #expect(settings.caFile == file.path)
        #expect(throws: ConfigError.self) {
            try GuichetConfig.fromEnvironment(["MAIL_URL": "smtp://relay", "MAIL_SMTP_CA_FILE": "/nonexistent/ca.pem"])
        }
    }

    @Test(arguments: [
        "smtp://",  // no host
        "smtp://relay:0",  // port out of range
        "smtp://relay:99999",
        "smtp://relay/path",  // a path means a typo
        "smtp://relay?starttls=maybe",
        "smtp://relay?tls=on",  // unknown parameter
        "smtp://user:secret@relay?starttls=none",  // a password in clear
        "smtp://user@relay",  // a user without a password
        "smtps://relay?starttls=required",  // TLS twice
        "smtp://us%ZZer:secret@relay",  // broken percent-encoding
        "smtpx://relay",
    ])
    func aMalformedURLStopsTheStartNamingMailURLButNotThePassword(_ value: String) throws {
        let error = try #require(throws: ConfigError.self) { try GuichetConfig.fromEnvironment(["MAIL_URL": value]) }
        #expect(error.description.contains("MAIL_URL"))
        #expect(!error.description.contains("secret"))
    }
}
