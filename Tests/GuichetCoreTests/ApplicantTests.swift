import GuichetCore
import Testing

@Suite struct ApplicantTests {
    static let today = CivilDate(year: 2026, month: 11, day: 27)!

    static func input(_ change: (inout ApplicantInput) -> Void = { _ in }) -> ApplicantInput {
        var input = ApplicantInput(
            familyName: "Nguyễn", givenNames: "Thị Minh", birthDate: "1990-02-03",
            nationality: "VNM", email: "Minh.Nguyen+rdv@Example.org")
        change(&input)
        return input
    }

    @Test func aValidApplicantKeepsNamesAsTypedAndDerivesKeys() throws {
        let applicant = try Applicant.validate(Self.input(), today: Self.today)
        #expect(applicant.familyName == "Nguyễn")
        #expect(applicant.givenNames == "Thị Minh")
        #expect(applicant.birthDate == CivilDate(year: 1990, month: 2, day: 3))
        #expect(applicant.emailKey == "minh.nguyen@example.org")
        #expect(applicant.identityKey == applicant.nameKey)
        #expect(applicant.phone == nil && applicant.foreignNumber == nil)
    }

    @Test func aSingleNamePersonCanApply() throws {
        let applicant = try Applicant.validate(
            Self.input {
                $0.givenNames = nil
                $0.familyName = "Sukarno"
            }, today: Self.today)
        #expect(applicant.givenNames == "")
    }

    @Test func theForeignNumberIsTheIdentityKeyButTheNameKeyStays() throws {
        let withNumber = try Applicant.validate(Self.input { $0.foreignNumber = "01 2345 6789" }, today: Self.today)
        let without = try Applicant.validate(Self.input(), today: Self.today)
        #expect(withNumber.foreignNumber == "0123456789")
        #expect(withNumber.identityKey != without.identityKey)
        #expect(withNumber.nameKey == without.nameKey)
    }

    /// (field, new value, expected problem)
    @Test(
        arguments: [
            ("familyName", "  ", ApplicantProblem.Kind.missing),
            ("familyName", "xxx", .placeholderName),
            ("givenNames", "Minh2", .invalidName),
            ("givenNames", "Th\u{0456} Minh", .mixedScripts),
            ("givenNames", "\u{0422}\u{0445}\u{0456}", .mixedScripts),
            ("familyName", "Ngu" + String(repeating: "\u{301}", count: 300) + "yen", .nameTooManyMarks),
            ("familyName", String(repeating: "Nguyen ", count: 20), .nameTooLong),
            ("birthDate", nil, .missing),
            ("birthDate", "2026-02-30", .invalidDate),
            ("birthDate", "2026-11-28", .birthDateInFuture),
            ("birthDate", "1899-12-31", .invalidDate),
            ("nationality", "VN", .invalidNationality),
            ("foreignNumber", "12345", .invalidForeignNumber),
            ("permitExpiry", "31/12/2026", .invalidDate),
            ("email", "", .missing),
            ("email", "minh@", .invalidEmail),
            ("phone", "12", .invalidPhone),
        ] as [(String, String?, ApplicantProblem.Kind)])
    func eachProblemNamesItsField(field: String, value: String?, kind: ApplicantProblem.Kind) {
        let input = Self.input { input in
            switch field {
            case "familyName": input.familyName = value
            case "givenNames": input.givenNames = value
            case "birthDate": input.birthDate = value
            case "nationality": input.nationality = value
            case "foreignNumber": input.foreignNumber = value
            case "permitExpiry": input.permitExpiry = value
            case "email": input.email = value
            default: input.phone = value
            }
        }
        #expect(throws: ApplicantProblem(field: field, kind: kind)) {
            try Applicant.validate(input, today: Self.today)
        }
    }

    @Test func bornTodayIsAccepted() throws {
        _ = try Applicant.validate(Self.input { $0.birthDate = "2026-11-27" }, today: Self.today)
    }
}

@Suite struct ApplicantCheckAllTests {
    @Test func everyWrongFieldIsReportedInFormOrder() {
        let input = ApplicantInput(
            familyName: "Test", givenNames: "Amina", birthDate: "2999-01-01", nationality: "ZZZ",
            foreignNumber: "12", permitExpiry: "2026-02-30", email: "amina@", phone: "abc")
        guard case .failure(let problems) = Applicant.check(input, today: CivilDate(iso: "2026-12-01")!) else {
            Issue.record("expected problems")
            return
        }
        #expect(
            problems.all.map(\.field) == [
                "familyName", "birthDate", "nationality", "foreignNumber", "permitExpiry",
                "email", "phone",
            ])
        #expect(problems.all.first?.kind == .placeholderName)
    }

    @Test func validateStillThrowsTheFirstProblem() {
        let input = ApplicantInput(
            familyName: "Benali", givenNames: "Karim", birthDate: "1990-04-12", nationality: "DZA",
            email: "bad")
        #expect(throws: ApplicantProblem(field: "email", kind: .invalidEmail)) {
            try Applicant.validate(input, today: CivilDate(iso: "2026-12-01")!)
        }
    }
}
