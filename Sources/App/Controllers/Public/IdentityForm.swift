import GuichetCore
import Vapor

/// The identity fields shared by the booking, draw-request and urgent-request forms, as typed.
struct IdentityForm: Decodable {
    var familyName: String?
    var givenNames: String?
    var birthDate: String?
    var nationality: String?
    var foreignNumber: String?
    var permitExpiry: String?
    var email: String?
    var phone: String?
    var csrf: String?

    enum CodingKeys: String, CodingKey {
        case familyName = "family_name"
        case givenNames = "given_names"
        case birthDate = "birth_date"
        case nationality
        case
            foreignNumber = "foreign_number"
        case permitExpiry = "permit_expiry"
        case email, phone, csrf
    }

    /// Longest value a field may hold: names on passports are far shorter; anything longer is not an identity.
    static let maxLength = 200

    var input: ApplicantInput {
        ApplicantInput(
            familyName: familyName, givenNames: givenNames, birthDate: birthDate, nationality: nationality,
            foreignNumber: foreignNumber, permitExpiry: permitExpiry, email: email, phone: phone)
    }

    /// What goes back into the fields when the form is shown again.
    var values: [String: String] {
        var values: [String: String] = [:]
        let pairs: [(CodingKeys, String?)] = [
            (.familyName, familyName), (.givenNames, givenNames), (.birthDate, birthDate), (.nationality, nationality),
            (.foreignNumber, foreignNumber), (.permitExpiry, permitExpiry), (.email, email), (.phone, phone),
        ]
        // Cut in code points: a letter under thousands of marks is one character, and is not sent back whole.
        for (key, value) in pairs {
            values[key.rawValue] = String(String.UnicodeScalarView((value ?? "").unicodeScalars.prefix(Self.maxLength)))
        }
        return values
    }

    /// Decodes the form and checks its token; a body that is not this form is a form with nothing in it.
    static func decode(_ req: Request) throws -> IdentityForm {
        let form = (try? req.content.decode(IdentityForm.self)) ?? IdentityForm()
        try CSRF.check(req, submitted: form.csrf)
        return form
    }

    /// The checked applicant, or every problem recorded in `state` next to its field.
    /// `emailOptional`: the assisted channel only (an agent booking for a person without an address).
    func check(
        today: CivilDate, language: Language, requireExpiry: Bool = false, emailOptional: Bool = false,
        refusedDomains: EmailDomainList, into state: inout FormState
    ) -> Applicant? {
        let tooLong = values.filter { $0.value.count >= Self.maxLength }.map(\.key)
        for field in tooLong.sorted() {
            state.add(field, Localized(fr: "Ce champ est trop long.", en: "This field is too long.")(language))
        }
        var result: Applicant?
        switch Applicant.check(
            input, today: today, emailOptional: emailOptional, permitExpiryRequired: requireExpiry,
            refusedDomains: refusedDomains)
        {
        case .success(let applicant): result = applicant
        case .failure(let problems):
            for problem in problems.all where !tooLong.contains(Self.htmlField(problem.field)) {
                state.add(Self.htmlField(problem.field), ApplicantError(problem: problem).text(language))
            }
        }
        return state.hasProblems ? nil : result
    }

    /// `familyName` (the API's name) → `family_name` (the form's).
    static func htmlField(_ apiField: String) -> String {
        apiField.reduce(into: "") { name, character in
            if character.isUppercase { name += "_" + character.lowercased() } else { name.append(character) }
        }
    }
}
