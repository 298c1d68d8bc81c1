import Vapor
import GuichetCore

/// Cross-site request forgery protection for the public forms: a random token in a cookie and the same token in
/// a hidden field (double submit). Another site can make a browser post a form, but cannot read the cookie to
/// put its value in the field.
enum CSRF {
    static let cookie = "guichet_csrf"
    static let field = "csrf"

    private struct Issued: StorageKey {
        typealias Value = String
    }

    /// The browser's token, or a new one that `attach` will set with the page.
    static func token(for req: Request) -> String {
        if let existing = req.cookies[cookie]?.string, isWellFormed(existing) { return existing }
        if let issued = req.storage[Issued.self] { return issued }
        let fresh = req.guichet.random.with { Tokens.manageToken(using: &$0) }
        req.storage[Issued.self] = fresh
        return fresh
    }

    static func attach(_ token: String, to response: Response, for req: Request) {
        guard req.storage[Issued.self] == token else { return }
        response.cookies[cookie] = Page.cookie(token, req, maxAge: nil)
    }

    /// Refuses a form whose hidden token does not match the cookie.
    static func check(_ req: Request, submitted: String?) throws {
        guard let expected = req.cookies[cookie]?.string, isWellFormed(expected), let submitted,
              Tokens.constantTimeEquals(expected, submitted)
        else { throw PageError.csrf }
    }

    private static func isWellFormed(_ token: String) -> Bool {
        (20...100).contains(token.count) && token.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }
}
