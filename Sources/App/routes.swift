import GuichetCore
import Vapor

/// Every route of the service, grouped by who may call it; each path is a `SiteURL` case (`SiteURLTests` checks that
/// every route is one and every case is routed). `openapi.yaml` must describe each `/api` route (a test checks it).
func routes(_ app: Application) throws {
    app.get(SiteURL.home.pathComponents, use: HomeController.home)
    app.get(SiteURL.healthz.pathComponents, use: HealthController.health)
    app.get(SiteURL.metrics.pathComponents, use: MetricsController.metrics)

    // Public pages (SitePath builds their links).
    app.get(SiteURL.procedure.pathComponents, use: ProcedurePages.procedure)
    app.get(SiteURL.procedureDay.pathComponents, use: ProcedurePages.day)
    app.get(SiteURL.book.pathComponents, use: BookingPages.form)
    // Submissions that create a hold or a request pay a proof of work and count against the limits per address and
    // per network (SubmissionGate).
    let limited = app.grouped(SubmissionGate())
    limited.post(SiteURL.book.pathComponents, use: BookingPages.submit)
    app.get(SiteURL.requestForm.pathComponents, use: RequestPages.form)
    limited.post(SiteURL.requestForm.pathComponents, use: RequestPages.submit)
    app.get(SiteURL.appointmentCode.pathComponents, use: BookingPages.codeForm)
    app.post(SiteURL.appointmentCode.pathComponents, use: BookingPages.confirm)
    app.get(SiteURL.appointment.pathComponents, use: AppointmentPages.manage)
    app.get(SiteURL.appointmentCancel.pathComponents, use: AppointmentPages.cancelForm)
    app.post(SiteURL.appointmentCancel.pathComponents, use: AppointmentPages.cancel)
    app.get(SiteURL.appointmentConvocation.pathComponents, use: AppointmentPages.convocation)
    app.get(SiteURL.appointmentAttestation.pathComponents, use: AppointmentPages.attestation)
    app.get(SiteURL.requests.pathComponents, use: RequestPages.lookup)
    app.get(SiteURL.requestCode.pathComponents, use: RequestPages.codeForm)
    app.post(SiteURL.requestCode.pathComponents, use: RequestPages.confirm)
    app.get(SiteURL.request.pathComponents, use: RequestPages.status)
    app.post(SiteURL.requestWithdraw.pathComponents, use: RequestPages.withdraw)
    app.get(SiteURL.requestAttestation.pathComponents, use: RequestPages.attestation)
    app.on(.POST, SiteURL.requestPermit.pathComponents, body: .collect(maxSize: "6mb"), use: RequestPages.attachPermit)
    for action in RequestActionPages.Action.allCases {
        app.get(action.url.pathComponents, use: RequestActionPages.form(action))
        app.post(action.url.pathComponents, use: RequestActionPages.submit(action))
    }
    app.get(SiteURL.urgent.pathComponents, use: UrgentPages.form)
    // Three attachments of 5 MB at most, plus the form: the only body allowed past the 64 KiB default.
    // Its body is collected by the route, after the middlewares: `UrgentPages.submit` passes the SubmissionGate itself.
    app.on(.POST, SiteURL.urgent.pathComponents, body: .collect(maxSize: "16mb"), use: UrgentPages.submit)
    app.get(SiteURL.urgentRequest.pathComponents, use: UrgentPages.status)
    app.get(SiteURL.urgentAttestation.pathComponents, use: UrgentPages.attestation)
    app.get(SiteURL.verify.pathComponents, use: VerifyPages.form)
    app.get(SiteURL.verifyCode.pathComponents, use: VerifyPages.result)
    app.get(SiteURL.stats.pathComponents, use: StatsPages.page)

    // The back office: sessions only here; every page but the login needs an agent of the right role.
    let backOffice = app.grouped(app.sessions.middleware)
    backOffice.get(SiteURL.agentLogin.pathComponents, use: AgentLoginPages.form)
    backOffice.post(SiteURL.agentLogin.pathComponents, use: AgentLoginPages.login)
    backOffice.post(SiteURL.agentLogout.pathComponents, use: AgentLoginPages.logout)
    let agents = backOffice.grouped(RequireAgent(role: .agent))
    agents.get(SiteURL.agentHome.pathComponents, use: AgentHomePages.home)
    agents.get(SiteURL.agentPassword.pathComponents, use: AgentHomePages.passwordForm)
    agents.post(SiteURL.agentPassword.pathComponents, use: AgentHomePages.changePassword)
    // Assisted booking (the person is present) and urgent requests: any agent (AgentPath builds their links).
    agents.get(SiteURL.agentBook.pathComponents, use: AssistedBookingPages.procedures)
    agents.get(SiteURL.agentBookProcedure.pathComponents, use: AssistedBookingPages.days)
    agents.get(SiteURL.agentBookDay.pathComponents, use: AssistedBookingPages.times)
    agents.get(SiteURL.agentBookForm.pathComponents, use: AssistedBookingPages.form)
    agents.post(SiteURL.agentBookForm.pathComponents, use: AssistedBookingPages.submit)
    agents.get(SiteURL.agentAppointment.pathComponents, use: AssistedBookingPages.appointment)
    agents.get(SiteURL.agentAppointmentConvocation.pathComponents, use: AssistedBookingPages.convocation)
    agents.post(SiteURL.agentAppointmentCancel.pathComponents, use: AssistedBookingPages.cancel)
    agents.get(SiteURL.agentUrgent.pathComponents, use: UrgentRequestPages.list)
    agents.get(SiteURL.agentUrgentRequest.pathComponents, use: UrgentRequestPages.show)
    agents.get(SiteURL.agentUrgentAttachment.pathComponents, use: UrgentRequestPages.attachment)
    agents.post(SiteURL.agentUrgentGrant.pathComponents, use: UrgentRequestPages.grant)
    agents.post(SiteURL.agentUrgentAnswer.pathComponents, use: UrgentRequestPages.answer)
    let supervisors = backOffice.grouped(RequireAgent(role: .supervisor))
    statsCSVRoutes(supervisors: supervisors, agents: agents)
    supervisors.get(SiteURL.agentSuspicion.pathComponents, use: SuspicionPages.list)
    supervisors.get(SiteURL.agentSuspicionConfirm.pathComponents, use: SuspicionPages.confirm)
    supervisors.post(SiteURL.agentSuspicionCancel.pathComponents, use: SuspicionPages.cancel)
    // Checks before draws: permit scans behind priority claims, near-duplicates that say they are someone else.
    supervisors.get(SiteURL.agentPriority.pathComponents, use: DrawChecksPages.priority)
    supervisors.get(SiteURL.agentPriorityScan.pathComponents, use: DrawChecksPages.scan)
    supervisors.post(SiteURL.agentPriorityReview.pathComponents, use: DrawChecksPages.review)
    supervisors.get(SiteURL.agentTwins.pathComponents, use: DrawChecksPages.twins)
    supervisors.get(SiteURL.agentRaces.pathComponents, use: SpeedRacePages.page)
    supervisors.post(SiteURL.agentTwinDecision.pathComponents, use: DrawChecksPages.decide)
    // The counter: the day's list, check-in by scan, served / no-show; the walk-in queue (CounterPath builds the links).
    agents.get(SiteURL.agentCounter.pathComponents, use: CounterPages.day)
    agents.post(SiteURL.agentCounterScan.pathComponents, use: CounterPages.scan)
    for action in CounterAction.allCases {
        agents.post(
            action.url.pathComponents, use: CounterPages.act(action))
    }
    agents.get(SiteURL.agentWalkIn.pathComponents, use: WalkInPages.index)
    agents.get(SiteURL.agentWalkInQueue.pathComponents, use: WalkInPages.queue)
    agents.post(SiteURL.agentWalkInTickets.pathComponents, use: WalkInPages.issue)
    agents.post(SiteURL.agentWalkInCall.pathComponents, use: WalkInPages.callNext)
    agents.post(SiteURL.agentWalkInServed.pathComponents, use: WalkInPages.close(.served))
    agents.post(SiteURL.agentWalkInLeft.pathComponents, use: WalkInPages.close(.left))
    let admins = backOffice.grouped(RequireAgent(role: .admin))
    admins.get(SiteURL.agentAudit.pathComponents, use: AuditPages.list)
    // Configuration without a restart (issue 5.3).
    admins.get(SiteURL.agentConfig.pathComponents, use: ConfigPages.index)
    admins.post(SiteURL.agentConfigPlanning.pathComponents, use: ConfigPages.saveHorizon)
    admins.post(SiteURL.agentConfigPlanningRun.pathComponents, use: ConfigPages.planNow)
    admins.get(SiteURL.agentConfigProcedureNew.pathComponents, use: ProcedureConfigPages.new)
    admins.post(SiteURL.agentConfigProcedureNew.pathComponents, use: ProcedureConfigPages.create)
    admins.get(SiteURL.agentConfigProcedure.pathComponents, use: ProcedureConfigPages.form)
    admins.post(SiteURL.agentConfigProcedure.pathComponents, use: ProcedureConfigPages.save)
    admins.post(SiteURL.agentConfigProcedureRetire.pathComponents, use: ProcedureConfigPages.retire)
    admins.get(SiteURL.agentConfigCounterNew.pathComponents, use: CounterConfigPages.new)
    admins.post(SiteURL.agentConfigCounterNew.pathComponents, use: CounterConfigPages.create)
    admins.get(SiteURL.agentConfigCounter.pathComponents, use: CounterConfigPages.form)
    admins.post(SiteURL.agentConfigCounter.pathComponents, use: CounterConfigPages.save)
    admins.post(SiteURL.agentConfigCounterReinstate.pathComponents, use: CounterConfigPages.reinstate)

    let api = app.grouped(PrivateAnswers())
    api.get(SiteURL.apiOpenAPI.pathComponents, use: OpenAPIController.document)
    api.get(SiteURL.apiChallenge.pathComponents, use: ChallengeAPIController.challenge)
    api.get(SiteURL.apiProcedures.pathComponents, use: ProceduresAPIController.list)
    api.get(SiteURL.apiAvailability.pathComponents, use: ProceduresAPIController.availability)
    api.grouped(SubmissionGate()).post(SiteURL.apiAppointments.pathComponents, use: AppointmentsAPIController.hold)
    api.get(SiteURL.apiAppointment.pathComponents, use: AppointmentsAPIController.show)
    api.delete(SiteURL.apiAppointment.pathComponents, use: AppointmentsAPIController.cancel)
    api.post(SiteURL.apiAppointmentConfirm.pathComponents, use: AppointmentsAPIController.confirm)
    api.grouped(SubmissionGate()).post(SiteURL.apiRequests.pathComponents, use: RequestsAPIController.submit)
    api.get(SiteURL.apiRequest.pathComponents, use: RequestsAPIController.show)
    api.delete(SiteURL.apiRequest.pathComponents, use: RequestsAPIController.withdraw)
    api.post(SiteURL.apiRequestConfirm.pathComponents, use: RequestsAPIController.confirm)
    // A scan or photo of the permit: 5 MB at most, the only API body past the 64 KiB default.
    api.on(
        .PUT, SiteURL.apiRequestPermit.pathComponents, body: .collect(maxSize: "6mb"),
        use: RequestsAPIController.attachPermit)
    api.get(SiteURL.apiDraw.pathComponents, use: RequestsAPIController.draw)
    api.get(SiteURL.apiConvocation.pathComponents, use: ConvocationsAPIController.verify)
}
