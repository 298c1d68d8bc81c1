import Foundation
import Vapor

/// Every form that changes something is accepted only from our own pages (`docs/decisions/0021`): a browser says
/// where a form comes from (`Sec-Fetch-Site` in browsers since 2020, `Origin`), and another site cannot make it
/// lie. So a POST that the browser calls `cross-site` or `same-site` (a neighbouring subdomain, which could also have
/// set our cookies), or whose `Origin` is not `GUICHET_BASE_URL`'s, is refused before its handler runs, whatever
/// token pair it carries. `Origin: null` (a sandboxed frame, a page under `no-referrer`) is refused unless the
/// browser also says `same-origin`. Without either header (older browsers, scripts) the form's token still decides.
/// The JSON API is not concerned: it authenticates with tokens in headers, never with cookies.
struct SameOriginForms: AsyncMiddleware {
    /// `scheme://host[:port]` of the public site, as browsers write it in `Origin`.
    let origin: String

    init(baseURL: String) {
        origin = Self.origin(of: baseURL) ?? baseURL
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if ![.GET, .HEAD, .OPTIONS].contains(request.method), !request.url.path.hasPrefix("/api/"),
            !Self.isSameOrigin(
                origin: request.headers.first(name: "Origin"),
                fetchSite: request.headers.first(name: "Sec-Fetch-Site"), expected: origin)
        {
            throw PageError.crossSite
        }
        return try await next.respond(to: request)
    }

    static func isSameOrigin(origin header: String?, fetchSite: String?, expected: String) -> Bool {
        let header = header?.trimmingCharacters(in: .whitespaces)
        if let fetchSite = fetchSite?.lowercased() {
            guard fetchSite == "same-origin" || fetchSite == "none" else { return false }
            // The browser vouches for the page; an `Origin` naming another site would contradict it.
            guard let header, header != "null" else { return true }
            return same(origin(of: header), expected)
        }
        guard let header else { return true }
        return same(origin(of: header), expected)
    }

    /// Equal origins; on a site served from this machine (the demo's `http://127.0.0.1:8080`), `localhost`,
    /// `127.0.0.1` and `[::1]` are one host, so that a newcomer who types `localhost` can still send its forms.
    static func same(_ actual: String?, _ expected: String) -> Bool {
        guard let actual else { return false }
        return loopbackFolded(actual) == loopbackFolded(expected)
    }

    private static func loopbackFolded(_ origin: String) -> String {
        var folded = origin
        for alias in ["://localhost", "://127.0.0.1", "://[::1]"] where folded.contains(alias) {
            folded = folded.replacingOccurrences(of: alias, with: "://loopback")
        }
        return folded
    }

    /// Lower-case scheme and host, and the port unless it is the scheme's own; nil for what is no web origin
    /// (`null`, sent by sandboxed frames and some redirects).
    static func origin(of url: String) -> String? {
        guard let components = URLComponents(string: url.trimmingCharacters(in: .whitespaces)),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host?.lowercased(), !host.isEmpty
        else { return nil }
        let port = components.port.flatMap {
            (scheme == "http" && $0 == 80) || (scheme == "https" && $0 == 443) ? nil : $0
        }
        return "\(scheme)://\(host)" + (port.map { ":\($0)" } ?? "")
    }
}
