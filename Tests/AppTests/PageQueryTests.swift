import Fluent
import Foundation
import GuichetCore
import Testing

@testable import App

extension AppTests {
    /// The queries behind the pages, without HTTP.
    @Suite struct PageQueryTests {
        /// The booking form shows a slot only while a seat of it can be taken first come by the procedure's counters.
        @Test func aBookingFormsSlotIsShownOnlyWhileASeatCanBeTaken() async throws {
            try await withGuichetApp(demo: false) { app in
                let fixture = try await SnapshotFixture.load(app)
                let now = app.guichet.clock.now()
                let counters = [SnapshotFixture.releaseCounter]
                func shown(_ id: Int, servedBy counters: [String] = counters, at time: Date? = nil) async throws
                    -> SlotView?
                {
                    try await SlotView.query(
                        free: id, servedBy: counters, now: time ?? now, language: .en, on: app.db)
                }
                let free = try #require(try await shown(fixture.slotIDs[0]))
                #expect(free.place == "Sous-préfecture de Lodève — Guichet 1")
                #expect(free.when.contains("December 2026"))
                // not at a counter of the procedure, started, unknown
                #expect(try await shown(fixture.slotIDs[0], servedBy: [SnapshotFixture.drawCounter]) == nil)
                #expect(try await shown(fixture.slotIDs[0], at: now.addingTimeInterval(10 * 86_400)) == nil)
                #expect(try await shown(999_999) == nil)
                // taken, then held by a lottery
                try await app.db.sql.raw("UPDATE slots SET taken = released WHERE id = \(bind: fixture.slotIDs[0])")
                    .run()
                #expect(try await shown(fixture.slotIDs[0]) == nil)
                try await app.db.sql.raw(
                    "UPDATE slots SET lottery_window_id = 'w' WHERE id = \(bind: fixture.slotIDs[1])"
                )
                .run()
                #expect(try await shown(fixture.slotIDs[1]) == nil)
                #expect(try await shown(fixture.slotIDs[2]) != nil)
            }
        }

        /// The procedures the public pages list come from the reference cache, in display order, retired ones left out.
        @Test func offeredProceduresComeInDisplayOrderWithoutTheRetired() async throws {
            try await withGuichetApp(demo: false) { app in
                _ = try await SnapshotFixture.load(app)
                let offered = try await app.guichet.reference.get(on: app.db).offered
                #expect(
                    offered.map { $0.procedure.id! } == [
                        SnapshotFixture.release, SnapshotFixture.draw, SnapshotFixture.walkIn,
                    ])
                #expect(offered[0].counters.map { $0.id! } == [SnapshotFixture.releaseCounter])
                #expect(offered[0].counters[0].site.name == "Sous-préfecture de Lodève")
                try await app.db.sql.raw(
                    "UPDATE procedures SET retired_at = \(bind: Date()) WHERE id = \(bind: SnapshotFixture.draw)"
                ).run()
                app.guichet.reference.invalidate()
                let after = try await app.guichet.reference.get(on: app.db)
                #expect(after.offered.map { $0.procedure.id! } == [SnapshotFixture.release, SnapshotFixture.walkIn])
                #expect(after.offered(SnapshotFixture.draw) == nil)
                #expect(after.procedures[SnapshotFixture.draw]?.retired == true)
            }
        }
    }
}
