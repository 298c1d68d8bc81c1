import Fluent
import Foundation
import GuichetCore

/// A draw-mode procedure's window policy: which weekday windows open, how many weeks they last, which seats they give.
/// A procedure without a row uses `DrawPolicy.standard`.
final class DrawPolicyRecord: ProcedurePolicyRecord, @unchecked Sendable {
    typealias Policy = DrawPolicy
    static let schema = "draw_policies"

    @ID(custom: "id", generatedBy: .user) var id: String?  // the procedure id
    /// `DrawPolicy` as JSON.
    @Field(key: "policy") var policyJSON: String

    init() {}

    /// The procedure's policy, or the standard one.
    static func policy(for procedureID: String, on db: any Database) async throws -> DrawPolicy {
        try await find(procedureID, on: db)?.policy() ?? .standard
    }
}
