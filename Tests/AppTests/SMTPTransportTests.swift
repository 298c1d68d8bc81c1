import Foundation
import NIOCore
import NIOPosix
import Testing

@testable import App

/// The transport against servers that misbehave at the socket level; the conversation itself is tested against a
/// real SMTP server in `tests/mail/test_smtp.py`.
@Suite struct SMTPTransportTests {
    static let message = MailMessage(
        id: "t@test", from: "Préfecture <rdv@herault.example>", to: "karim.benali@example.org",
        subject: "Code", text: "Bonjour", date: Date())

    @Test func aServerThatNeverAnswersFailsTheDeliveryInsteadOfHangingTheWorker() async throws {
        // setup: accepts connections, says nothing, and times, on its event loop, how long the client stayed
        let group = MultiThreadedEventLoopGroup.singleton
        let connected = group.any().makePromise(of: TimeAmount.self)
        let silent = try await ServerBootstrap(group: group)
            .childChannelInitializer { channel in
                channel.pipeline.addHandler(ConnectionTimer(done: connected))
            }
            .bind(host: "127.0.0.1", port: 0).get()
        defer { silent.close(promise: nil) }
        var timeouts = SMTPTransport.Timeouts()
        timeouts.reply = .milliseconds(300)
        timeouts.session = .seconds(300)
        let transport = try SMTPTransport(
            settings: SMTPSettings(host: "127.0.0.1", port: silent.localAddress!.port!),
            clientName: "test", group: group, timeouts: timeouts)
        // act, check: the reply limit hung up, long before the session's. The bound is loose on purpose: the
        // client's task may wait tens of seconds for a thread while the heavy core suites run beside this one (seen:
        // 40 s), and the connection stays open meanwhile.
        await #expect(throws: SMTPError.timedOut(.greeting)) { try await transport.deliver(Self.message) }
        let stayed = try await connected.futureResult.get()
        #expect(stayed >= .milliseconds(250) && stayed < .seconds(150))
    }

    /// How long the one connection it sees stays open.
    final class ConnectionTimer: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        let done: EventLoopPromise<TimeAmount>
        var opened = NIODeadline.now()

        init(done: EventLoopPromise<TimeAmount>) { self.done = done }

        func channelActive(context: ChannelHandlerContext) {
            opened = .now()
            context.fireChannelActive()
        }

        func channelInactive(context: ChannelHandlerContext) {
            done.succeed(NIODeadline.now() - opened)
            context.fireChannelInactive()
        }
    }

    @Test func aClosedPortIsATransientFailure() async throws {
        // setup: a port that was free a moment ago
        let group = MultiThreadedEventLoopGroup.singleton
        let probe = try await ServerBootstrap(group: group).bind(host: "127.0.0.1", port: 0).get()
        let port = probe.localAddress!.port!
        try await probe.close().get()
        let transport = try SMTPTransport(
            settings: SMTPSettings(host: "127.0.0.1", port: port), clientName: "test", group: group)
        // act, check
        let error = await #expect(throws: SMTPError.self) { try await transport.deliver(Self.message) }
        #expect(error == .cannotConnect)
        #expect(error?.isTransient == true)
    }

    @Test func ehloNamesAnAddressAsALiteral() {
        #expect(SMTPTransport.ehloArgument("guichet.herault.example") == "guichet.herault.example")
        #expect(SMTPTransport.ehloArgument("127.0.0.1") == "[127.0.0.1]")
        #expect(SMTPTransport.ehloArgument("::1") == "[IPv6:::1]")
        #expect(SMTPTransport.serverNameIndication("127.0.0.1") == nil)
        #expect(SMTPTransport.serverNameIndication("smtp.example.org") == "smtp.example.org")
    }
}
