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

    public init(
        familyName: String? = nil, givenNames: String? = nil, birthDate: String? = nil, nationality: String? = nil,
        foreignNumber: String? = nil, permitExpiry: String? = nil, email: String? = nil, phone: String? = nil
    ) {
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

/// One thing wrong with an applicant's input, and which field it is in (named as in the API).
public struct ApplicantProblem: Error, Equatable, Sendable {
    public enum Kind: String, Sendable, Error {
        case missing, invalidName, placeholderName, nameTooLong, nameTooManyMarks, mixedScripts, invalidDate,
            birthDateInFuture,
            invalidNationality, invalidForeignNumber, invalidEmail, disposableEmail, invalidPhone,
            /// A draw's request without the expiry of the person's permit or visa (`RequestRules`).
            missingPermitExpiry
    }

    public let field: String
    public let kind: Kind

    public init(field: String, kind: Kind) {
        self.field = field
        self.kind = kind
    }
}

extension Applicant {
    /// Checks every field; names are kept exactly as typed (NFC), keys are derived from them. Throws the first
    /// problem, in form order (the API reports one field at a time).
    public static func validate(
        _ input: ApplicantInput, today: CivilDate, permitExpiryRequired: Bool = false,
        refusedDomains: EmailDomainList = .none
    ) throws(ApplicantProblem) -> Applicant {
        switch check(input, today: today, permitExpiryRequired: permitExpiryRequired, refusedDomains: refusedDomains) {
        case .success(let applicant): return applicant
        case .failure(let problems): throw problems.all[0]
        }
    }

    /// Every problem of the input, one per field in form order, so a page can show them all at once.
    ///
    /// `emailOptional`: only for a booking an agent makes with the person in front of them (the assisted channel),
    /// for people without an email address. The email is then empty, and so is its key: no email claim is held,
    /// and "one person, one active appointment" rests on the identity (and phone) keys alone.
    /// `permitExpiryRequired`: a draw's request (`RequestRules.requiresPermitExpiry`), refused without it as
    /// `missingPermitExpiry`.
    /// `refusedDomains`: throwaway-address services, refused as `disposableEmail`.
    public static func check(
        _ input: ApplicantInput, today: CivilDate, emailOptional: Bool = false, permitExpiryRequired: Bool = false,
        refusedDomains: EmailDomainList = .none
    ) -> Result<Applicant, ApplicantProblems> {
        var problems: [ApplicantProblem] = []
        func field<T>(_ name: String, _ check: () throws(ApplicantProblem.Kind) -> T) -> T? {
            do { return try check() } catch {
                problems.append(ApplicantProblem(field: name, kind: error))
                return nil
            }
        }
        func present(_ value: String?) throws(ApplicantProblem.Kind) -> String {
            guard let value, !value.trimmed().isEmpty else { throw .missing }
            return value
        }
        func optional(_ value: String?) -> String? {
            guard let value, !value.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
            return value
        }
        func name(_ check: () throws(NameError) -> String) throws(ApplicantProblem.Kind) -> String {
            do { return try check() } catch { throw Self.problem(error) }
        }

        let familyName = field("familyName") { () throws(ApplicantProblem.Kind) in
            let raw = try present(input.familyName)
            return try name { () throws(NameError) in try PersonName.validate(raw) }
        }
        let givenNames = field("givenNames") { () throws(ApplicantProblem.Kind) in
            try name { () throws(NameError) in
                let given = try PersonName.validateGivenNames(input.givenNames)
                // Said on the given names: the family name is typed first and read as the one meant.
                if let familyName { try PersonName.checkOneScript(familyName, given) }
                return given
            }
        }
        // CivilDate takes years from 1900 on: nobody alive was born earlier.
        let birthDate = field("birthDate") { () throws(ApplicantProblem.Kind) in
            guard let date = CivilDate(iso: try present(input.birthDate)) else { throw .invalidDate }
            guard date <= today else { throw .birthDateInFuture }
            return date
        }
        let nationality = field("nationality") { () throws(ApplicantProblem.Kind) in
            guard let code = Nationality.normalise(try present(input.nationality)) else { throw .invalidNationality }
            return code
        }
        let foreignNumber = field("foreignNumber") { () throws(ApplicantProblem.Kind) -> String? in
            guard let raw = optional(input.foreignNumber) else { return nil }
            do { return try ForeignNumber.normalise(raw) } catch { throw .invalidForeignNumber }
        }
        let permitExpiry = field("permitExpiry") { () throws(ApplicantProblem.Kind) -> CivilDate? in
            guard let raw = optional(input.permitExpiry) else {
                if permitExpiryRequired { throw .missingPermitExpiry }
                return nil
            }
            guard let date = CivilDate(iso: raw) else { throw .invalidDate }
            return date
        }
        let email = field("email") { () throws(ApplicantProblem.Kind) in
            if emailOptional, optional(input.email) == nil { return "" }
            let raw = try present(input.email)
            let email: String
            do { email = try EmailAddress.validate(raw) } catch { throw .invalidEmail }
            if refusedDomains.refuses(email) { throw .disposableEmail }
            return email
        }
        let phone = field("phone") { () throws(ApplicantProblem.Kind) -> String? in
            guard let raw = optional(input.phone) else { return nil }
            do { return try PhoneNumber.normalise(raw) } catch { throw .invalidPhone }
        }

        guard problems.isEmpty, let familyName, let givenNames, let birthDate, let nationality,
            let foreignNumber, let permitExpiry, let email, let phone
        else { return .failure(ApplicantProblems(all: problems)) }
        return .success(
            Applicant(
                familyName: familyName,
                givenNames: givenNames,
                birthDate: birthDate,
                nationality: nationality,
                foreignNumber: foreignNumber,
                permitExpiry: permitExpiry,
                email: email,
                phone: phone,
                identityKey: IdentityKey.make(
                    familyName: familyName, givenNames: givenNames, birthDate: birthDate,
                    nationality: nationality, foreignNumber: foreignNumber),
                nameKey: IdentityKey.byNames(
                    familyName: familyName, givenNames: givenNames, birthDate: birthDate,
                    nationality: nationality),
                emailKey: email.isEmpty ? "" : EmailAddress.key(email),
                phoneKey: phone
            ))
    }
}

extension Applicant {
    static func problem(_ error: NameError) -> ApplicantProblem.Kind {
        switch error {
        case .empty: .missing
        case .placeholder: .placeholderName
        case .tooLong: .nameTooLong
        case .tooManyMarks: .nameTooManyMarks
        case .mixedScripts: .mixedScripts
        case .invalidCharacter: .invalidName
        }
    }
}

/// All the problems of one input, never empty.
public struct ApplicantProblems: Error, Equatable, Sendable {
    public let all: [ApplicantProblem]
}
