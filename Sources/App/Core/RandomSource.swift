import Foundation
import NIOConcurrencyHelpers

/// The one place the application draws randomness from, injected so that tests can make tokens and codes
/// deterministic. Production uses the system's cryptographic generator.
public final class RandomSource: @unchecked Sendable {
    private let lock = NIOLock()
    private var generator: any RandomNumberGenerator

    public init(_ generator: any RandomNumberGenerator = SystemRandomNumberGenerator()) {
        self.generator = generator
    }

    public static var system: RandomSource { RandomSource() }

    /// Runs `body` with exclusive use of the generator.
    public func with<T>(_ body: (inout any RandomNumberGenerator) -> T) -> T {
        lock.withLock { body(&generator) }
    }
}
