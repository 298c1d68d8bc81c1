import Foundation
import GuichetCore
import Testing

@Suite struct TwinClearanceTests {
    func row(_ id: String, family: String, given: String, at seconds: Double) -> SuspicionRow {
        let facts = IdentityFacts(
            familyName: family, givenNames: given, birthDate: CivilDate(iso: "1988-04-12")!,
            nationality: "DZA", foreignNumber: nil)
        return SuspicionRow(
            subject: SuspicionSubject(.request, id), createdAt: Date(timeIntervalSince1970: seconds),
            nameKey: "\(family)|\(given)", emailKey: "\(id)@example.org", identity: facts)
    }

    @Test func swappedNamesMakeAClusterUntilAnAgentSaysTheyAreTwoPeople() {
        let rows = [
            row("A", family: "Benali", given: "Karima", at: 0), row("B", family: "Karima", given: "Benali", at: 60),
        ]
        let twins = ClusterFinder.clusters(rows)
        #expect(twins.count == 1 && twins[0].members.count == 2)
        let cleared: Set<Set<SuspicionSubject>> = [[SuspicionSubject(.request, "A"), SuspicionSubject(.request, "B")]]
        #expect(ClusterFinder.clusters(rows, differentPeople: cleared).isEmpty)
    }
}
