import Foundation
import GuichetCore

/// Reads the throwaway-address domains once at start-up (a restart applies an edited list).
enum DisposableDomains {
    static let bundledName = "disposable-domains.txt"

    static func load(_ config: GuichetConfig, resourcesDirectory: String) throws -> EmailDomainList {
        let path = config.disposableDomainsFile ?? resourcesDirectory + bundledName
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError("GUICHET_DISPOSABLE_DOMAINS: cannot read \(path)")
        }
        return EmailDomainList(text: String(decoding: data, as: UTF8.self))
    }
}
