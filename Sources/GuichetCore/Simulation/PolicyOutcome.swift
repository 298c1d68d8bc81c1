import Foundation

/// The figures of one policy over the measured year (issue 3, point 11). Encodes to exactly the published JSON fields;
/// `details` carries the counts behind them for the text table and for tests.
public struct PolicyOutcome: Codable, Hashable, Sendable {
    public let policy: SimulationPolicy
    /// Attended appointments of the year that went to applicants who did not pay a scalper, over all attended ones.
    public let genuineShare: Double
    /// Attended appointments that a buyer paid a scalper for: `1 - genuineShare`.
    public let scalperShare: Double
    /// A scalper identity's chance of winning a seat per attempt over a genuine applicant's, where an attempt is
    /// being in the running for one release (first come first served) or one draw. nil when no scalper tried.
    public let advantageRatio: Double?
    /// Euros over the year, all operations together: resale revenue minus running and identity costs.
    public let scalperProfit: Double
    /// Among the year's applicants with a permit whose fate is known by the end of the run, the share seen on or
    /// before the day their permit expired.
    public let servedBeforeExpiry: Double
    /// Median days from starting to look to the appointment, over the year's applicants; people still unserved at the
    /// end count with the days they had waited by then (so it is a lower bound when many are left).
    public let medianWaitDays: Double
    public let details: Details

    public struct Details: Codable, Hashable, Sendable {
        /// Seats of the measured year, and what became of them.
        public var seats = 0
        public var attendedDirect = 0
        public var attendedBought = 0
        /// Held by a scalper's own identity and never sold or handed over: nobody came.
        public var scalperNoShows = 0
        /// Never booked (no taker in time, or never offered).
        public var unused = 0
        public var sales = 0
        /// Sales lost because someone else took the seat between the cancellation and the rebooking.
        public var failedHandoffs = 0
        public var revenue = 0.0
        public var costs = 0.0
        /// Operations in the market, averaged over the year's four-week periods.
        public var meanActiveOperations = 0.0
        public var genuineAttempts = 0
        public var genuineWins = 0
        public var scalperAttempts = 0
        public var scalperWins = 0
        /// What the scalpers' attempts would have won at the genuine applicants' odds of the same releases or draws.
        public var scalperWinsAtGenuineOdds = 0.0
        /// Genuine applicants never won a release or draw scalpers took part in: `advantageRatio` is then computed
        /// with half a win, a floor on an advantage too large to measure.
        public var advantageIsFloor = false
        /// Draws run in the year (weekly, or every working day under `daily-draw`).
        public var draws = 0
        /// Draws with tiers: the scalpers' draw wins in tiers where genuine requests competed too, and what their
        /// requests would have won there at the odds of those genuine requests (the same tier of the same draw).
        public var scalperWinsComparedInTier = 0
        public var scalperWinsAtSameTierOdds = 0.0
        /// Release lotteries: lotteries drawn in the year; the waiting people without a scalper at each, added up (who
        /// could have had a ticket), and how many of them did (a standing ticket, or a look at the site in time).
        public var lotteries = 0
        public var lotteryEligible = 0
        public var lotteryEntrants = 0
        /// Seats that the year's lotteries gave to no ticket (none left that could take them), then put on offer first
        /// come, first served.
        public var lotterySeatsLeft = 0
        /// The scalpers' lottery wins with tickets in clients' names (not under their own identities), and what
        /// those tickets would have won at the odds of a waiting person on their own, ticket or not.
        public var lotteryClientWins = 0
        public var lotteryClientWinsAtWaitingOdds = 0.0
        /// Applicants who started looking in the measured year, and how many of them had been seen by the end.
        public var cohort = 0
        public var cohortServed = 0
        /// Mean days from starting to look to the appointment (unserved people counted as for the median).
        public var meanWaitDays = 0.0

        public init() {}
    }

    /// Draws with tiers: a scalper's request's odds over those of genuine requests in the same tier of the same draw.
    /// Where `advantageRatio` shows what a false priority claim is worth, this shows that the order inside a tier
    /// (HMAC of the seed) favours nobody. nil when scalpers never shared a tier with genuine requests.
    public var sameTierAdvantageRatio: Double? {
        guard details.scalperWinsAtSameTierOdds > 0 else { return nil }
        return ScalperSimulation.round(
            Double(details.scalperWinsComparedInTier) / details.scalperWinsAtSameTierOdds,
            places: 3)
    }

    /// Release lotteries: a scalper's client's odds per lottery over a waiting person's on their own. Per ticket the
    /// odds are equal (`advantageRatio`); under `release-lottery-window` per release they are not, because the person
    /// has a ticket only when they look at the site during the window and bots are always there. nil without
    /// lotteries that clients were entered in.
    public var perReleaseAdvantageRatio: Double? {
        guard details.lotteryClientWinsAtWaitingOdds > 0 else { return nil }
        return ScalperSimulation.round(
            Double(details.lotteryClientWins) / details.lotteryClientWinsAtWaitingOdds,
            places: 3)
    }

    /// Release lotteries: the share of lotteries that waiting people without a scalper were in on their own.
    public var lotteryEntryShare: Double? {
        guard details.lotteryEligible > 0 else { return nil }
        return ScalperSimulation.round(Double(details.lotteryEntrants) / Double(details.lotteryEligible), places: 4)
    }

    private enum CodingKeys: String, CodingKey {
        case policy, genuineShare, scalperShare, advantageRatio, scalperProfit, servedBeforeExpiry, medianWaitDays
    }

    public init(
        policy: SimulationPolicy, genuineShare: Double, scalperShare: Double, advantageRatio: Double?,
        scalperProfit: Double, servedBeforeExpiry: Double, medianWaitDays: Double, details: Details
    ) {
        self.policy = policy
        self.genuineShare = genuineShare
        self.scalperShare = scalperShare
        self.advantageRatio = advantageRatio
        self.scalperProfit = scalperProfit
        self.servedBeforeExpiry = servedBeforeExpiry
        self.medianWaitDays = medianWaitDays
        self.details = details
    }

    /// Reads the published JSON back; `details` are not published, so they come back empty.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        policy = try container.decode(SimulationPolicy.self, forKey: .policy)
        genuineShare = try container.decode(Double.self, forKey: .genuineShare)
        scalperShare = try container.decode(Double.self, forKey: .scalperShare)
        advantageRatio = try container.decodeIfPresent(Double.self, forKey: .advantageRatio)
        scalperProfit = try container.decode(Double.self, forKey: .scalperProfit)
        servedBeforeExpiry = try container.decode(Double.self, forKey: .servedBeforeExpiry)
        medianWaitDays = try container.decode(Double.self, forKey: .medianWaitDays)
        details = Details()
    }

    /// `advantageRatio` is written as null rather than left out, so every policy object has the same seven keys.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(policy, forKey: .policy)
        try container.encode(genuineShare, forKey: .genuineShare)
        try container.encode(scalperShare, forKey: .scalperShare)
        try container.encode(advantageRatio, forKey: .advantageRatio)
        try container.encode(scalperProfit, forKey: .scalperProfit)
        try container.encode(servedBeforeExpiry, forKey: .servedBeforeExpiry)
        try container.encode(medianWaitDays, forKey: .medianWaitDays)
    }
}
