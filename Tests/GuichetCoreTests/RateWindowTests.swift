import Foundation
import GuichetCore
import Testing

@Suite struct RateWindowTests {
    let rule = RateRule(limit: 3, window: 600)
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func theLimitHoldsWithinTheWindowAndTheWaitEndsWithIt() {
        var window = RateWindow(start: t0)
        for second in 0..<3 {
            #expect(window.wait(at: t0.addingTimeInterval(Double(second)), rule: rule) == nil)
            window.record(at: t0.addingTimeInterval(Double(second)), rule: rule)
        }
        #expect(window.wait(at: t0.addingTimeInterval(100), rule: rule) == 500)
        #expect(window.wait(at: t0.addingTimeInterval(599), rule: rule) == 1)
        #expect(window.wait(at: t0.addingTimeInterval(600), rule: rule) == nil)
    }

    @Test func anEventAfterTheWindowStartsANewOne() {
        var window = RateWindow(start: t0)
        for _ in 0..<3 { window.record(at: t0, rule: rule) }
        window.record(at: t0.addingTimeInterval(601), rule: rule)
        #expect(window.count == 1 && window.start == t0.addingTimeInterval(601))
        #expect(window.wait(at: t0.addingTimeInterval(602), rule: rule) == nil)
    }

    @Test func aClockSetBackNeverLocksAKeyOut() {
        var window = RateWindow(start: t0)
        for _ in 0..<3 { window.record(at: t0, rule: rule) }
        #expect(window.isOver(at: t0.addingTimeInterval(-5), rule: rule))
        #expect(window.wait(at: t0.addingTimeInterval(-5), rule: rule) == nil)
    }
}
