import Vapor

/// A procedure as the API shows it.
struct ProcedureDTO: Content {
    struct CounterDTO: Content {
        let id: String
        let name: String
        let site: SiteDTO
    }

    struct SiteDTO: Content {
        let id: String
        let name: String
        let address: String
    }

    let id: String
    let name: String
    let mode: String
    let lengthMinutes: Int
    let documents: String
    let walkInRule: String?
    let counters: [CounterDTO]
}

extension Procedure {
    func toDTO(counters: [Counter], language: Language) -> ProcedureDTO {
        ProcedureDTO(
            id: id!,
            name: name(language),
            mode: mode,
            lengthMinutes: lengthMinutes,
            documents: language == .fr ? documentsFR : documentsEN,
            walkInRule: language == .fr ? walkInRuleFR : walkInRuleEN,
            counters: counters.map { $0.toDTO() }
        )
    }
}

extension Counter {
    func toDTO() -> ProcedureDTO.CounterDTO {
        ProcedureDTO.CounterDTO(id: id!, name: name, site: .init(id: site.id!, name: site.name, address: site.address))
    }
}
