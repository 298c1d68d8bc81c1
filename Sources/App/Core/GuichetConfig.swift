import Foundation
import GuichetCore

/// Everything the service reads from its environment, parsed once at start-up.
public struct GuichetConfig: Sendable {
    /// Where the SQLite file, generated keys and `.eml` files live (`GUICHET_DATA`, default `./data`).
    public var dataDirectory: URL
    /// `DATABASE_URL=postgres://…` switches from SQLite to PostgreSQL.
    public var databaseURL: String?
    public var mail: MailSetting
    /// Sender of every email (`MAIL_FROM`).
    public var mailFrom: String
    /// Absolute URL of the public site, used in emails (`GUICHET_BASE_URL`).
    public var baseURL: String
    /// `SQLITE_SYNCHRONOUS=FULL|NORMAL`: FULL (default) survives a power loss, NORMAL only a process crash.
    public var sqliteSynchronous: String
    /// `SQLITE_WRITE_BATCH=1…1000`: the most writes SQLite's writer commits together (default 256; 1: one commit, one
    /// fsync, per write, as before decision 0025).
    public var sqliteWriteBatch = 256
    /// Start the outbox worker and the periodic jobs (on for `serve`, off in tests and one-shot commands).
    public var runJobs: Bool
    /// Migrate and load demo data when the database is empty (`serve` only).
    public var prepareOnBoot: Bool
    /// The Ed25519 key that signs convocations and attestations (`GUICHET_SIGNING_KEY`, base64 of its 32 bytes).
    /// Absent: read from, or generated into, `signing-key` in the data folder. Several processes must share one.
    public var signingKey: String?
    /// `GUICHET_SIGNING_KEY_ROTATE=1`: this start replaces the key the database's nodes sign with (`SigningKeyCheck`).
    public var signingKeyRotate = false
    /// bcrypt's work factor for agents' passwords (12; the tests use less to stay fast).
    public var bcryptCost: Int = 12
    /// PostgreSQL schema to use instead of `public` (`DATABASE_SCHEMA`; tests use one each, to run in parallel).
    public var postgresSchema: String?
    /// Months after which the personal data of closed bookings is purged (`GUICHET_RETENTION_MONTHS`, default 24).
    public var retentionMonths: Int = 24
    /// Reverse proxies whose `X-Forwarded-For` is believed (`GUICHET_TRUSTED_PROXY`, addresses separated by commas).
    /// Empty: the peer address is the client's, and the header, which anyone can send, is ignored.
    public var trustedProxies: Set<String> = []
    /// Holds and requests allowed per address and per network in ten minutes (`GUICHET_SUBMISSION_LIMIT=30,300`,
    /// or `off`); nil: no limit.
    var submissionLimits: SubmissionLimits? = .standard
    /// The operators' list of throwaway-address domains (`GUICHET_DISPOSABLE_DOMAINS`, a file path); unset: the list
    /// that comes with the service (`Resources/disposable-domains.txt`).
    public var disposableDomainsFile: String?
    /// The proof-of-work's `maxnumber`: the browser tries up to this many SHA-256 (`GUICHET_PROOF_OF_WORK`, default
    /// 100000, about a tenth of a second on a phone; `off`: no proof asked).
    var proofOfWorkMaxNumber: Int? = 100_000
    /// The longest a request may take before it is answered `503` (`GUICHET_REQUEST_DEADLINE`, seconds, default 10),
    /// whatever the database or its driver does.
    public var requestDeadline: TimeInterval = 10
    /// The longest a stopped node takes to leave, from SIGTERM to exit (`GUICHET_SHUTDOWN_LIMIT`, seconds, default 20):
    /// the server's own grace for answers in flight (10 s), then the jobs' current steps, then the database.
    public var shutdownLimit: Duration = .seconds(20)
    /// Client addresses allowed to read `GET /metrics` (`GUICHET_METRICS_ALLOW`, comma-separated; `none`: no
    /// address, the token only). Default: this machine.
    public var metricsAllow: Set<String> = ["127.0.0.1", "::1"]
    /// A bearer token that also opens `GET /metrics` (`GUICHET_METRICS_TOKEN`, at least 32 characters).
    public var metricsToken: String?
    /// Connections per event loop in the PostgreSQL pool (one event loop per core).
    static let postgresConnectionsPerLoop = 8

    public enum MailSetting: Sendable, Equatable {
        case folder(URL)
        case log
        case smtp(SMTPSettings)
    }

    public init(
        dataDirectory: URL,
        databaseURL: String? = nil,
        mail: MailSetting? = nil,
        mailFrom: String = "Préfecture de l'Hérault <rendez-vous@herault.example>",
        baseURL: String = "http://127.0.0.1:8080",
        sqliteSynchronous: String = "FULL",
        runJobs: Bool = false,
        prepareOnBoot: Bool = false
    ) {
        self.dataDirectory = dataDirectory
        self.databaseURL = databaseURL
        self.mail = mail ?? .folder(dataDirectory.appendingPathComponent("mail", isDirectory: true))
        self.mailFrom = mailFrom
        self.baseURL = baseURL
        self.sqliteSynchronous = sqliteSynchronous
        self.runJobs = runJobs
        self.prepareOnBoot = prepareOnBoot
    }

    public var sqliteFile: URL { dataDirectory.appendingPathComponent("guichet.sqlite") }

    /// Reads the environment; an unusable value stops the start with a message naming the variable.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws
        -> GuichetConfig
    {
        let dataPath = env["GUICHET_DATA"].flatMap { $0.isEmpty ? nil : $0 } ?? "./data"
        let dataDirectory = URL(fileURLWithPath: dataPath, isDirectory: true).standardizedFileURL
        var config = GuichetConfig(dataDirectory: dataDirectory)
        if let url = env["DATABASE_URL"], !url.isEmpty {
            guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
                throw ConfigError("DATABASE_URL must start with postgres:// (got another scheme)")
            }
            config.databaseURL = url
        }
        if let mail = env["MAIL_URL"], !mail.isEmpty {
            config.mail = try parseMail(mail, caFile: env["MAIL_SMTP_CA_FILE"].flatMap { $0.isEmpty ? nil : $0 })
        }
        if let schema = env["DATABASE_SCHEMA"], !schema.isEmpty {
            guard schema.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                throw ConfigError("DATABASE_SCHEMA may hold only letters, digits and _")
            }
            config.postgresSchema = schema
        }
        if let key = env["GUICHET_SIGNING_KEY"], !key.isEmpty { config.signingKey = key }
        config.signingKeyRotate = env["GUICHET_SIGNING_KEY_ROTATE"] == "1"
        if let from = env["MAIL_FROM"], !from.isEmpty { config.mailFrom = from }
        if let base = env["GUICHET_BASE_URL"], !base.isEmpty {
            config.baseURL = base.hasSuffix("/") ? String(base.dropLast()) : base
        }
        if let months = env["GUICHET_RETENTION_MONTHS"], !months.isEmpty {
            guard let value = Int(months), (1...240).contains(value) else {
                throw ConfigError("GUICHET_RETENTION_MONTHS must be a number of months from 1 to 240")
            }
            config.retentionMonths = value
        }
        if let proxies = env["GUICHET_TRUSTED_PROXY"] {
            config.trustedProxies = Set(
                proxies.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { !$0.isEmpty })
        }
        if let file = env["GUICHET_DISPOSABLE_DOMAINS"], !file.isEmpty { config.disposableDomainsFile = file }
        if let work = env["GUICHET_PROOF_OF_WORK"], !work.isEmpty {
            if work.lowercased() == "off" {
                config.proofOfWorkMaxNumber = nil
            } else if let number = Int(work), (1_000...10_000_000).contains(number) {
                config.proofOfWorkMaxNumber = number
            } else {
                throw ConfigError("GUICHET_PROOF_OF_WORK must be off or a number from 1000 to 10000000")
            }
        }
        if let limits = env["GUICHET_SUBMISSION_LIMIT"], !limits.isEmpty {
            config.submissionLimits = try parseSubmissionLimits(limits)
        }
        if let deadline = env["GUICHET_REQUEST_DEADLINE"], !deadline.isEmpty {
            guard let seconds = Double(deadline), (2...120).contains(seconds) else {
                throw ConfigError("GUICHET_REQUEST_DEADLINE must be a number of seconds from 2 to 120")
            }
            config.requestDeadline = seconds
        }
        if let allow = env["GUICHET_METRICS_ALLOW"], !allow.isEmpty {
            config.metricsAllow =
                allow.lowercased() == "none"
                ? []
                : Set(
                    allow.split(separator: ",").map {
                        $0.trimmingCharacters(in: .whitespaces)
                    }.filter { !$0.isEmpty })
        }
        if let token = env["GUICHET_METRICS_TOKEN"], !token.isEmpty {
            guard token.count >= 32 else { throw ConfigError("GUICHET_METRICS_TOKEN must be at least 32 characters") }
            config.metricsToken = token
        }
        if let limit = env["GUICHET_SHUTDOWN_LIMIT"], !limit.isEmpty {
            guard let seconds = Int(limit), (5...600).contains(seconds) else {
                throw ConfigError("GUICHET_SHUTDOWN_LIMIT must be a whole number of seconds from 5 to 600")
            }
            config.shutdownLimit = .seconds(seconds)
        }
        if let sync = env["SQLITE_SYNCHRONOUS"], !sync.isEmpty {
            guard ["FULL", "NORMAL"].contains(sync.uppercased()) else {
                throw ConfigError("SQLITE_SYNCHRONOUS must be FULL or NORMAL")
            }
            config.sqliteSynchronous = sync.uppercased()
        }
        if let batch = env["SQLITE_WRITE_BATCH"], !batch.isEmpty {
            guard let writes = Int(batch), (1...1000).contains(writes) else {
                throw ConfigError("SQLITE_WRITE_BATCH must be a whole number from 1 to 1000")
            }
            config.sqliteWriteBatch = writes
        }
        return config
    }

    /// "30,300" (per address, per network, in ten minutes) or "off".
    static func parseSubmissionLimits(_ value: String) throws -> SubmissionLimits? {
        if value.lowercased() == "off" { return nil }
        let parts = value.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let address = parts[0], let network = parts[1],
            (1...100_000).contains(address), (address...1_000_000).contains(network)
        else {
            throw ConfigError(
                "GUICHET_SUBMISSION_LIMIT must be two numbers, per address then per network (not fewer), such as 30,300; or off"
            )
        }
        return SubmissionLimits(
            perAddress: RateRule(limit: address, window: SubmissionLimits.window),
            perNetwork: RateRule(limit: network, window: SubmissionLimits.window))
    }

    static func parseMail(_ value: String, caFile: String? = nil) throws -> MailSetting {
        if value == "log" || value == "log://" { return .log }
        if value.hasPrefix("file://"), let url = URL(string: value), !url.path.isEmpty {
            return .folder(URL(fileURLWithPath: url.path, isDirectory: true))
        }
        if value.lowercased().hasPrefix("smtp://") || value.lowercased().hasPrefix("smtps://") {
            return .smtp(try SMTPSettings.parse(value, caFile: caFile))
        }
        throw ConfigError("MAIL_URL must be file:///some/folder, log, smtp://host[:port] or smtps://host[:port]")
    }
}

public struct ConfigError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
