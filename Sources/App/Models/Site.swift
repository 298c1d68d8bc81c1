import Fluent

/// A building with counters: the prefecture, a sub-prefecture.
final class Site: Model, @unchecked Sendable {
    static let schema = "sites"

    @ID(custom: "id", generatedBy: .user) var id: String?
    @Field(key: "name") var name: String
    @Field(key: "address") var address: String

    init() {}

    init(id: String, name: String, address: String) {
        self.id = id
        self.name = name
        self.address = address
    }
}
