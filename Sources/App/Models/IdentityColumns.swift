import Foundation
import GuichetCore

/// The identity an appointment or a request is bound to: written once from a checked `Applicant`, never edited
/// (a change of person is a cancellation).
protocol IdentityColumns: AnyObject {
    var familyName: String { get set }
    var givenNames: String { get set }
    var birthDate: String { get set }
    var nationality: String { get set }
    var foreignNumber: String? { get set }
    var permitExpiry: String? { get set }
    var email: String { get set }
    var phone: String? { get set }
}

extension IdentityColumns {
    func record(_ applicant: Applicant) {
        familyName = applicant.familyName
        givenNames = applicant.givenNames
        birthDate = applicant.birthDate.iso
        nationality = applicant.nationality
        foreignNumber = applicant.foreignNumber
        permitExpiry = applicant.permitExpiry?.iso
        email = applicant.email
        phone = applicant.phone
    }

    /// The same identity on another row (a request that becomes an appointment).
    func record(from other: some IdentityColumns) {
        familyName = other.familyName
        givenNames = other.givenNames
        birthDate = other.birthDate
        nationality = other.nationality
        foreignNumber = other.foreignNumber
        permitExpiry = other.permitExpiry
        email = other.email
        phone = other.phone
    }

    /// "Given names Family name", as a greeting.
    var displayName: String {
        [givenNames, familyName].filter { !$0.isEmpty }.joined(separator: " ")
    }
}

extension Appointment: IdentityColumns {}
extension ApplicantRequest: IdentityColumns {}
