import Foundation
import GuichetCore
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite struct SimulationReportTests {
    /// Two policies with made-up figures: the report's job is formatting, not simulating.
    private func report() -> SimulationReport {
        var details = PolicyOutcome.Details()
        details.sales = 11_159
        details.meanActiveOperations = 8
        let weekly = PolicyOutcome(
            policy: .fcfsWeekly, genuineShare: 0.2621, scalperShare: 0.7379, advantageRatio: 12.354,
            scalperProfit: 1_632_250, servedBeforeExpiry: 0.7839, medianWaitDays: 19.9,
            details: details)
        let draw = PolicyOutcome(
            policy: .draw, genuineShare: 1, scalperShare: 0, advantageRatio: nil,
            scalperProfit: -2400, servedBeforeExpiry: 0.5421, medianWaitDays: 35.8,
            details: PolicyOutcome.Details())
        return SimulationReport(outcomes: [weekly, draw], parameters: SimulationParameters(), seed: 2026)
    }

    @Test func jsonHasExactlyThePublishedFieldsInOrder() throws {
        let text = report().json()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Array(object.keys) == ["policies"])
        let policies = try #require(object["policies"] as? [[String: Any]])
        #expect(policies.count == 2)
        let keys = [
            "policy", "genuineShare", "scalperShare", "advantageRatio", "scalperProfit", "servedBeforeExpiry",
            "medianWaitDays",
        ]
        for policy in policies { #expect(Set(policy.keys) == Set(keys)) }
        #expect(policies[0]["policy"] as? String == "fcfs-weekly")
        #expect(policies[0]["scalperProfit"] as? Int == 1_632_250)
        #expect(policies[1]["advantageRatio"] is NSNull)
        // Key order as published, for readable diffs.
        let first = try #require(text.split(separator: "\n").dropFirst().first)
        let positions = keys.compactMap { first.range(of: "\"\($0)\"")?.lowerBound }
        #expect(positions.count == keys.count && positions == positions.sorted())
    }

    @Test func jsonDecodesBackIntoOutcomes() throws {
        struct Published: Decodable { let policies: [PolicyOutcome] }
        let decoded = try JSONDecoder().decode(Published.self, from: Data(report().json().utf8))
        #expect(decoded.policies.map(\.policy) == [.fcfsWeekly, .draw])
        #expect(decoded.policies[0].advantageRatio == 12.354)
        #expect(decoded.policies[1].advantageRatio == nil)
    }

    @Test func tableShowsEveryPolicyAndUnmeasuredRatiosAsNA() {
        let table = report().table()
        #expect(table.contains("fcfs-weekly"))
        #expect(table.contains("73.8 %"))
        #expect(table.contains("1,632,250 EUR"))
        #expect(table.contains("-2,400 EUR"))
        #expect(table.contains("n/a"))
        #expect(table.contains("seed 2026"))
    }

    @Test func tableNotesTheSameTierOddsAndHowOftenPeopleCatchALottery() {
        // setup
        var tiered = PolicyOutcome.Details()
        tiered.scalperWinsComparedInTier = 98
        tiered.scalperWinsAtSameTierOdds = 100
        var lottery = PolicyOutcome.Details()
        lottery.lotteryEligible = 1000
        lottery.lotteryEntrants = 115
        lottery.lotteryClientWins = 450
        lottery.lotteryClientWinsAtWaitingOdds = 50
        let outcomes = [
            PolicyOutcome(
                policy: .dailyDraw, genuineShare: 1, scalperShare: 0, advantageRatio: 0.22,
                scalperProfit: -5200, servedBeforeExpiry: 0.78, medianWaitDays: 14.8, details: tiered),
            PolicyOutcome(
                policy: .releaseLotteryWindow, genuineShare: 0.27, scalperShare: 0.73, advantageRatio: 1.03,
                scalperProfit: 1_592_650, servedBeforeExpiry: 0.56, medianWaitDays: 41.8, details: lottery),
        ]
        // act
        let table = SimulationReport(outcomes: outcomes, parameters: SimulationParameters(), seed: 2026).table()
        // check
        #expect(table.contains("daily-draw: in its own tier, a scalper's request had 0.98 times the odds"))
        #expect(
            table.contains(
                "release-lottery-window: waiting people without a scalper had a ticket in 11.5 % of "
                    + "the lotteries"))
        #expect(table.contains("a scalper's client (a ticket in all) had 9.00 times a waiting person's odds"))
        // Nothing to note for policies without tiers or lotteries.
        #expect(!report().table().contains("in its own tier"))
    }

    @Test func svgHeadingCountsThePolicies() {
        #expect(report().svg().contains("Two allocation policies"))
    }

    @Test func svgIsWellFormedAndSelfContained() throws {
        let svg = report().svg()
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("<title id=\"title\">"))
        #expect(svg.contains("fcfs-weekly") && svg.contains(">draw<"))
        // Nothing fetched from elsewhere: the only URL is the SVG namespace.
        #expect(svg.components(separatedBy: "http").count == 2)
        #expect(!svg.contains("href"))
        let parser = XMLParser(data: Data(svg.utf8))
        #expect(parser.parse(), "\(String(describing: parser.parserError))")
    }
}
