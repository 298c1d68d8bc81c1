import Vapor

/// The two languages of the service. French is the default: it is the language of the administration.
public enum Language: String, Sendable, CaseIterable, Codable {
    case fr, en

    /// `?lang=` wins (the visible switch), then the first supported language of `Accept-Language`.
    static func of(_ req: Request) -> Language {
        if let asked = req.query[String.self, at: "lang"], let language = Language(rawValue: asked.lowercased()) {
            return language
        }
        return fromAcceptLanguage(req.headers.first(name: .acceptLanguage))
    }

    static func fromAcceptLanguage(_ header: String?) -> Language {
        guard let header else { return .fr }
        let ranked = header.split(separator: ",").compactMap { part -> (String, Double)? in
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first, !tag.isEmpty else { return nil }
            var weight = 1.0
            for parameter in pieces.dropFirst() where parameter.hasPrefix("q=") {
                weight = Double(parameter.dropFirst(2)) ?? 0
            }
            return (tag.lowercased(), weight)
        }
        for (tag, _) in ranked.sorted(by: { $0.1 > $1.1 }) {
            let primary = tag.split(separator: "-").first.map(String.init) ?? tag
            if let language = Language(rawValue: primary) { return language }
        }
        return .fr
    }
}

/// A text in both languages, for messages built in code (error messages, emails).
public struct Localized: Sendable, Hashable {
    public let fr: String
    public let en: String

    public init(fr: String, en: String) {
        self.fr = fr
        self.en = en
    }

    public func callAsFunction(_ language: Language) -> String {
        language == .fr ? fr : en
    }
}
