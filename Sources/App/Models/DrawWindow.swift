import Fluent
import Foundation
import GuichetCore

/// A request window of a draw-mode procedure, or the lottery of a release (`kind`). When it opens the server commits
/// to a secret seed (its SHA-256 is public); when it closes the draw runs and the seed, the inputs and the allocation
/// are published.
final class DrawWindow: Model, @unchecked Sendable {
    static let schema = "draw_windows"

    @ID(custom: "id", generatedBy: .user) var id: String?
    @Parent(key: "procedure_id") var procedure: Procedure
    @Field(key: "opens_at") var opensAt: Date
    @Field(key: "closes_at") var closesAt: Date
    /// The seats on offer are the planned seats of slots from this day…
    @Field(key: "seats_from") var seatsFrom: String
    /// …through this day (Paris dates).
    @Field(key: "seats_through") var seatsThrough: String
    @Field(key: "commitment") var commitment: String
    /// Secret until the draw: never sent anywhere before `status` is `drawn`.
    @Field(key: "seed") var seedHex: String
    @Field(key: "status") var status: String
    /// The published `DrawDocument` as JSON, once drawn.
    @OptionalField(key: "document") var document: String?
    @OptionalField(key: "drawn_at") var drawnAt: Date?
    /// `DrawKind`; nil for windows opened before release lotteries existed, which were all draws.
    @OptionalField(key: "kind") var kindValue: String?

    init() {}

    var kind: DrawKind { kindValue.flatMap(DrawKind.init(rawValue:)) ?? .draw }

    static let open = "open"
    static let drawn = "drawn"
}
