import Fluent
import Foundation
import GuichetCore

/// A procedure (démarche): what the person comes for, how its seats are allocated, what to bring.
final class Procedure: Model, @unchecked Sendable {
    static let schema = "procedures"

    @ID(custom: "id", generatedBy: .user) var id: String?
    @Field(key: "name_fr") var nameFR: String
    @Field(key: "name_en") var nameEN: String
    @Field(key: "mode") var mode: String
    @Field(key: "length_minutes") var lengthMinutes: Int
    @Field(key: "documents_fr") var documentsFR: String
    @Field(key: "documents_en") var documentsEN: String
    /// For walk-in procedures: when to come, shown instead of a booking.
    @OptionalField(key: "walk_in_rule_fr") var walkInRuleFR: String?
    @OptionalField(key: "walk_in_rule_en") var walkInRuleEN: String?
    @Field(key: "position") var position: Int
    /// Taken out of service: no longer offered, booked, released or drawn; its appointments stay valid.
    @OptionalField(key: "retired_at") var retiredAt: Date?

    init() {}

    init(
        id: String, name: Localized, mode: Mode, lengthMinutes: Int, documents: Localized,
        walkInRule: Localized? = nil, position: Int
    ) {
        self.id = id
        self.nameFR = name.fr
        self.nameEN = name.en
        self.mode = mode.rawValue
        self.lengthMinutes = lengthMinutes
        self.documentsFR = documents.fr
        self.documentsEN = documents.en
        self.walkInRuleFR = walkInRule?.fr
        self.walkInRuleEN = walkInRule?.en
        self.position = position
    }

    var allocationMode: Mode { Mode(rawValue: mode) ?? .release }

    func name(_ language: Language) -> String { language == .fr ? nameFR : nameEN }
}

extension QueryBuilder where Model == Procedure {
    /// Procedures not taken out of service (`docs/decisions/0010`): what people can be offered.
    func inService() -> Self { filter(\.$retiredAt == nil) }
}

extension Procedure {
    /// The documents to bring, one item per document: "Passeport ; visa ; …" as an admin typed it.
    func documents(_ language: Language) -> [String] {
        (language == .fr ? documentsFR : documentsEN)
            .split(separator: ";")
            .map {
                $0.trimmingCharacters(in: .whitespacesAndNewlines).trimmingCharacters(
                    in: CharacterSet(charactersIn: "."))
            }
            .filter { !$0.isEmpty }
            .map { $0.prefix(1).uppercased() + $0.dropFirst() }
    }
}
