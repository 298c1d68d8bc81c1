/// Recomputes a published draw from its document alone, for `guichet verify-draw` and for anyone who distrusts the
/// server: the check must need nothing the server keeps to itself.
public enum DrawVerifier {
    public struct Report: Sendable, Equatable {
        public let matches: Bool
        /// English sentences naming each difference, empty when the draw matches.
        public let problems: [String]

        public init(problems: [String]) {
            self.matches = problems.isEmpty
            self.problems = problems
        }
    }

    /// Checks that the seed is 32 bytes of hex, that its SHA-256 is the commitment published when the window opened,
    /// and that allocating the published requests to the published seats with that seed gives exactly the published
    /// allocations (as a set: their order in the document does not matter).
    public static func verify(_ document: DrawDocument) -> Report {
        guard let seedText = document.seed else {
            return Report(problems: [
                "The document has no seed yet: the draw has not taken place or not been published."
            ])
        }
        guard let seed = Hex.decode(seedText), seed.count == 32 else {
            return Report(problems: ["The seed \"\(seedText)\" is not 64 hexadecimal characters (32 bytes)."])
        }

        var problems: [String] = []
        let commitment = Draw.commitment(seed: seed)
        if commitment != document.commitment.lowercased() {
            problems.append(
                "The seed does not match the commitment: its SHA-256 is \(commitment) "
                    + "but the commitment published when the window opened is \(document.commitment).")
        }
        problems += duplicates(in: document.requests.map(\.number)).map {
            "Request \($0) appears more than once among the requests."
        }
        problems += duplicates(in: document.seats.map { "slot \($0.slotID) seat \($0.seat)" }).map {
            "The seats list \($0) more than once."
        }
        problems += duplicates(in: document.allocations.map(\.requestNumber)).map {
            "The document gives request \($0) more than one seat."
        }
        problems += compare(
            expected: Draw.allocate(requests: document.requests, seats: document.seats, seed: seed),
            published: document.allocations,
            requestNumbers: Set(document.requests.map(\.number)))
        return Report(problems: problems)
    }

    /// One sentence per request whose seat differs, in draw order, then the published allocations that the draw
    /// would not make at all.
    private static func compare(
        expected: [DrawAllocation], published: [DrawAllocation], requestNumbers: Set<String>
    ) -> [String] {
        let publishedByNumber = Dictionary(
            published.map { ($0.requestNumber, $0) }, uniquingKeysWith: { first, _ in first })
        let expectedNumbers = Set(expected.map(\.requestNumber))
        var problems: [String] = []
        for allocation in expected {
            guard let given = publishedByNumber[allocation.requestNumber] else {
                problems.append(
                    "Request \(allocation.requestNumber) should get \(describe(allocation)) "
                        + "but the document gives it no seat.")
                continue
            }
            if (given.slotID, given.seat) != (allocation.slotID, allocation.seat) {
                problems.append(
                    "Request \(allocation.requestNumber) should get \(describe(allocation)) "
                        + "but the document gives \(describe(given)).")
            }
        }
        let extras =
            published
            .filter { !expectedNumbers.contains($0.requestNumber) }
            .sorted { ($0.requestNumber, $0.slotID, $0.seat) < ($1.requestNumber, $1.slotID, $1.seat) }
        for allocation in extras {
            if requestNumbers.contains(allocation.requestNumber) {
                problems.append(
                    "Request \(allocation.requestNumber) should get no seat "
                        + "but the document gives \(describe(allocation)).")
            } else {
                problems.append(
                    "The document gives \(describe(allocation)) to \(allocation.requestNumber), "
                        + "which is not among the requests.")
            }
        }
        return problems
    }

    private static func describe(_ allocation: DrawAllocation) -> String {
        "slot \(allocation.slotID) seat \(allocation.seat)"
    }

    /// Values listed more than once, each named once, in order of first repetition.
    private static func duplicates(in values: [String]) -> [String] {
        var seen = Set<String>()
        var reported = Set<String>()
        var result: [String] = []
        for value in values where !seen.insert(value).inserted && reported.insert(value).inserted {
            result.append(value)
        }
        return result
    }
}
