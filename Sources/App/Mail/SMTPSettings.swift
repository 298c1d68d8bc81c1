import Foundation

/// Where and how to reach the SMTP server, from `MAIL_URL=smtp://[user[:password]@]host[:port][?starttls=required|none]`
/// or `smtps://…` (TLS from the first byte, port 465 by default).
///
/// A password is only ever sent inside TLS: a user implies `starttls=required` on `smtp://`, and a user with
/// `starttls=none` stops the start-up. There is no exception for local servers: tests use a certificate too.
public struct SMTPSettings: Sendable, Equatable, CustomStringConvertible {
    public enum Security: String, Sendable {
        /// Plain text throughout (a relay on the same host or network).
        case none
        /// Plain connection upgraded with STARTTLS before anything else; fails when the server does not offer it.
        case startTLS
        /// TLS from the first byte (`smtps://`).
        case implicitTLS
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var user: String?
    public var password: String?
    /// A PEM file of certificates trusted besides the system's (`MAIL_SMTP_CA_FILE`), for a private CA.
    public var caFile: String?

    public init(
        host: String, port: Int, security: Security = .none, user: String? = nil, password: String? = nil,
        caFile: String? = nil
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.user = user
        self.password = password
        self.caFile = caFile
    }

    /// For logs: the password never appears.
    public var description: String {
        let scheme = security == .implicitTLS ? "smtps" : "smtp"
        let login = user.map { "\($0):***@" } ?? ""
        let query = security == .startTLS ? "?starttls=required" : ""
        return "\(scheme)://\(login)\(host):\(port)\(query)"
    }

    /// Parses `MAIL_URL`. Error messages never repeat the value, which may hold a password.
    static func parse(_ value: String, caFile: String? = nil) throws -> SMTPSettings {
        guard let url = URLComponents(string: value), let scheme = url.scheme?.lowercased(),
            scheme == "smtp" || scheme == "smtps"
        else {
            throw ConfigError("MAIL_URL is not a valid smtp:// or smtps:// URL")
        }
        // An IPv6 literal comes with its brackets; sockets want it without.
        guard let host = url.host?.trimmingCharacters(in: ["[", "]"]), !host.isEmpty else {
            throw ConfigError("MAIL_URL has no host")
        }
        guard url.path.isEmpty || url.path == "/", url.fragment == nil else {
            throw ConfigError("MAIL_URL takes no path after the host and port")
        }
        let port = url.port ?? (scheme == "smtps" ? 465 : 25)
        guard (1...65535).contains(port) else { throw ConfigError("MAIL_URL has a port outside 1-65535") }

        let (user, password) = try credentials(in: value)
        if user != nil, password?.isEmpty ?? true { throw ConfigError("MAIL_URL gives a user without a password") }
        if user == nil, password != nil { throw ConfigError("MAIL_URL gives a password without a user") }

        var startTLS: Bool?
        for item in url.queryItems ?? [] {
            switch (item.name, item.value) {
            case ("starttls", "required"): startTLS = true
            case ("starttls", "none"): startTLS = false
            case ("starttls", _): throw ConfigError("MAIL_URL: starttls must be required or none")
            default: throw ConfigError("MAIL_URL: unknown parameter \(item.name) (only starttls)")
            }
        }
        let security: Security
        if scheme == "smtps" {
            guard startTLS == nil else {
                throw ConfigError("MAIL_URL: smtps:// is TLS already; starttls does not apply")
            }
            security = .implicitTLS
        } else {
            // A password never travels in clear: a user implies STARTTLS, and refusing it is an error.
            if user != nil, startTLS == false {
                throw ConfigError("MAIL_URL: a user and password need TLS (starttls=required or smtps://)")
            }
            security = (startTLS ?? (user != nil)) ? .startTLS : .none
        }
        if let caFile, !FileManager.default.isReadableFile(atPath: caFile) {
            throw ConfigError("MAIL_SMTP_CA_FILE is not a readable file")
        }
        return SMTPSettings(host: host, port: port, security: security, user: user, password: password, caFile: caFile)
    }

    /// The user and password as written, percent-decoded. Read from the text itself: `URLComponents` quietly
    /// re-escapes a stray `%`, which would make a mistyped password look valid.
    private static func credentials(in value: String) throws -> (user: String?, password: String?) {
        guard let schemeEnd = value.range(of: "://") else { return (nil, nil) }
        let authority = value[schemeEnd.upperBound...].prefix { !"/?#".contains($0) }
        guard let at = authority.lastIndex(of: "@") else { return (nil, nil) }
        let parts = authority[..<at].split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let decoded = parts.map { String($0).removingPercentEncoding }
        guard !decoded.contains(nil) else {
            throw ConfigError("MAIL_URL has a user or password that is not valid percent-encoding")
        }
        let user = decoded[0].flatMap { $0.isEmpty ? nil : $0 }
        return (user, decoded.count > 1 ? decoded[1] : nil)
    }
}
