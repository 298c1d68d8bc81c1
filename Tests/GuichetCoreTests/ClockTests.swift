import Foundation
import GuichetCore
import Testing

@Suite struct ClockTests {
    @Test func systemClockTellsTheCurrentTime() {
        let before = Date()
        let now = SystemClock().now()
        #expect(now >= before && now.timeIntervalSince(before) < 5)
    }

    @Test func testClockMovesOnlyWhenTold() {
        let start = Date(timeIntervalSince1970: 1_796_112_000)
        let clock = TestClock(start)
        #expect(clock.now() == start)
        #expect(clock.now() == start)
        clock.advance(by: BookingRules.holdDuration)
        #expect(clock.now() == start + 900)
        clock.set(start)
        #expect(clock.now() == start)
    }

    @Test func testClockIsSafeToShareAcrossTasks() async {
        let clock = TestClock(Date(timeIntervalSince1970: 0))
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<1000 {
                group.addTask { clock.advance(by: 1) }
            }
        }
        #expect(clock.now() == Date(timeIntervalSince1970: 1000))
    }

    @Test func clocksAreUsableThroughTheProtocol() {
        let clocks: [any GuichetClock] = [SystemClock(), TestClock(Date(timeIntervalSince1970: 0))]
        #expect(clocks[1].now() == Date(timeIntervalSince1970: 0))
    }
}
