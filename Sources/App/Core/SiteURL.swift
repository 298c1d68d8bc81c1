import GuichetCore
import Vapor

/// Every address the service answers, one case per path (the way SwiftPackageIndex-Server's `SiteURL` does it):
/// `routes.swift` routes each case by its `pathComponents`, and links, redirects and emails fill its parameters in
/// with `path(_:)` (through `SitePath`, `AgentPath`, `CounterPath` and `MailLinks`). `SiteURLTests` walks
/// `app.routes.all` and fails on a route that is not a case or a case that is not routed.
enum SiteURL: String, CaseIterable, Sendable {
    // Service
    case home = "/"
    case healthz = "/healthz"
    case metrics = "/metrics"

    // Public pages
    case procedure = "/procedures/:procedure"
    case procedureDay = "/procedures/:procedure/days/:date"
    case book = "/procedures/:procedure/book"
    case requestForm = "/procedures/:procedure/request"
    case appointment = "/appointments/:id"
    case appointmentCode = "/appointments/:id/code"
    case appointmentCancel = "/appointments/:id/cancel"
    case appointmentConvocation = "/appointments/:id/convocation"
    case appointmentAttestation = "/appointments/:id/attestation"
    case requests = "/requests"
    case request = "/requests/:number"
    case requestCode = "/requests/:number/code"
    case requestWithdraw = "/requests/:number/withdraw"
    case requestAttestation = "/requests/:number/attestation"
    case requestPermit = "/requests/:number/permit"
    case requestKeep = "/requests/:number/keep"
    case requestAnotherPerson = "/requests/:number/another-person"
    case urgent = "/urgent"
    case urgentRequest = "/urgent/:number"
    case urgentAttestation = "/urgent/:number/attestation"
    case verify = "/verify"
    case verifyCode = "/verify/:code"
    case stats = "/stats"

    // Back office
    case agentLogin = "/agent/login"
    case agentLogout = "/agent/logout"
    case agentHome = "/agent"
    case agentPassword = "/agent/password"
    case agentBook = "/agent/book"
    case agentBookProcedure = "/agent/book/:procedure"
    case agentBookDay = "/agent/book/:procedure/days/:date"
    case agentBookForm = "/agent/book/:procedure/form"
    case agentAppointment = "/agent/appointments/:id"
    case agentAppointmentConvocation = "/agent/appointments/:id/convocation"
    case agentAppointmentCancel = "/agent/appointments/:id/cancel"
    case agentUrgent = "/agent/urgent"
    case agentUrgentRequest = "/agent/urgent/:number"
    case agentUrgentAttachment = "/agent/urgent/:number/attachments/:id"
    case agentUrgentGrant = "/agent/urgent/:number/grant"
    case agentUrgentAnswer = "/agent/urgent/:number/answer"
    case agentStatsCSV = "/agent/stats.csv"
    case agentSuspicion = "/agent/suspicion"
    case agentSuspicionConfirm = "/agent/suspicion/confirm"
    case agentSuspicionCancel = "/agent/suspicion/cancel"
    case agentPriority = "/agent/priority"
    case agentPriorityScan = "/agent/priority/:number/scan"
    case agentPriorityReview = "/agent/priority/:number"
    case agentTwins = "/agent/twins"
    case agentTwinDecision = "/agent/twins/:id"
    case agentRaces = "/agent/races"
    case agentCounter = "/agent/counters/:counter"
    case agentCounterDayCSV = "/agent/counters/:counter/day.csv"
    case agentCounterScan = "/agent/counters/:counter/scan"
    case agentCounterCheckIn = "/agent/counters/:counter/appointments/:id/check-in"
    case agentCounterServed = "/agent/counters/:counter/appointments/:id/served"
    case agentCounterNoShow = "/agent/counters/:counter/appointments/:id/no-show"
    case agentCounterReject = "/agent/counters/:counter/appointments/:id/reject"
    case agentWalkIn = "/agent/walk-in"
    case agentWalkInQueue = "/agent/walk-in/:counter"
    case agentWalkInTickets = "/agent/walk-in/:counter/tickets"
    case agentWalkInCall = "/agent/walk-in/:counter/call"
    case agentWalkInServed = "/agent/walk-in/:counter/tickets/:id/served"
    case agentWalkInLeft = "/agent/walk-in/:counter/tickets/:id/left"
    case agentAudit = "/agent/audit"
    case agentConfig = "/agent/config"
    case agentConfigPlanning = "/agent/config/planning"
    case agentConfigPlanningRun = "/agent/config/planning/run"
    case agentConfigProcedureNew = "/agent/config/procedures/new"
    case agentConfigProcedure = "/agent/config/procedures/:procedure"
    case agentConfigProcedureRetire = "/agent/config/procedures/:procedure/retire"
    case agentConfigCounterNew = "/agent/config/counters/new"
    case agentConfigCounter = "/agent/config/counters/:counter"
    case agentConfigCounterReinstate = "/agent/config/counters/:counter/reinstate"

    // API
    case apiOpenAPI = "/api/v1/openapi.yaml"
    case apiChallenge = "/api/v1/challenge"
    case apiProcedures = "/api/v1/procedures"
    case apiAvailability = "/api/v1/procedures/:procedure/availability"
    case apiAppointments = "/api/v1/appointments"
    case apiAppointment = "/api/v1/appointments/:id"
    case apiAppointmentConfirm = "/api/v1/appointments/:id/confirm"
    case apiRequests = "/api/v1/requests"
    case apiRequest = "/api/v1/requests/:number"
    case apiRequestConfirm = "/api/v1/requests/:number/confirm"
    case apiRequestPermit = "/api/v1/requests/:number/permit"
    case apiDraw = "/api/v1/draws/:id"
    case apiConvocation = "/api/v1/convocations/:code"

    /// What `routes.swift` registers: constants, and `:name` for each parameter.
    var pathComponents: [PathComponent] { rawValue.pathComponents }

    /// How many parameters the path has.
    var parameterCount: Int { rawValue.split(separator: "/").filter { $0.hasPrefix(":") }.count }

    /// The address with `values` in place of the parameters, in order:
    /// `SiteURL.procedureDay.path("renewal", "2026-12-04")` is `/procedures/renewal/days/2026-12-04`.
    func path(_ values: String...) -> String {
        precondition(values.count == parameterCount, "\(self) takes \(parameterCount) values")
        var remaining = values[...]
        let components = rawValue.split(separator: "/", omittingEmptySubsequences: true).map { component in
            component.hasPrefix(":") ? remaining.removeFirst() : String(component)
        }
        return "/" + components.joined(separator: "/")
    }

    /// Every address without parameters, by case name, for the templates (`PageContext.paths`).
    static let fixedPaths: [String: String] = Dictionary(
        uniqueKeysWithValues: allCases.filter { $0.parameterCount == 0 }.map { (String(describing: $0), $0.path()) })

    /// The same with a UUID (lower case, as every link spells it) for the parameter that is an id.
    func path(_ id: UUID) -> String { path(id.uuidString.lowercased()) }
}

extension CounterAction {
    /// Where a counter's page posts this action on one appointment.
    var url: SiteURL {
        switch self {
        case .checkIn: .agentCounterCheckIn
        case .serve: .agentCounterServed
        case .noShow: .agentCounterNoShow
        case .reject: .agentCounterReject
        }
    }
}
