import Foundation

/// What is published for a draw (`GET /api/v1/draws/{id}`): while the window is open, the commitment only; after the
/// draw, the seed and every input, enough for anyone to recompute the allocation with `DrawVerifier`.
///
/// Requests are published by number and tier only: the number is what the applicant holds, so each person can find
/// their own line without the document naming anyone.
public struct DrawDocument: Codable, Hashable, Sendable {
    public let id: String
    /// A draw of requests, or a release's lottery: both are verified the same way.
    public let kind: DrawKind
    public let procedure: String
    public let opensAt: Date
    public let closesAt: Date
    /// Lowercase hex SHA-256 of the seed, published when the window opens.
    public let commitment: String
    /// Lowercase hex, nil while the window is open: revealing it early would let anyone compute the order in advance.
    public let seed: String?
    /// Empty while the window is open.
    public let requests: [DrawRequest]
    public let seats: [DrawSeat]
    public let allocations: [DrawAllocation]

    public init(
        id: String, kind: DrawKind = .draw, procedure: String, opensAt: Date, closesAt: Date, commitment: String,
        seed: String? = nil,
        requests: [DrawRequest] = [], seats: [DrawSeat], allocations: [DrawAllocation] = []
    ) {
        self.id = id
        self.kind = kind
        self.procedure = procedure
        self.opensAt = opensAt
        self.closesAt = closesAt
        self.commitment = commitment
        self.seed = seed
        self.requests = requests
        self.seats = seats
        self.allocations = allocations
    }

    private enum CodingKeys: String, CodingKey {
        case id, kind, procedure, opensAt, closesAt, commitment, seed, requests, seats, allocations
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        // Documents published before release lotteries existed were all draws.
        kind = try container.decodeIfPresent(DrawKind.self, forKey: .kind) ?? .draw
        procedure = try container.decode(String.self, forKey: .procedure)
        opensAt = try ParisTime.decodeInstant(from: container, forKey: .opensAt)
        closesAt = try ParisTime.decodeInstant(from: container, forKey: .closesAt)
        commitment = try container.decode(String.self, forKey: .commitment)
        seed = try container.decodeIfPresent(String.self, forKey: .seed)
        requests = try container.decode([DrawRequest].self, forKey: .requests)
        seats = try container.decode([DrawSeat].self, forKey: .seats)
        allocations = try container.decode([DrawAllocation].self, forKey: .allocations)
    }

    /// Times as `ParisTime.iso8601` text, like the seats' starts; the seed is written as `null` while unknown rather
    /// than left out, so a reader sees that it is still to come.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(kind, forKey: .kind)
        try container.encode(procedure, forKey: .procedure)
        try container.encode(ParisTime.iso8601(opensAt), forKey: .opensAt)
        try container.encode(ParisTime.iso8601(closesAt), forKey: .closesAt)
        try container.encode(commitment, forKey: .commitment)
        try container.encode(seed, forKey: .seed)
        try container.encode(requests, forKey: .requests)
        try container.encode(seats, forKey: .seats)
        try container.encode(allocations, forKey: .allocations)
    }
}
