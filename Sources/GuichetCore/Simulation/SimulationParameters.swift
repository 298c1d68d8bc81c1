import Foundation

/// The allocation rules being compared (issue 3, point 10).
public enum SimulationPolicy: String, CaseIterable, Codable, Sendable {
    /// The old system: every seat of a week published at once on Sunday evening, first come first served,
    /// placeholder names and one mailbox for many bookings, a cancelled seat back on sale at once.
    case fcfsWeekly = "fcfs-weekly"
    /// The prefecture's measures: releases at random instants (`ReleasePlanner`), one active booking per identity
    /// and per email key, exact names, freed seats back to `planned` until a later release.
    case fcfsRandom = "fcfs-random"
    /// A weekly request window, then `Draw.allocate` with every request in one tier: order by HMAC alone.
    case draw
    /// The same draw with `DrawTier.of(permitExpiry:firstSeat:)`: permits nearest to lapsing first.
    case drawPriority = "draw-priority"
    // New cases go last: a policy's random stream is its position here, and moving one would change the published
    // figures of the others.
    /// Requests at any time, a draw every working day at a published hour, tiers only for expiry dates an agent has
    /// checked on the permit's scan before the draw.
    case dailyDraw = "daily-draw"
    /// `fcfs-random`'s releases, but each release's seats go to a lottery drawn `lotteryMinutes` after the instant
    /// among every waiting ticket: a ticket is asked once, at any time, and one that does not win stays for the
    /// following lotteries. Only what is left after a lottery is first come, first served.
    case releaseLottery = "release-lottery"
    /// The release lottery as first built: a ticket is good for one lottery, and only if asked within
    /// `lotteryMinutes` of the release instant, so a person is in a lottery only when they look at the site during
    /// its window. Kept to show why tickets now stand.
    case releaseLotteryWindow = "release-lottery-window"

    var isDraw: Bool { self == .draw || self == .drawPriority || self == .dailyDraw }
    var isFirstComeFirstServed: Bool { !isDraw }
    /// Each release's seats go to a lottery at the end of its window, what it leaves to first come, first served.
    var isReleaseLottery: Bool { self == .releaseLottery || self == .releaseLotteryWindow }
    /// Releases at `ReleasePlanner` instants, drawn at the start of each week.
    var releasesAtRandomInstants: Bool { self == .fcfsRandom || isReleaseLottery }
    /// Whether a request or ticket, once made, is in every later draw or lottery until it wins. A scalper can then
    /// only sell a ticket in the buyer's name, worth no more than the one the buyer has for free.
    var requestsStand: Bool { isDraw || self == .releaseLottery }
    /// Whether a draw orders requests by `DrawTier` rather than putting everyone in one tier.
    var hasPriorityTiers: Bool { self == .drawPriority || self == .dailyDraw }
    /// Whether a claimed tier is checked before the draw (a scan of the permit, seen by an agent): a false expiry date
    /// then earns the normal tier. Under `draw-priority` the date is only checked at the counter, too late.
    var verifiesClaimedTier: Bool { self == .dailyDraw }
    /// Whether scalpers book seats under their own identities to sell later. Under a lottery a seat won that way can
    /// only reach a buyer by going back to `planned` and through a later lottery, where the buyer's ticket has the
    /// same odds without it: the only service left is entering lotteries in the client's own name.
    var scalpersKeepStock: Bool { self == .fcfsWeekly || self == .fcfsRandom }
}

/// Every knob of the model, with the defaults of the prefecture in the problem statement (Hérault: about 15,000
/// appointments a year, more people asking than seats). `docs/fairness.md` explains each one; the `simulate` command
/// exposes each as an option of the same name in kebab case.
public struct SimulationParameters: Sendable, Codable, Hashable {
    // MARK: Supply and demand

    /// Seats offered in the measured year, spread evenly over working days (public holidays skipped).
    public var appointmentsPerYear = 15_000
    /// Genuine people who start looking for an appointment in a year, each needing one seat. More than the seats:
    /// the prefecture issues about 12,000 permits, but repeat visits and refusals keep demand above supply.
    public var applicantsPerYear = 16_000
    /// Share of applicants without a permit yet (first applications): no expiry date, lowest draw tier.
    public var firstApplicationShare = 0.25
    /// The permit's expiry, in days after the person starts looking, is uniform in this range; negative means the
    /// person only starts once the permit has lapsed.
    public var expiryEarliestDays = -15
    public var expiryLatestDays = 120
    /// Share of applicants who rule out one weekday (a draw constraint; first-come applicants just skip those days).
    public var unavailableWeekdayShare = 0.2

    // MARK: Genuine applicants

    /// How often a waiting person looks at the booking site, while awake (07:00–23:00), at random moments.
    public var checksPerDay = 3.0
    /// How often once the permit is within 30 days of lapsing, or lapsed.
    public var urgentChecksPerDay = 12.0
    /// Time from seeing a free seat to a booking registered (form, email code): the seat can go meanwhile.
    public var bookingMinutes = 4.0
    /// Under `fcfs-weekly` only: share of waiting people who know the Sunday-evening hour and are online for it.
    public var campingShare = 0.3
    /// How late after the release instant a camper has the page loaded (uniform up to this many minutes).
    public var campingMinutes = 10.0
    /// What an appointment is worth to a person who is not yet pressed, in euros: log-normal with this median.
    public var medianWillingnessToPay = 60.0
    /// The log-normal's sigma: a few people would pay many times the median.
    public var willingnessSpread = 0.8
    /// How much more the appointment is worth once the permit has lapsed (rising linearly from `desperationDays`
    /// before expiry): a lapsed permit can cost a job, benefits, the right to stay.
    public var desperationMultiplier = 8.0
    public var desperationDays = 60
    /// Days of failing on one's own before asking a scalper at all (unless already within `desperationDays`).
    public var patienceDays = 14
    /// Share of people who believe a paid intermediary improves their chance in a draw. Everyone else knows that a
    /// request made for them is the same lottery ticket as their own free request, and declines.
    public var naiveBuyerShare = 0.0

    // MARK: Scalpers

    /// Scalper operations in the market at the start (each decides every four weeks whether to stay).
    public var scalperOperations = 8
    /// The most seats one operation holds or draw tickets it enters at once (its bots and identities).
    public var seatsPerOperation = 60
    /// One throwaway identity: a mailbox that the email key does not fold into another, a phone, a plausible exact
    /// name. Only bought where the rules make each booking or request need its own (not under `fcfs-weekly`).
    public var identityCost = 5.0
    /// Running an operation for four weeks: servers, proxies to get past per-network rate limits, a shop front.
    public var operationMonthlyCost = 400.0
    /// A bot looks at availability every this many seconds.
    public var pollSeconds = 5.0
    /// A bot's booking takes this long once it has seen a seat.
    public var botBookingSeconds = 1.0
    /// Between cancelling a held seat and rebooking it in the buyer's name, when the seat comes straight back on sale.
    public var handoffSeconds = 0.5
    /// Price of one appointment to a buyer, paid on delivery.
    public var resalePrice = 150.0
    /// Chance per four weeks that an operation out of the market tries it again while nobody is making money.
    public var probeProbability = 0.1
    /// Sales per week an operation expects when it starts; it then follows the demand it sees.
    public var initialWeeklySales = 20.0

    // MARK: Allocation

    /// Releases per week under `fcfs-random` and the release lotteries (random instants, weekdays 08:00–18:00).
    public var releasesPerWeek = 5
    /// Most seats one `fcfs-random` or release-lottery release offers (earliest planned first, as
    /// `ReleasePlanner.choose` does); nil means a week's seats, so that each release offers everything planned inside
    /// the horizon, as the weekly publication did, and only the timing and the rules differ. A small cap keeps
    /// releases close to the minimum lead, where a seat freed by a cancellation is too near to be offered again.
    public var seatsPerRelease: Int?
    /// Seats are generated, and released or drawn, this many days ahead.
    public var horizonDays = 14
    /// No seat is released, drawn or sold less than this many hours before it starts.
    public var minimumLeadHours = 24
    /// Release lotteries: minutes after a release instant during which its seats wait and tickets are taken; the
    /// lottery is drawn when they end (under `release-lottery` among every ticket standing by then, under
    /// `release-lottery-window` among those asked in these minutes only).
    public var lotteryMinutes = 30.0
    /// `daily-draw`: minute of the day (Paris) at which each working day's draw runs, 14:00 by default. Published in
    /// advance: with a draw, knowing the hour gives nobody an edge.
    public var dailyDrawMinute = 14 * 60

    // MARK: Run

    /// Length of the measured period, in weeks.
    public var weeks = 52
    /// Weeks simulated before the measured period so that queues and scalpers settle; not counted.
    public var warmUpWeeks = 13
    /// The run starts with the people who started looking in this many weeks before it already waiting, about the
    /// queue the prefecture has, rather than an empty office that nobody has ever seen.
    public var initialBacklogWeeks = 4
    /// Weeks simulated after it so that people who arrived late in the year can still be served; their later
    /// appointments count for them, not in the year's seat shares.
    public var tailWeeks = 8
    /// First day of the measured period (moved back to its Monday).
    public var startDate = CivilDate(year: 2026, month: 1, day: 5)!

    public init() {}

    /// A smaller prefecture with the same ratios, for tests and quick looks: the same number of scalper operations,
    /// each smaller (capacity, expected sales, running cost), so that shares and the sign of profits carry over.
    public static func scaled(_ factor: Double) -> SimulationParameters {
        var parameters = SimulationParameters()
        func scale(_ value: Int) -> Int { max(1, Int((Double(value) * factor).rounded())) }
        parameters.appointmentsPerYear = scale(parameters.appointmentsPerYear)
        parameters.applicantsPerYear = scale(parameters.applicantsPerYear)
        parameters.seatsPerOperation = scale(parameters.seatsPerOperation)
        parameters.initialWeeklySales *= factor
        parameters.operationMonthlyCost *= factor
        return parameters
    }

    /// The first problem found, named as the command's option, or nil.
    public func problem() -> String? {
        if appointmentsPerYear < 52 { return "appointments-per-year must be at least 52" }
        if applicantsPerYear < 0 { return "applicants-per-year must not be negative" }
        if expiryEarliestDays > expiryLatestDays { return "expiry-earliest-days must not exceed expiry-latest-days" }
        let shares = [
            ("first-application-share", firstApplicationShare), ("unavailable-weekday-share", unavailableWeekdayShare),
            ("camping-share", campingShare), ("naive-buyer-share", naiveBuyerShare),
            ("probe-probability", probeProbability),
        ]
        if let bad = shares.first(where: { !(0...1).contains($0.1) }) { return "\(bad.0) must be between 0 and 1" }
        let positive = [
            ("checks-per-day", checksPerDay), ("urgent-checks-per-day", urgentChecksPerDay),
            ("poll-seconds", pollSeconds), ("median-willingness-to-pay", medianWillingnessToPay),
        ]
        if let bad = positive.first(where: { !($0.1 > 0) }) { return "\(bad.0) must be positive" }
        let nonNegative = [
            ("booking-minutes", bookingMinutes), ("camping-minutes", campingMinutes),
            ("willingness-spread", willingnessSpread), ("identity-cost", identityCost),
            ("operation-monthly-cost", operationMonthlyCost), ("bot-booking-seconds", botBookingSeconds),
            ("handoff-seconds", handoffSeconds), ("resale-price", resalePrice),
            ("initial-weekly-sales", initialWeeklySales),
        ]
        if let bad = nonNegative.first(where: { !($0.1 >= 0) }) { return "\(bad.0) must not be negative" }
        if desperationMultiplier < 1 { return "desperation-multiplier must be at least 1" }
        if desperationDays < 1 { return "desperation-days must be at least 1" }
        if patienceDays < 0 || scalperOperations < 0 || seatsPerOperation < 0 {
            return "patience-days, scalper-operations and seats-per-operation must not be negative"
        }
        if releasesPerWeek < 1 { return "releases-per-week must be at least 1" }
        if let seats = seatsPerRelease, seats < 1 { return "seats-per-release must be at least 1" }
        if !(1...240).contains(lotteryMinutes) { return "lottery-minutes must be between 1 and 240" }
        if !(0..<(24 * 60)).contains(dailyDrawMinute) { return "daily-draw-minute must be between 0 and 1439" }
        if horizonDays < 2 || horizonDays > 120 { return "horizon-days must be between 2 and 120" }
        if minimumLeadHours < 0 || minimumLeadHours >= horizonDays * 24 {
            return "minimum-lead-hours must be between 0 and the horizon"
        }
        if weeks < 1 || weeks > 520 || warmUpWeeks < 0 || warmUpWeeks > 104 || tailWeeks < 0 || tailWeeks > 104
            || initialBacklogWeeks < 0 || initialBacklogWeeks > 52
        {
            return "weeks must be 1–520, warm-up-weeks and tail-weeks 0–104, initial-backlog-weeks 0–52"
        }
        return nil
    }
}
