import Fluent
import Foundation
import GuichetCore

/// Near-duplicate identities at a draw or a lottery (`NearDuplicate`): swapped names, a given name left out, a birth
/// date one typo away. Of such a group only the earliest booking takes part; a later request is held out, told why
/// once, and may say "this is another person" for an agent to decide (`TwinReview`). An agent's "two people" lets
/// the pair go on; everything else about them (one active booking per exact key) is the claims' business.
enum Twins {
    struct Held: Sendable {
        let request: ApplicantRequest
        let twin: SuspicionSubject
        let reason: NearDuplicate.Reason
    }

    struct Screened: Sendable {
        var entering: [ApplicantRequest] = []
        var held: [Held] = []
    }

    /// One active booking as the rule sees it.
    struct Booking: Sendable {
        let subject: SuspicionSubject
        let createdAt: Date
        let facts: IdentityFacts
    }

    /// Splits `candidates` (waiting requests of one draw or lottery) into those who enter and those held out because
    /// an earlier active booking (appointment or request, any procedure) nearly shares their identity. A newly held
    /// request gets its `TwinReview` row and one email with a link to contest it.
    static func screen(
        _ candidates: [ApplicantRequest], reference: ReferenceData, links: MailLinks,
        random: RandomSource, now: Date, on tx: any Database
    ) async throws -> Screened {
        guard !candidates.isEmpty else { return Screened() }
        let bookings = try await activeBookings(on: tx)
        let earlier = try await earlierTwins(
            of: Set(candidates.map { SuspicionSubject(.request, $0.id!.uuidString) }),
            among: bookings, on: tx)
        var screened = Screened()
        for request in candidates {
            guard let (twin, reason) = earlier[SuspicionSubject(.request, request.id!.uuidString)] else {
                screened.entering.append(request)
                continue
            }
            screened.held.append(Held(request: request, twin: twin, reason: reason))
            try await hold(
                request, twin: twin, reason: reason, reference: reference, links: links, random: random,
                now: now, on: tx)
        }
        return screened
    }

    /// Every active appointment and request, with what the rule reads.
    static func activeBookings(on db: any Database) async throws -> [Booking] {
        var bookings: [Booking] = []
        let appointments = try await Appointment.query(on: db)
            .filter(\.$status ~~ AppointmentStatus.active).all()
        for appointment in appointments {
            guard let facts = facts(of: appointment) else { continue }
            bookings.append(
                Booking(
                    subject: SuspicionSubject(.appointment, appointment.id!.uuidString),
                    createdAt: appointment.createdAt, facts: facts))
        }
        let requests = try await ApplicantRequest.query(on: db).filter(\.$status ~~ ApplicantRequest.Status.active)
            .all()
        for request in requests {
            guard let facts = facts(of: request) else { continue }
            bookings.append(
                Booking(
                    subject: SuspicionSubject(.request, request.id!.uuidString),
                    createdAt: request.createdAt, facts: facts))
        }
        return bookings
    }

    /// For each of `subjects`, its earliest near-duplicate made before it, unless an agent said they are two people.
    static func earlierTwins(
        of subjects: Set<SuspicionSubject>, among bookings: [Booking],
        on db: any Database
    ) async throws -> [SuspicionSubject: (SuspicionSubject, NearDuplicate.Reason)] {
        let cleared = Set(
            try await TwinReview.query(on: db)
                .filter(\.$status == TwinReview.Status.different.rawValue).all()
                .map { Set([$0.subject, $0.twin]) })
        var result: [SuspicionSubject: (twin: Booking, reason: NearDuplicate.Reason)] = [:]
        for pair in NearDuplicate.pairs(bookings.map(\.facts)) {
            let (a, b) = (bookings[pair.first], bookings[pair.second])
            guard !cleared.contains([a.subject.description, b.subject.description]) else { continue }
            // The later one of the pair is held; on a tie, the one with the larger id, so the answer never depends
            // on the order rows were read in.
            let (first, later) = (a.createdAt, a.subject) <= (b.createdAt, b.subject) ? (a, b) : (b, a)
            guard subjects.contains(later.subject) else { continue }
            if let known = result[later.subject],
                (known.twin.createdAt, known.twin.subject) <= (first.createdAt, first.subject)
            {
                continue
            }
            result[later.subject] = (first, pair.reason)
        }
        return result.mapValues { ($0.twin.subject, $0.reason) }
    }

    private static func hold(
        _ request: ApplicantRequest, twin: SuspicionSubject, reason: NearDuplicate.Reason,
        reference: ReferenceData, links: MailLinks, random: RandomSource, now: Date,
        on tx: any Database
    ) async throws {
        let subject = SuspicionSubject(.request, request.id!.uuidString)
        let known = try await TwinReview.query(on: tx).filter(\.$subject == subject.description)
            .filter(\.$twin == twin.description).first()
        guard known == nil else { return }
        try await TwinReview(subject: subject, twin: twin, reason: reason, now: now).create(on: tx)
        let token = try await RequestService.newActionToken(for: request, random: random, on: tx)
        let language = request.applicantLanguage
        try await Outbox.enqueue(
            to: request.email,
            Mails.twinHeld(
                number: request.number,
                procedureName: reference.procedures[request.$procedure.id]?.name(language) ?? "",
                reason: reason, anotherURL: links.requestAction(request.number, .anotherPerson, token: token),
                language: language), now: now, on: tx)
    }

    static func facts(of row: some IdentityColumns) -> IdentityFacts? {
        guard let birth = CivilDate(iso: row.birthDate) else { return nil }
        return IdentityFacts(
            familyName: row.familyName, givenNames: row.givenNames, birthDate: birth,
            nationality: row.nationality, foreignNumber: row.foreignNumber)
    }
}

/// How a near-duplicate's reason reads to the person and to agents.
enum TwinText {
    static func reason(_ reason: NearDuplicate.Reason) -> Localized {
        switch reason {
        case .swappedNames: Localized(fr: "nom et prénoms intervertis", en: "family and given names swapped")
        case .givenNameMissing: Localized(fr: "un prénom en plus ou en moins", en: "a given name more or fewer")
        case .birthDateTypo: Localized(fr: "date de naissance à un chiffre près", en: "birth date one typo away")
        }
    }
}
