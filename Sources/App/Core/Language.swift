import Vapor

/// The two languages of the service. French is the default: it is the language of the administration.
public enum Language: String, Sendable, CaseIterable, Codable {
    case fr, en

    /// The cookie that keeps the visible switch's choice on the following pages.
    static let cookie = "guichet_lang"

    /// `?lang=` wins (the visible switch), then the choice kept in the cookie, then the first supported language
    /// of `Accept-Language`.
    static func of(_ req: Request) -> Language {
        if let asked = askedInQuery(req) { return asked }
        if let kept = req.cookies[cookie]?.string, let language = Language(rawValue: kept) { return language }
        return fromAcceptLanguage(req.headers.first(name: .acceptLanguage))
    }

    static func askedInQuery(_ req: Request) -> Language? {
        req.query[String.self, at: "lang"].flatMap { Language(rawValue: $0.lowercased()) }
    }

    var other: Language { self == .fr ? .en : .fr }

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
