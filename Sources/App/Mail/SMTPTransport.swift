import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Sends each message to an SMTP server (RFC 5321), one connection per message: EHLO, STARTTLS and AUTH when
/// configured, MAIL FROM, RCPT TO, DATA, QUIT. Any failure throws an `SMTPError` and the outbox retries later.
///
/// Every reply has a time limit and the whole session a shorter one than the outbox lease, so a server that hangs
/// cannot hold the worker nor let a second worker send the same message.
struct SMTPTransport: MailTransport {
    struct Timeouts: Sendable {
        var connect: TimeAmount = .seconds(10)
        var reply: TimeAmount = .seconds(30)
        var session: TimeAmount = .seconds(90)
    }

    let settings: SMTPSettings
    /// Our name in EHLO: a domain, or an address literal such as `[127.0.0.1]`.
    let clientName: String
    let group: any EventLoopGroup
    let timeouts: Timeouts
    private let tls: NIOSSLContext?

    /// Loads the trusted certificates now, so that a wrong `MAIL_SMTP_CA_FILE` stops the start-up, not each email.
    init(settings: SMTPSettings, clientName: String, group: any EventLoopGroup, timeouts: Timeouts = Timeouts()) throws
    {
        self.settings = settings
        self.clientName = Self.ehloArgument(clientName)
        self.group = group
        self.timeouts = timeouts
        if settings.security == .none {
            tls = nil
        } else {
            var configuration = TLSConfiguration.makeClientConfiguration()
            if let caFile = settings.caFile {
                configuration.additionalTrustRoots = [.file(caFile)]
            }
            do { tls = try NIOSSLContext(configuration: configuration) } catch {
                throw ConfigError("MAIL_SMTP_CA_FILE holds no usable PEM certificate")
            }
        }
    }

    func deliver(_ message: MailMessage) async throws {
        guard let sender = SMTPEnvelope.bareAddress(message.from) else { throw SMTPError.unusableAddress(.mailFrom) }
        guard let recipient = SMTPEnvelope.bareAddress(message.to) else { throw SMTPError.unusableAddress(.rcptTo) }
        let data = SMTPEnvelope.data(message.rfc5322())
        let channel = try await connect()
        try await channel.executeThenClose { inbound, outbound in
            var session = SMTPSession(
                channel: channel.channel, inbound: inbound.makeAsyncIterator(), outbound: outbound,
                replyTimeout: timeouts.reply, deadline: .now() + timeouts.session)
            try await converse(&session, sender: sender, recipient: recipient, data: data)
        }
    }

    private func converse(_ session: inout SMTPSession, sender: String, recipient: String, data: [UInt8]) async throws {
        try await session.expect(.greeting, 2)
        var extensions = try await session.hello(clientName)
        if settings.security == .startTLS {
            guard extensions["STARTTLS"] != nil, let tls else { throw SMTPError.startTLSNotOffered }
            try await session.command("STARTTLS", .startTLS, expecting: 2)
            try await session.startTLS(tls, serverHostname: Self.serverNameIndication(settings.host))
            // What the server offered in clear counts for nothing once encrypted (RFC 3207 §4.2).
            extensions = try await session.hello(clientName, fallbackToHELO: false)
        }
        if let user = settings.user, let password = settings.password {
            try await authenticate(&session, user: user, password: password, offered: Set(extensions["AUTH"] ?? []))
        }

        var mailParameters = ""
        if extensions["8BITMIME"] != nil, data.contains(where: { $0 >= 0x80 }) { mailParameters += " BODY=8BITMIME" }
        if !(sender + recipient).allSatisfy(\.isASCII) {
            guard extensions["SMTPUTF8"] != nil else { throw SMTPError.unusableAddress(.mailFrom) }
            mailParameters += " SMTPUTF8"
        }
        try await session.command("MAIL FROM:<\(sender)>\(mailParameters)", .mailFrom, expecting: 2)
        try await session.command("RCPT TO:<\(recipient)>", .rcptTo, expecting: 2)
        try await session.command("DATA", .data, expecting: 3)
        try await session.send(data, .messageEnd, expecting: 2)
        // The message is accepted: whatever QUIT gets changes nothing.
        try? await session.command("QUIT", .quit, expecting: 2)
    }

    /// AUTH PLAIN when offered (one round trip), else AUTH LOGIN. Only reached inside TLS: `SMTPSettings` refuses
    /// a user without it.
    private func authenticate(_ session: inout SMTPSession, user: String, password: String, offered: Set<String>)
        async throws
    {
        func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
        if offered.contains("PLAIN") {
            try await session.command("AUTH PLAIN \(base64("\u{0}\(user)\u{0}\(password)"))", .auth, expecting: 2)
        } else if offered.contains("LOGIN") {
            try await session.command("AUTH LOGIN", .auth, expecting: 3)
            try await session.command(base64(user), .auth, expecting: 3)
            try await session.command(base64(password), .auth, expecting: 2)
        } else {
            throw SMTPError.noUsableAuthMechanism
        }
    }

    private func connect() async throws -> NIOAsyncChannel<ByteBuffer, ByteBuffer> {
        let implicitTLS = settings.security == .implicitTLS ? tls : nil
        let serverName = Self.serverNameIndication(settings.host)
        do {
            return try await ClientBootstrap(group: group)
                .connectTimeout(timeouts.connect)
                .connect(host: settings.host, port: settings.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let implicitTLS {
                            try channel.pipeline.syncOperations.addHandler(
                                NIOSSLClientHandler(context: implicitTLS, serverHostname: serverName))
                        }
                        return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw SMTPError.cannotConnect
        }
    }

    /// The name the certificate is checked against. An IP address cannot go into SNI: NIOSSL then checks the
    /// certificate against the address connected to.
    static func serverNameIndication(_ host: String) -> String? {
        (try? SocketAddress(ipAddress: host, port: 0)) == nil ? host : nil
    }

    /// EHLO wants a domain or an address literal (RFC 5321 §4.1.3).
    static func ehloArgument(_ name: String) -> String {
        switch try? SocketAddress(ipAddress: name, port: 0) {
        case .v4: "[\(name)]"
        case .v6: "[IPv6:\(name)]"
        default: name
        }
    }
}

/// One conversation, command after reply, inside one task.
private struct SMTPSession {
    let channel: any Channel
    var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    let replyTimeout: TimeAmount
    let deadline: NIODeadline
    var parser = SMTPReplyParser()

    /// EHLO, and HELO if the server does not know EHLO; returns the extensions offered (none after HELO).
    mutating func hello(_ name: String, fallbackToHELO: Bool = true) async throws -> [String: [String]] {
        let reply = try await exchange(Array("EHLO \(name)\r\n".utf8), .ehlo)
        if reply.code / 100 == 2 { return reply.extensions }
        guard fallbackToHELO, reply.code / 100 == 5 else { throw SMTPError.rejected(.ehlo, code: reply.code) }
        try await command("HELO \(name)", .helo, expecting: 2)
        return [:]
    }

    mutating func command(_ line: String, _ stage: SMTPStage, expecting digit: Int) async throws {
        try await send(Array("\(line)\r\n".utf8), stage, expecting: digit)
    }

    mutating func send(_ bytes: [UInt8], _ stage: SMTPStage, expecting digit: Int) async throws {
        let reply = try await exchange(bytes, stage)
        guard reply.code / 100 == digit else { throw SMTPError.rejected(stage, code: reply.code) }
    }

    /// Reads the server's first words.
    mutating func expect(_ stage: SMTPStage, _ digit: Int) async throws {
        let reply = try await exchange(nil, stage)
        guard reply.code / 100 == digit else { throw SMTPError.rejected(stage, code: reply.code) }
    }

    /// Puts TLS under the conversation, right after the server's 220 to STARTTLS.
    mutating func startTLS(_ context: NIOSSLContext, serverHostname: String?) async throws {
        // Bytes already received would have come in clear, past the 220: a server (or someone in between) trying
        // to slip replies into the encrypted session.
        guard parser.isEmpty else { throw SMTPError.malformedReply(.startTLS) }
        let channel = self.channel
        do {
            try await channel.eventLoop.submit {
                try channel.pipeline.syncOperations.addHandler(
                    NIOSSLClientHandler(context: context, serverHostname: serverHostname), position: .first)
            }.get()
        } catch {
            throw SMTPError.tlsFailed(.startTLS)
        }
    }

    /// Writes `bytes` (if any) and reads one reply, within the reply time limit and the session's deadline: when
    /// either passes, the connection is closed, which ends the wait.
    private mutating func exchange(_ bytes: [UInt8]?, _ stage: SMTPStage) async throws -> SMTPReply {
        let limit = min(.now() + replyTimeout, deadline)
        let channel = self.channel
        let alarm = channel.eventLoop.scheduleTask(deadline: limit) { channel.close(promise: nil) }
        defer { alarm.cancel() }
        do {
            if let bytes { try await outbound.write(ByteBuffer(bytes: bytes)) }
            while true {
                if let reply = try parser.nextReply() { return reply }
                guard let chunk = try await inbound.next() else { throw SMTPError.connectionLost(stage) }
                parser.append(chunk.readableBytesView)
            }
        } catch is SMTPReplyParser.Malformed {
            throw SMTPError.malformedReply(stage)
        } catch {
            if NIODeadline.now() >= limit { throw SMTPError.timedOut(stage) }
            if error is SMTPError { throw error }
            if error is NIOSSLError || error is NIOSSLExtraError || error is BoringSSLError {
                throw SMTPError.tlsFailed(stage)
            }
            throw SMTPError.connectionLost(stage)
        }
    }
}
