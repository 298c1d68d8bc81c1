import GuichetCore
import Vapor

/// Cross-site request forgery protection for the public forms: a random token in a cookie and the same token in
/// a hidden field (double submit). Another site can make a browser post a form, but cannot read the cookie to
/// put its value in the field. Over HTTPS the cookie is `__Host-guichet_csrf`, which browsers take only from this
/// very host (secure, for the whole site): a neighbouring subdomain cannot plant a pair of its own. And the browser's
/// word on where a form comes from is checked first (`SameOriginForms`, `docs/decisions/0021`).
enum CSRF {
    static let cookie = "guichet_csrf"
    static let field = "csrf"

    static func cookieName(_ req: Request) -> String {
        req.guichet.config.baseURL.hasPrefix("https://") ? "__Host-" + cookie : cookie
    }

    private struct Issued: StorageKey {
        typealias Value = String
    }

    /// The browser's token, or a new one that `attach` will set with the page.
    static func token(for req: Request) -> String {
        if let existing = req.cookies[cookieName(req)]?.string, isWellFormed(existing) { return existing }
        if let issued = req.storage[Issued.self] { return issued }
        let fresh = req.guichet.random.with { Tokens.manageToken(using: &$0) }
        req.storage[Issued.self] = fresh
        return fresh
    }

    static func attach(_ token: String, to response: Response, for req: Request) {
        guard req.storage[Issued.self] == token else { return }
        response.cookies[cookieName(req)] = Page.cookie(token, req, maxAge: nil)
    }

    /// Refuses a form whose hidden token does not match the cookie.
    static func check(_ req: Request, submitted: String?) throws {
        guard let expected = req.cookies[cookieName(req)]?.string, isWellFormed(expected), let submitted,
            Tokens.constantTimeEquals(expected, submitted)
        else { throw PageError.csrf }
    }

    private static func isWellFormed(_ token: String) -> Bool {
        (20...100).contains(token.count)
            && token.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }
}
