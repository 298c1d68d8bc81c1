import Foundation
import GuichetCore
import Vapor

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `guichet simulate`: the scalper simulation of issue 3 (points 9–12; the daily draw and the release lotteries of
/// issue 10, point 8). Runs the production allocation code (`ReleasePlanner`, `Draw`) on a simulated clock over a
/// simulated year, for each policy, and prints a table, or the published JSON with `--json`; `--svg FILE` also writes
/// the chart. Every model parameter is an option; the defaults are the prefecture of the problem statement. See
/// docs/fairness.md.
struct SimulateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "seed", help: "Random seed: the same seed gives the same figures (default 2026).")
        var seed: UInt64?
        @Flag(name: "json", help: "Print {\"policies\": [...]} instead of the table.")
        var json: Bool
        @Option(name: "svg", help: "Also write a self-contained SVG chart comparing the policies to this file.")
        var svg: String?
        @Option(
            name: "policies",
            help: "Comma-separated: fcfs-weekly,fcfs-random,draw,draw-priority,daily-draw,"
                + "release-lottery,release-lottery-window (default: all).")
        var policies: String?

        // Supply and demand
        @Option(name: "appointments-per-year", help: "Seats offered in a year, spread over working days (15000).")
        var appointmentsPerYear: Int?
        @Option(name: "applicants-per-year", help: "Genuine people starting to look in a year, one seat each (16000).")
        var applicantsPerYear: Int?
        @Option(name: "first-application-share", help: "Share without a permit yet: no expiry, lowest tier (0.25).")
        var firstApplicationShare: Double?
        @Option(name: "expiry-earliest-days", help: "Permit expiry, days after starting to look: lowest (-15).")
        var expiryEarliestDays: Int?
        @Option(name: "expiry-latest-days", help: "Permit expiry, days after starting to look: highest (120).")
        var expiryLatestDays: Int?
        @Option(name: "unavailable-weekday-share", help: "Share of applicants who rule out one weekday (0.2).")
        var unavailableWeekdayShare: Double?

        // Genuine applicants
        @Option(name: "checks-per-day", help: "Looks at the site per day while waiting, 07:00-23:00 (3).")
        var checksPerDay: Double?
        @Option(name: "urgent-checks-per-day", help: "Looks per day within 30 days of expiry (12).")
        var urgentChecksPerDay: Double?
        @Option(name: "booking-minutes", help: "Minutes from seeing a seat to a registered booking (4).")
        var bookingMinutes: Double?
        @Option(name: "camping-share", help: "fcfs-weekly: share online at the known Sunday-evening hour (0.3).")
        var campingShare: Double?
        @Option(name: "camping-minutes", help: "fcfs-weekly: campers arrive within this many minutes (10).")
        var campingMinutes: Double?
        @Option(name: "median-willingness-to-pay", help: "Median worth of an appointment, EUR, before urgency (60).")
        var medianWillingnessToPay: Double?
        @Option(name: "willingness-spread", help: "Log-normal sigma of that worth (0.8).")
        var willingnessSpread: Double?
        @Option(name: "desperation-multiplier", help: "Worth multiplier once the permit has lapsed (8).")
        var desperationMultiplier: Double?
        @Option(name: "desperation-days", help: "Days before expiry from which the worth starts rising (60).")
        var desperationDays: Int?
        @Option(name: "patience-days", help: "Days of failing before asking a scalper, unless pressed (14).")
        var patienceDays: Int?
        @Option(name: "naive-buyer-share", help: "Share who would pay an intermediary to enter a draw for them (0).")
        var naiveBuyerShare: Double?

        // Scalpers
        @Option(name: "scalper-operations", help: "Scalper operations in the market at the start (8).")
        var scalperOperations: Int?
        @Option(name: "seats-per-operation", help: "Most seats or draw tickets one operation holds at once (60).")
        var seatsPerOperation: Int?
        @Option(name: "identity-cost", help: "EUR per throwaway identity, where the rules need one per booking (5).")
        var identityCost: Double?
        @Option(name: "operation-monthly-cost", help: "EUR per four weeks in the market: bots, proxies, shop (400).")
        var operationMonthlyCost: Double?
        @Option(name: "poll-seconds", help: "A bot looks at availability every this many seconds (5).")
        var pollSeconds: Double?
        @Option(name: "bot-booking-seconds", help: "Seconds a bot needs to book a seat it has seen (1).")
        var botBookingSeconds: Double?
        @Option(name: "handoff-seconds", help: "Seconds between cancelling and rebooking in the buyer's name (0.5).")
        var handoffSeconds: Double?
        @Option(name: "resale-price", help: "EUR a buyer pays for an appointment, on delivery (150).")
        var resalePrice: Double?
        @Option(name: "probe-probability", help: "Chance per four weeks that an idle operation tries again (0.1).")
        var probeProbability: Double?
        @Option(name: "initial-weekly-sales", help: "Sales per week an operation expects when it starts (20).")
        var initialWeeklySales: Double?

        // Allocation
        @Option(
            name: "releases-per-week",
            help: "fcfs-random, release lotteries: releases per week, weekdays 08:00-18:00 (5).")
        var releasesPerWeek: Int?
        @Option(
            name: "seats-per-release",
            help: "fcfs-random, release lotteries: most seats per release (default: a week's seats).")
        var seatsPerRelease: Int?
        @Option(
            name: "lottery-minutes",
            help: "Release lotteries: minutes from a release to its lottery, 1-240 (30); only tickets asked "
                + "in them are in it under release-lottery-window.")
        var lotteryMinutes: Double?
        @Option(
            name: "daily-draw-minute",
            help: "daily-draw: minute of the day, Paris, of each working day's draw (840 = 14:00).")
        var dailyDrawMinute: Int?
        @Option(name: "horizon-days", help: "Seats are released or drawn up to this many days ahead (14).")
        var horizonDays: Int?
        @Option(name: "minimum-lead-hours", help: "Nothing released, drawn or sold closer to its start (24).")
        var minimumLeadHours: Int?

        // Run
        @Option(name: "weeks", help: "Weeks measured (52).")
        var weeks: Int?
        @Option(name: "warm-up-weeks", help: "Weeks simulated first and not counted (13).")
        var warmUpWeeks: Int?
        @Option(name: "tail-weeks", help: "Weeks simulated after, so late arrivals can be served (8).")
        var tailWeeks: Int?
        @Option(name: "start-date", help: "First day measured, YYYY-MM-DD (2026-01-05).")
        var startDate: String?

        init() {}

        /// The defaults, overridden by whatever was given.
        func parameters() throws -> SimulationParameters {
            var p = SimulationParameters()
            func set<T>(_ value: T?, _ path: WritableKeyPath<SimulationParameters, T>) {
                if let value { p[keyPath: path] = value }
            }
            set(appointmentsPerYear, \.appointmentsPerYear)
            set(applicantsPerYear, \.applicantsPerYear)
            set(firstApplicationShare, \.firstApplicationShare)
            set(expiryEarliestDays, \.expiryEarliestDays)
            set(expiryLatestDays, \.expiryLatestDays)
            set(unavailableWeekdayShare, \.unavailableWeekdayShare)
            set(checksPerDay, \.checksPerDay)
            set(urgentChecksPerDay, \.urgentChecksPerDay)
            set(bookingMinutes, \.bookingMinutes)
            set(campingShare, \.campingShare)
            set(campingMinutes, \.campingMinutes)
            set(medianWillingnessToPay, \.medianWillingnessToPay)
            set(willingnessSpread, \.willingnessSpread)
            set(desperationMultiplier, \.desperationMultiplier)
            set(desperationDays, \.desperationDays)
            set(patienceDays, \.patienceDays)
            set(naiveBuyerShare, \.naiveBuyerShare)
            set(scalperOperations, \.scalperOperations)
            set(seatsPerOperation, \.seatsPerOperation)
            set(identityCost, \.identityCost)
            set(operationMonthlyCost, \.operationMonthlyCost)
            set(pollSeconds, \.pollSeconds)
            set(botBookingSeconds, \.botBookingSeconds)
            set(handoffSeconds, \.handoffSeconds)
            set(resalePrice, \.resalePrice)
            set(probeProbability, \.probeProbability)
            set(initialWeeklySales, \.initialWeeklySales)
            set(releasesPerWeek, \.releasesPerWeek)
            if let seatsPerRelease { p.seatsPerRelease = seatsPerRelease }
            set(lotteryMinutes, \.lotteryMinutes)
            set(dailyDrawMinute, \.dailyDrawMinute)
            set(horizonDays, \.horizonDays)
            set(minimumLeadHours, \.minimumLeadHours)
            set(weeks, \.weeks)
            set(warmUpWeeks, \.warmUpWeeks)
            set(tailWeeks, \.tailWeeks)
            if let startDate {
                guard let date = CivilDate(iso: startDate) else { throw SimulateError("start-date must be YYYY-MM-DD") }
                p.startDate = date
            }
            if let problem = p.problem() { throw SimulateError(problem) }
            return p
        }

        func chosenPolicies() throws -> [SimulationPolicy] {
            guard let policies else { return SimulationPolicy.allCases }
            return try policies.split(separator: ",").map { name in
                let trimmed = name.trimmingCharacters(in: .whitespaces)
                guard let policy = SimulationPolicy(rawValue: trimmed) else {
                    let known = SimulationPolicy.allCases.map(\.rawValue).joined(separator: ", ")
                    throw SimulateError("unknown policy '\(trimmed)' (known: \(known))")
                }
                return policy
            }
        }
    }

    var help: String {
        "Simulates a year of applicants and scalpers under each allocation policy (the evidence in docs/fairness.md)."
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let parameters = try signature.parameters()
        let policies = try signature.chosenPolicies()
        let seed = signature.seed ?? ScalperSimulation.defaultSeed

        // A bar only on a terminal: piped output (--json into jq, a CI log) stays clean.
        let bar = isatty(1) == 1 ? context.console.progressBar(title: "Simulating") : nil
        bar?.start()
        let outcomes = await ScalperSimulation.run(policies: policies, parameters: parameters, seed: seed) { fraction in
            bar?.activity.currentProgress = fraction
        }
        bar?.succeed()

        let report = SimulationReport(outcomes: outcomes, parameters: parameters, seed: seed)
        if let path = signature.svg {
            do {
                try report.svg().write(toFile: path, atomically: true, encoding: .utf8)
            } catch {
                throw SimulateError("could not write \(path): \(error.localizedDescription)")
            }
        }
        context.console.output((signature.json ? report.json() : report.table()).consoleText(), newLine: false)
    }
}

struct SimulateError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
