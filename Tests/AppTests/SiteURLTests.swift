import Foundation
import Testing
import Vapor

@testable import App

extension AppTests {
    /// One value per address: the routes are `SiteURL`'s cases and the links are made from them.
    @Suite struct SiteURLTests {
        @Test func everyRouteIsACaseAndEveryCaseIsRouted() async throws {
            try await withGuichetApp(demo: false) { app in
                let routed = Set(app.routes.all.map { "/" + $0.path.map(\.description).joined(separator: "/") })
                let cases = Set(SiteURL.allCases.map(\.rawValue))
                #expect(routed.subtracting(cases).isEmpty, "routes without a SiteURL case")
                #expect(cases.subtracting(routed).isEmpty, "SiteURL cases nobody routes")
                #expect(SiteURL.allCases.count == cases.count)
            }
        }

        /// Templates link with `#(paths.<case>)`; a name that is no case would render an empty link.
        @Test func everyPathATemplateNamesIsACase() throws {
            let views = URL(fileURLWithPath: Resources.directory().viewsDirectory)
            let files = FileManager.default.enumerator(at: views, includingPropertiesForKeys: nil)!
                .compactMap { $0 as? URL }.filter { $0.pathExtension == "leaf" }
            var named = 0
            for file in files {
                let text = try String(contentsOf: file, encoding: .utf8)
                for match in text.matches(of: /paths\.(\w+)/) {
                    named += 1
                    #expect(SiteURL.fixedPaths[String(match.1)] != nil, "\(file.lastPathComponent): \(match.1)")
                }
                #expect(
                    text.firstMatch(
                        of: /(href|action)="\/(agent|procedures|appointments|requests|urgent|verify|stats|api)/) == nil,
                    "\(file.lastPathComponent) has a literal path")
            }
            #expect(named > 40)
        }

        @Test func aLinkFillsTheRoutesParameters() {
            #expect(SiteURL.home.path() == "/")
            #expect(SiteURL.procedureDay.path("renewal", "2026-12-04") == "/procedures/renewal/days/2026-12-04")
            let id = UUID(uuidString: "0B7C1E9A-1111-4222-8333-944455556666")!
            #expect(SiteURL.appointmentCode.path(id) == "/appointments/0b7c1e9a-1111-4222-8333-944455556666/code")
            #expect(
                CounterPath.action("mtp-1", id, .serve)
                    == "/agent/counters/mtp-1/appointments/\(id.uuidString.lowercased())/served")
            #expect(
                SitePath.appointmentPage(.appointmentConvocation, id, token: "t")
                    == "/appointments/\(id.uuidString.lowercased())/convocation?token=t")
            #expect(SiteURL.agentCounterCheckIn.parameterCount == 2)
        }
    }
}
