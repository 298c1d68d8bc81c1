import Fluent
import Foundation
import GuichetCore

/// A procedure's release policy: in which windows releases may happen, how many a week, how many seats each.
final class ReleasePolicyRecord: ProcedurePolicyRecord, @unchecked Sendable {
    typealias Policy = ReleasePolicy
    static let schema = "release_policies"

    @ID(custom: "id", generatedBy: .user) var id: String?  // the procedure id
    /// `ReleasePolicy` as JSON.
    @Field(key: "policy") var policyJSON: String

    init() {}
}
