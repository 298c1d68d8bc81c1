import Fluent
import Foundation
import GuichetCore
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    /// Issue 12, `docs/decisions/0020`: what the pages open to anyone holding a code or a link show, and no more.
    @Suite struct DisclosureTests {
        @Test func theCodePageShowsTheHeldTimeOnlyWhileTheHoldWaitsForItsCode() async throws {
            try await withGuichetApp { app in
                // setup: a hold
                let slot = try await Fixture.slot(app)
                let id = try await BookingAPITests().hold(app, slotID: slot.id!)
                var stranger = PageClient(app)
                // while pending: the time, the place and the procedure, with the form
                let pending = try await stranger.get("/appointments/\(id)/code")
                #expect(pending.html.contains("Guichet 1") && pending.html.contains("name=\"code\""))
                // act: confirmed by its person
                let code = try await Fixture.lastCode(app, to: "karima.benali@example.org")
                try await app.testing().test(
                    .POST, "/api/v1/appointments/\(id)/confirm",
                    beforeRequest: { req in
                        req.json(Data(#"{"code":"\#(code)"}"#.utf8))
                    }, afterResponse: { res in #expect(res.status == .ok) })
                // check: the link now tells whoever holds it that the hold is over, nothing about the appointment
                let after = try await stranger.get("/appointments/\(id)/code")
                #expect(after.status == .ok)
                #expect(after.html.contains("attend plus de code"))
                #expect(!after.html.contains("Guichet 1") && !after.html.contains("Première demande"))
                #expect(!after.html.contains(DateText.moment(slot.startsAt, .fr)))
                let posted = try await stranger.post("/appointments/\(id)/code", [("code", "123456")])
                #expect(!posted.html.contains("Guichet 1"))
            }
        }

        @Test func verifyShowsAMaskedNameTheBirthYearTheTimeAndTheCounterOnly() async throws {
            try await withGuichetApp { app in
                let slot = try await Fixture.slot(app)
                let (id, _) = try await BookingAPITests().confirmedAppointment(app, slotID: slot.id!)
                let appointment = try #require(try await Appointment.find(UUID(uuidString: id), on: app.db))
                var anyone = PageClient(app)
                let page = try await anyone.get("/verify/\(try #require(appointment.convocationCode))")
                #expect(page.html.contains("K••••• B•••••") && page.html.contains("1988"))
                for secret in [
                    "Karima", "Benali", "karima.benali@example.org", "1988-04-12", "DZA",
                    Catalogue.statusText("confirmed", .fr),
                ] {
                    #expect(!page.html.contains(secret), "\(secret)")
                }
            }
        }

        /// Whether the person came, was turned away or cancelled is theirs: whoever holds the paper (the seller of
        /// a slot, say) learns whether it still stands, no more.
        @Test func verifySaysWhetherTheConvocationStandsNotWhatBecameOfIt() async throws {
            try await withGuichetApp { app in
                // setup
                let slot = try await Fixture.slot(app)
                let (id, _) = try await BookingAPITests().confirmedAppointment(app, slotID: slot.id!)
                let appointment = try #require(try await Appointment.find(UUID(uuidString: id), on: app.db))
                let code = try #require(appointment.convocationCode)
                for status in ["no-show", "rejected", "cancelled"] {
                    // act
                    appointment.status = AppointmentStatus(rawValue: status)!
                    try await appointment.save(on: app.db)
                    // check
                    try await app.testing().test(.GET, "/api/v1/convocations/\(code)") { res in
                        #expect(res.json["verdict"] as? String == "cancelled")
                        #expect(res.json["status"] == nil, "\(status)")
                    }
                    var anyone = PageClient(app)
                    let page = try await anyone.get("/verify/\(code)")
                    #expect(page.html.contains("data-verdict=\"cancelled\""))
                    #expect(!page.html.contains(Catalogue.statusText(status, .fr)), "\(status)")
                    #expect(!page.html.contains(Catalogue.statusText(status, .en)), "\(status)")
                }
            }
        }
    }
}
