import Fluent
import Foundation
import GuichetCore

/// A procedure's release policy: in which windows releases may happen, how many a week, how many seats each.
final class ReleasePolicyRecord: Model, @unchecked Sendable {
    static let schema = "release_policies"

    @ID(custom: "id", generatedBy: .user) var id: String?   // the procedure id
    /// `ReleasePolicy` as JSON.
    @Field(key: "policy") var policyJSON: String

    init() {}

    init(procedureID: String, policy: ReleasePolicy) throws {
        self.id = procedureID
        self.policyJSON = try String(decoding: JSONEncoder.sorted.encode(policy), as: UTF8.self)
    }

    func policy() throws -> ReleasePolicy {
        try JSONDecoder().decode(ReleasePolicy.self, from: Data(policyJSON.utf8))
    }
}
