/// Why an SMTP delivery failed. The outbox worker stores the description and retries later, so it names the step
/// and the reply code only: never the server's text (which may echo an address), the message or a password.
enum SMTPError: Error, Equatable, CustomStringConvertible {
    case cannotConnect
    /// The server answered 4xx (try again later), 5xx (refused) or a code that makes no sense at this step.
    case rejected(SMTPStage, code: Int)
    /// No complete reply within the time allowed.
    case timedOut(SMTPStage)
    /// The server closed the connection, or sent something that is not an SMTP reply.
    case connectionLost(SMTPStage)
    case malformedReply(SMTPStage)
    /// The TLS handshake failed, most often because the server's certificate is not trusted.
    case tlsFailed(SMTPStage)
    /// `starttls=required` and the server does not offer STARTTLS: nothing is sent in clear.
    case startTLSNotOffered
    /// A user is configured and the server offers neither AUTH PLAIN nor AUTH LOGIN.
    case noUsableAuthMechanism
    /// The address cannot go into an envelope (no `@`, a line break, or non-ASCII without SMTPUTF8).
    case unusableAddress(SMTPStage)

    /// 4xx and lost connections may succeed later; 5xx will not. The outbox retries both, up to its limit.
    var isTransient: Bool {
        switch self {
        case .rejected(_, let code): (400..<500).contains(code)
        case .cannotConnect, .timedOut, .connectionLost: true
        default: false
        }
    }

    /// The server refuses this recipient or this message for good (5xx to RCPT TO or to the message, or an
    /// address that cannot be sent): retrying cannot help. A 5xx elsewhere (AUTH, say) is a configuration problem
    /// that an operator may fix, so it is retried.
    var refusesRecipient: Bool {
        switch self {
        case .rejected(let stage, let code):
            (500..<600).contains(code) && [.rcptTo, .data, .messageEnd].contains(stage)
        case .unusableAddress: true
        default: false
        }
    }

    var description: String {
        switch self {
        case .cannotConnect: "cannot connect to the SMTP server"
        case .rejected(let stage, let code): "SMTP server answered \(code) to \(stage.rawValue)"
        case .timedOut(let stage): "SMTP server did not answer \(stage.rawValue) in time"
        case .connectionLost(let stage): "SMTP connection lost at \(stage.rawValue)"
        case .malformedReply(let stage): "SMTP server sent a malformed reply to \(stage.rawValue)"
        case .tlsFailed(let stage): "TLS with the SMTP server failed at \(stage.rawValue) (certificate not trusted?)"
        case .startTLSNotOffered: "SMTP server does not offer STARTTLS, which MAIL_URL requires"
        case .noUsableAuthMechanism: "SMTP server offers neither AUTH PLAIN nor AUTH LOGIN"
        case .unusableAddress(let stage): "address unusable in SMTP \(stage.rawValue)"
        }
    }
}

/// The steps of one SMTP session, named as in the protocol.
enum SMTPStage: String, Sendable {
    case greeting
    case ehlo = "EHLO"
    case helo = "HELO"
    case startTLS = "STARTTLS"
    case tlsHandshake = "TLS handshake"
    case auth = "AUTH"
    case mailFrom = "MAIL FROM"
    case rcptTo = "RCPT TO"
    case data = "DATA"
    case messageEnd = "end of DATA"
    case quit = "QUIT"
}
