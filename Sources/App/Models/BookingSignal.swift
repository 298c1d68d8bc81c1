import Fluent
import Foundation
import GuichetCore

/// What was known about the client when an appointment was held or a request submitted, for the supervisors'
/// clusters (`Suspicion`). Written in the same transaction as the booking; never shown to the applicant.
final class BookingSignal: Model, @unchecked Sendable {
    static let schema = "booking_signals"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    /// `appointment` or `request`, and that row's UUID.
    @Field(key: "subject_type") var subjectType: String
    @Field(key: "subject_id") var subjectID: String
    /// `NetworkPrefix` of the client address: "203.0.113.0/24", "2001:db8:1::/48".
    @OptionalField(key: "network") var network: String?
    /// `UserAgentDigest` of the User-Agent header.
    @OptionalField(key: "user_agent") var userAgent: String?
    @OptionalField(key: "email_pattern") var emailPattern: String?
    @OptionalField(key: "phone_key") var phoneKey: String?
    /// Between the slot's seats going on offer and this hold; nil for requests (draws have no race).
    @OptionalField(key: "seconds_since_release") var secondsSinceRelease: Double?
    @Field(key: "channel") var channel: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    /// Between a slot's seats going on offer and `now`; nil when they were never released (seeded as released).
    static func secondsSince(_ releasedAt: Date?, now: Date) -> Double? {
        releasedAt.map { max(0, now.timeIntervalSince($0)) }
    }

    var subject: SuspicionSubject? {
        SuspicionSubject.Kind(rawValue: subjectType).map { SuspicionSubject($0, subjectID) }
    }

    /// Records the signals of a booking inside its transaction.
    static func record(
        _ client: ClientSignals, for subject: SuspicionSubject, applicant: Applicant, channel: String,
        releasedAt: Date?, now: Date, on tx: any Database
    ) async throws {
        try await BookingSignal(
            client, for: subject, applicant: applicant, channel: channel, releasedAt: releasedAt,
            now: now
        ).create(on: tx)
    }

    convenience init(
        _ client: ClientSignals, for subject: SuspicionSubject, applicant: Applicant, channel: String,
        releasedAt: Date?, now: Date
    ) {
        self.init()
        subjectType = subject.kind.rawValue
        subjectID = subject.id
        network = client.network
        userAgent = client.userAgent
        emailPattern = EmailPattern.of(applicant.email)
        phoneKey = applicant.phoneKey
        secondsSinceRelease = Self.secondsSince(releasedAt, now: now)
        self.channel = channel
        createdAt = now
    }
}

extension BookingSignal {
    /// The new row, as `create(on:)` would insert it (`InsertRow`); the database numbers it.
    var insertRow: InsertRow {
        InsertRow(
            Self.schema,
            [
                "subject_type": subjectType, "subject_id": subjectID, "network": network, "user_agent": userAgent,
                "email_pattern": emailPattern, "phone_key": phoneKey, "seconds_since_release": secondsSinceRelease,
                "channel": channel, "created_at": createdAt,
            ])
    }
}
