import Fluent

/// Which procedures a counter serves: the rule "no booking at the wrong counter" reads this table.
final class CounterProcedure: Model, @unchecked Sendable {
    static let schema = "counter_procedures"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Parent(key: "counter_id") var counter: Counter
    @Parent(key: "procedure_id") var procedure: Procedure

    init() {}

    init(counterID: String, procedureID: String) {
        self.$counter.id = counterID
        self.$procedure.id = procedureID
    }
}
