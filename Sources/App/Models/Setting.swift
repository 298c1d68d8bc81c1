import Fluent

/// One setting an admin changes from the back office; read by the jobs at each turn, so no restart is needed.
final class Setting: Model, @unchecked Sendable {
    static let schema = "settings"

    @ID(custom: "id", generatedBy: .user) var id: String?
    @Field(key: "value") var value: String

    init() {}

    init(key: String, value: String) {
        self.id = key
        self.value = value
    }

    static let planningHorizonKey = "planning_horizon_days"

    /// How many days ahead slots are generated (today included).
    static func planningHorizon(on db: any Database) async throws -> Int {
        guard let stored = try await Setting.find(planningHorizonKey, on: db), let days = Int(stored.value),
            SlotPlanner.horizonRange.contains(days)
        else { return SlotPlanner.horizonDays }
        return days
    }
}
