import Vapor

/// What every public page's template receives: its language, the switch to the other one, the catalogue, the
/// form token, the state of its form, and its own content.
struct PageContext<Content: Encodable>: Encodable {
    let lang: String
    let otherLang: String
    /// This very page in the other language (path and query kept, so a token in the URL survives the switch).
    let switchHref: String
    let t: [String: String]
    let csrf: String
    let form: FormState
    /// The signed-in agent, on back-office pages.
    let agent: AgentBadge?
    /// Every address without parameters, by `SiteURL` case name: templates link with `#(paths.agentConfig)`.
    let paths = SiteURL.fixedPaths
    let content: Content
}

/// What the back-office layout shows of the signed-in agent, and which parts of the menu apply.
struct AgentBadge: Encodable {
    let name: String
    let role: String
    let isSupervisor: Bool
    let isAdmin: Bool

    init?(_ agent: Agent?) {
        guard let agent, let role = agent.agentRole else { return nil }
        name = agent.displayName
        self.role = role.rawValue
        isSupervisor = role >= .supervisor
        isAdmin = role >= .admin
    }
}

/// What a person typed and what was wrong with it, so a refused form comes back filled in, with each error next
/// to its field and all of them summarised at the top.
struct FormState: Encodable, Sendable {
    struct Problem: Encodable, Sendable {
        /// The id of the input to jump to from the summary; empty for a problem of the whole form.
        let field: String
        let message: String
        var anchor: String { field.isEmpty ? "" : "#" + field }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(field, forKey: .field)
            try container.encode(message, forKey: .message)
            try container.encode(anchor, forKey: .anchor)
        }

        enum CodingKeys: String, CodingKey { case field, message, anchor }
    }

    var problems: [Problem] = []
    var values: [String: String] = [:]
    /// Field id → message, for the error shown next to the field.
    var fieldErrors: [String: String] = [:]
    /// Ticked checkboxes, by value, for fields that carry several.
    var checked: [String: Bool] = [:]

    var hasProblems: Bool { !problems.isEmpty }

    enum CodingKeys: String, CodingKey { case problems, values, fieldErrors, checked, hasProblems }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(problems, forKey: .problems)
        try container.encode(values, forKey: .values)
        try container.encode(fieldErrors, forKey: .fieldErrors)
        try container.encode(checked, forKey: .checked)
        try container.encode(hasProblems, forKey: .hasProblems)
    }

    mutating func add(_ field: String, _ message: String) {
        problems.append(Problem(field: field, message: message))
        if !field.isEmpty, fieldErrors[field] == nil { fieldErrors[field] = message }
    }
}

enum Page {
    /// Renders `template` with the shared context. Pages carry codes, names and tokens: nothing is cached.
    static func render<Content: Encodable>(
        _ req: Request, _ template: String, _ content: Content,
        form: FormState = FormState(), status: HTTPStatus = .ok
    ) async throws -> Response {
        let language = Language.of(req)
        let csrf = CSRF.token(for: req)
        let context = PageContext(
            lang: language.rawValue, otherLang: language.other.rawValue,
            switchHref: switchHref(req, to: language.other), t: Catalogue.strings(language),
            csrf: csrf, form: form, agent: AgentBadge(RequireAgent.current(req)), content: content)
        let view = try await req.view.render(template, context)
        let response = try await view.encodeResponse(status: status, for: req)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        CSRF.attach(csrf, to: response, for: req)
        if let asked = Language.askedInQuery(req) {
            response.cookies[Language.cookie] = cookie(asked.rawValue, req, maxAge: 365 * 24 * 3600, httpOnly: false)
        }
        return response
    }

    /// 303 See Other: after a form is accepted, so reloading the next page never submits it again.
    static func redirect(_ req: Request, to path: String) -> Response {
        req.redirect(to: path, redirectType: .normal)
    }

    static func switchHref(_ req: Request, to language: Language) -> String {
        var items = URLComponents(string: req.url.string)?.queryItems ?? []
        items.removeAll { $0.name == "lang" }
        items.append(URLQueryItem(name: "lang", value: language.rawValue))
        var components = URLComponents()
        components.path = req.url.path
        components.queryItems = items
        return components.string ?? "?lang=\(language.rawValue)"
    }

    /// Cookies are `Secure` whenever the public site is served over HTTPS (and then named `__Host-…`, see `CSRF`).
    static func cookie(_ value: String, _ req: Request, maxAge: Int?, httpOnly: Bool = true) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: value, expires: nil, maxAge: maxAge, domain: nil, path: "/",
            isSecure: req.guichet.config.baseURL.hasPrefix("https://"), isHTTPOnly: httpOnly,
            sameSite: .lax)
    }
}

/// Refusals of the public pages themselves.
enum PageError: CodedError {
    /// The form's hidden token does not match the browser's cookie: an old tab, cookies off, or another site.
    case csrf
    /// The browser says the form was sent from another site's page (`SameOriginForms`).
    case crossSite

    var status: HTTPResponseStatus { .forbidden }
    var code: String {
        switch self {
        case .csrf: "form_expired"
        case .crossSite: "cross_site_form"
        }
    }
    var text: Localized {
        switch self {
        case .csrf:
            Localized(
                fr:
                    "Ce formulaire a expiré ou ne vient pas de ce site. Revenez en arrière, rechargez la page et réessayez (les cookies doivent être autorisés).",
                en:
                    "This form has expired or did not come from this site. Go back, reload the page and try again (cookies must be allowed)."
            )
        case .crossSite:
            Localized(
                fr:
                    "Ce formulaire n'a pas été envoyé depuis une page de ce site : rien n'a été enregistré. Ouvrez le site de la préfecture vous-même, puis remplissez le formulaire de nouveau.",
                en:
                    "This form was not sent from a page of this site: nothing was recorded. Open the prefecture's site yourself, then fill in the form again."
            )
        }
    }
}
