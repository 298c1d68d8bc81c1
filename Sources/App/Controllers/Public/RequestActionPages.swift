import Fluent
import GuichetCore
import Vapor

/// The one-click answers a draw request's emails ask for: "I still need it" (`RequestUpkeep`) and "I am another
/// person" (a near-duplicate held out of the draws, `Twins`). Each link carries the token of that email, or the
/// request's manage token; the page shows one button, and the POST does the change (a link alone never changes
/// anything: mail scanners open links).
enum RequestActionPages {
    enum Action: String, CaseIterable {
        case keep
        case anotherPerson = "another-person"

        var url: SiteURL {
            switch self {
            case .keep: .requestKeep
            case .anotherPerson: .requestAnotherPerson
            }
        }
    }

    struct Content: Encodable {
        let action: String
        let kind: String
        let number: String
        let procedureName: String
        let token: String
        let done: Bool
        let possible: Bool
        let twinReason: String?
        let answerBy: String?
    }

    /// Answers `GET /requests/{number}/keep?token=` and `GET /requests/{number}/another-person?token=`.
    static func form(_ action: Action) -> @Sendable (Request) async throws -> Response {
        { req in
            let token = req.query[String.self, at: "token"] ?? ""
            let request = try await req.requests.authorisedForAction(number: try number(req), token: token)
            return try await render(req, action, request, token: token, done: false)
        }
    }

    /// Answers `POST /requests/{number}/keep` and `POST /requests/{number}/another-person`.
    static func submit(_ action: Action) -> @Sendable (Request) async throws -> Response {
        { req in
            let language = Language.of(req)
            try CSRF.check(req, submitted: try? req.content.get(String.self, at: CSRF.field))
            let token = (try? req.content.get(String.self, at: "token")) ?? ""
            let number = try number(req)
            var request = try await req.requests.authorisedForAction(number: number, token: token)
            do {
                switch action {
                case .keep: request = try await req.requests.keep(number: number, token: token)
                case .anotherPerson: try await req.requests.contestTwin(number: number, token: token)
                }
            } catch let error as BookingError {
                var form = FormState()
                form.add("", error.text(language))
                return try await render(
                    req, action, request, token: token, done: false, form: form, status: error.status)
            }
            return try await render(req, action, request, token: token, done: true)
        }
    }

    private static func render(
        _ req: Request, _ action: Action, _ request: ApplicantRequest, token: String, done: Bool,
        form: FormState = FormState(), status: HTTPStatus = .ok
    ) async throws -> Response {
        let language = Language.of(req)
        let procedure = try await req.guichet.reference.get(on: req.db).procedures[request.$procedure.id]
        let held = try await TwinReview.query(on: req.db)
            .filter(\.$subject == SuspicionSubject(.request, request.id!.uuidString).description).all()
        let waiting = request.status == ApplicantRequest.Status.waiting
        let possible =
            switch action {
            case .keep: waiting
            case .anotherPerson: waiting && held.contains { $0.reviewStatus == .held }
            }
        return try await Page.render(
            req, "public/request-action",
            Content(
                action: action.url.path(request.number), kind: action.rawValue,
                number: request.number, procedureName: procedure?.name(language) ?? "", token: token, done: done,
                possible: possible,
                twinReason: held.first.flatMap { NearDuplicate.Reason(rawValue: $0.reason) }.map {
                    TwinText.reason($0)(language)
                },
                answerBy: request.keepAskedAt.map { DateText.day(of: RequestUpkeep.answerBy(askedAt: $0), language) }),
            form: form, status: status)
    }

    private static func number(_ req: Request) throws -> String {
        guard let number = req.parameters.get("number"), number.count <= 20 else { throw RequestError.notFound }
        return number
    }
}
