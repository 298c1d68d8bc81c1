import Fluent
import Foundation

/// A procedure's policy kept as one JSON column, keyed by the procedure id: the release policy and the draw policy
/// are stored the same way (`ReleasePolicyRecord`, `DrawPolicyRecord`).
protocol ProcedurePolicyRecord: Model where IDValue == String {
    associatedtype Policy: Codable
    var policyJSON: String { get set }
    init()
}

extension ProcedurePolicyRecord {
    init(procedureID: String, policy: Policy) throws {
        self.init()
        self.id = procedureID
        self.policyJSON = try Self.json(policy)
    }

    func policy() throws -> Policy {
        try JSONDecoder().decode(Policy.self, from: Data(policyJSON.utf8))
    }

    /// The stored form: sorted keys, so that equal policies compare equal as text.
    static func json(_ policy: Policy) throws -> String {
        try String(decoding: JSONEncoder.sorted.encode(policy), as: UTF8.self)
    }
}
