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
    /// Draw mode: the window taking requests now (its draw is at `closesAt`).
    let window: DrawWindowDTO?
    /// Release mode: the lottery of a release taking tickets now (`POST /api/v1/requests`).
    let lottery: DrawWindowDTO?
}

extension Procedure {
    func toDTO(counters: [Counter], language: Language, open: [DrawWindow] = []) -> ProcedureDTO {
        ProcedureDTO(
            id: id!,
            name: name(language),
            mode: mode,
            lengthMinutes: lengthMinutes,
            documents: language == .fr ? documentsFR : documentsEN,
            walkInRule: language == .fr ? walkInRuleFR : walkInRuleEN,
            counters: counters.map { $0.toDTO() },
            window: open.first { $0.kind == .draw }?.toDTO(),
            lottery: open.first { $0.kind == .releaseLottery }?.toDTO()
        )
    }
}

extension Counter {
    func toDTO() -> ProcedureDTO.CounterDTO {
        ProcedureDTO.CounterDTO(id: id!, name: name, site: .init(id: site.id!, name: site.name, address: site.address))
    }
}
