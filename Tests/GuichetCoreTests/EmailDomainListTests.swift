import GuichetCore
import Testing

@Suite struct EmailDomainListTests {
    let list = EmailDomainList(
        text: """
            # throwaway services
            yopmail.com
            Mailinator.com   # mixed case, trailing comment
              .trashmail.de
            not a domain
            someone@example.org

            """)

    @Test func theFileFormatIsReadLeniently() {
        #expect(list.domains == ["yopmail.com", "mailinator.com", "trashmail.de"])
    }

    @Test(arguments: ["ali@yopmail.com", "ALI@YOPMAIL.COM", "x@eu.mailinator.com", "x@a.b.trashmail.de"])
    func listedDomainsAndTheirSubdomainsAreRefused(_ email: String) {
        #expect(list.refuses(email))
    }

    @Test(arguments: ["ali@example.org", "ali@notyopmail.com", "ali@yopmail.com.example.org", "yopmail.com", ""])
    func otherAddressesPass(_ email: String) {
        #expect(!list.refuses(email))
        #expect(!EmailDomainList.none.refuses(email))
    }

    @Test func theApplicantCheckNamesTheEmailField() throws {
        let input = ApplicantInput(
            familyName: "Benali", givenNames: "Karima", birthDate: "1988-04-12",
            nationality: "MAR", email: "karima@yopmail.com")
        let today = CivilDate(iso: "2026-12-01")!
        guard case .failure(let problems) = Applicant.check(input, today: today, refusedDomains: list) else {
            Issue.record("a throwaway address was accepted")
            return
        }
        #expect(problems.all == [ApplicantProblem(field: "email", kind: .disposableEmail)])
        // without a list, the same input is a valid applicant
        #expect(throws: Never.self) { try Applicant.validate(input, today: today) }
    }
}
