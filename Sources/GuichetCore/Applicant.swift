import Foundation

/// What a person types about themselves, before any check.
public struct ApplicantInput: Sendable, Hashable {
    public var familyName: String?
    public var givenNames: String?
    public var birthDate: String?
    public var nationality: String?
    public var foreignNumber: String?
    public var permitExpiry: String?
    public var email: String?
    public var phone: String?

    public init(familyName: String? = nil, givenNames: String? = nil, birthDate: String? = nil, nationality: String? = nil,
                foreignNumber: String? = nil, permitExpiry: String? = nil, email: String? = nil, phone: String? = nil) {
        self.familyName = familyName
        self.givenNames = givenNames
        self.birthDate = birthDate
        self.nationality = nationality
        self.foreignNumber = foreignNumber
        self.permitExpiry = permitExpiry
        self.email = email
        self.phone = phone
    }
}

/// A checked identity, with the keys that enforce "one person, one active appointment".
public struct Applicant: Sendable, Hashable {
    public let familyName: String
    public let givenNames: String
    public let birthDate: CivilDate
    public let nationality: String
    public let foreignNumber: String?
    public let permitExpiry: CivilDate?
    public let email: String
    public let phone: String?
    public let identityKey: IdentityKey
    /// The names-based key, even when a foreign-national number is given: one person cannot hold a second
    /// appointment by leaving the number out once.
    public let nameKey: IdentityKey
    public let emailKey: String
    public let phoneKey: String?
}

/// The first thing wrong with an applicant's input, and which field it is in (named as in the API).
public struct ApplicantProblem: Error, Equatable, Sendable {
    public enum Kind: String, Sendable {
        case missing, invalidName, placeholderName, invalidDate, birthDateInFuture,
             invalidNationality, invalidForeignNumber, invalidEmail, invalidPhone
    }

    public let field: String
    public let kind: Kind

    public init(field: String, kind: Kind) {
        self.field = field
        self.kind = kind
    }
}

extension Applicant {
    /// Checks every field; names are kept exactly as typed (NFC), keys are derived from them.
    public static func validate(_ input: ApplicantInput, today: CivilDate) throws(ApplicantProblem) -> Applicant {
        func present(_ value: String?, _ field: String) throws(ApplicantProblem) -> String {
            guard let value, !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw ApplicantProblem(field: field, kind: .missing)
            }
            return value
        }
        func name(_ check: () throws(NameError) -> String, _ field: String) throws(ApplicantProblem) -> String {
            do {
                return try check()
            } catch .placeholder {
                throw ApplicantProblem(field: field, kind: .placeholderName)
            } catch {
                throw ApplicantProblem(field: field, kind: .invalidName)
            }
        }

        let familyRaw = try present(input.familyName, "familyName")
        let familyName = try name({ () throws(NameError) in try PersonName.validate(familyRaw) }, "familyName")
        let givenNames = try name({ () throws(NameError) in try PersonName.validateGivenNames(input.givenNames) }, "givenNames")

        // CivilDate takes years from 1900 on: nobody alive was born earlier.
        guard let birthDate = CivilDate(iso: try present(input.birthDate, "birthDate")) else {
            throw ApplicantProblem(field: "birthDate", kind: .invalidDate)
        }
        guard birthDate <= today else { throw ApplicantProblem(field: "birthDate", kind: .birthDateInFuture) }

        guard let nationality = Nationality.normalise(try present(input.nationality, "nationality")) else {
            throw ApplicantProblem(field: "nationality", kind: .invalidNationality)
        }

        var foreignNumber: String?
        if let raw = input.foreignNumber, !raw.trimmingCharacters(in: .whitespaces).isEmpty {
            do { foreignNumber = try ForeignNumber.normalise(raw) } catch {
                throw ApplicantProblem(field: "foreignNumber", kind: .invalidForeignNumber)
            }
        }

        var permitExpiry: CivilDate?
        if let raw = input.permitExpiry, !raw.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let date = CivilDate(iso: raw) else { throw ApplicantProblem(field: "permitExpiry", kind: .invalidDate) }
            permitExpiry = date
        }

        let emailRaw = try present(input.email, "email")
        let email: String
        do { email = try EmailAddress.validate(emailRaw) } catch {
            throw ApplicantProblem(field: "email", kind: .invalidEmail)
        }

        var phone: String?
        if let raw = input.phone, !raw.trimmingCharacters(in: .whitespaces).isEmpty {
            do { phone = try PhoneNumber.normalise(raw) } catch {
                throw ApplicantProblem(field: "phone", kind: .invalidPhone)
            }
        }

        return Applicant(
            familyName: familyName,
            givenNames: givenNames,
            birthDate: birthDate,
            nationality: nationality,
            foreignNumber: foreignNumber,
            permitExpiry: permitExpiry,
            email: email,
            phone: phone,
            identityKey: IdentityKey.make(familyName: familyName, givenNames: givenNames, birthDate: birthDate,
                                          nationality: nationality, foreignNumber: foreignNumber),
            nameKey: IdentityKey.byNames(familyName: familyName, givenNames: givenNames, birthDate: birthDate,
                                         nationality: nationality),
            emailKey: EmailAddress.key(email),
            phoneKey: phone
        )
    }
}
