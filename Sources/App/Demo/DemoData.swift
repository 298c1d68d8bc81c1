import Fluent
import Foundation
import GuichetCore

/// The demo prefecture, modelled on Hérault: Montpellier and Béziers, seven counters, six procedures. No procedure is
/// a pure speed race: first applications, students and duplicates go by release lotteries, changes of status by a
/// draw every working day, renewals by the weekly draw, the 10-year card renewal is walk-in. A newcomer sees a lottery
/// within minutes of the first start: the duplicates' policy has a ten-minute lottery and a first release two minutes
/// after the demo is loaded (`demoReleaseDelay`).
enum DemoData {
    /// Share of the planned seats already released, so a newcomer can book straight away.
    static let releasedShare = 0.4

    /// Loads the demo data. Idempotent: what exists is kept, what is missing is added.
    static func load(on db: any Database, gate: WriteGate, clock: any GuichetClock, random: RandomSource) async throws {
        let now = clock.now()
        let today = ParisTime.civilDate(of: now)
        try await db.write(through: gate) { tx in
            for site in sites where try await Site.find(site.id, on: tx) == nil {
                try await site.create(on: tx)
            }
            for procedure in procedures where try await Procedure.find(procedure.id, on: tx) == nil {
                try await procedure.create(on: tx)
            }
            for (counter, served) in try counters() where try await Counter.find(counter.id, on: tx) == nil {
                try await counter.create(on: tx)
                for procedureID in served {
                    try await CounterProcedure(counterID: counter.id!, procedureID: procedureID).create(on: tx)
                }
            }
            for procedure in procedures where procedure.allocationMode == .release {
                if try await ReleasePolicyRecord.find(procedure.id, on: tx) == nil {
                    let policy = procedure.id == demoLotteryProcedure ? shortLotteryPolicy : releasePolicy
                    try await ReleasePolicyRecord(procedureID: procedure.id!, policy: policy).create(on: tx)
                    if procedure.id == demoLotteryProcedure {
                        // Its own week marker, so that the week's secret instants are still drawn as usual.
                        let monday = today.adding(days: -(today.weekday.rawValue - 1))
                        try await Release(
                            procedureID: procedure.id!, weekStart: "\(monday.iso)-demo",
                            dueAt: now.addingTimeInterval(demoReleaseDelay)
                        ).create(on: tx)
                    }
                }
            }
            for (procedureID, policy) in drawPolicies where try await DrawPolicyRecord.find(procedureID, on: tx) == nil
            {
                try await DrawPolicyRecord(procedureID: procedureID, policy: policy).create(on: tx)
            }
            let created = try await SlotPlanner.plan(
                from: today, through: today.adding(days: SlotPlanner.horizonDays - 1), on: tx)
            // Release a random part of the new slots from tomorrow on; the rest stay planned for later releases.
            let tomorrow = ParisTime.instant(date: today.adding(days: 1), minuteOfDay: 0)
            // Batch inserts do not return ids: find the new slots again by counter and start.
            let createdKeys = Set(created.map { "\($0.$counter.id)@\($0.startsAt.timeIntervalSince1970)" })
            let drawCounters = try await CounterProcedure.query(on: tx).filter(\.$procedure.$id ~~ drawProcedureIDs)
                .all()
                .map { $0.$counter.id }
            let candidates = try await Slot.query(on: tx).filter(\.$startsAt >= tomorrow).filter(\.$released == 0)
                .filter(\.$counter.$id !~ drawCounters).all()
            for slot in candidates
            where createdKeys.contains("\(slot.$counter.id)@\(slot.startsAt.timeIntervalSince1970)") {
                let draw = random.with { Double.random(in: 0..<1, using: &$0) }
                if draw < releasedShare {
                    try await SeatLedger.release(slotID: slot.id!, seats: slot.capacity, now: now, on: tx)
                }
            }
        }
    }

    static var drawProcedureIDs: [String] { procedures.filter { $0.allocationMode == .draw }.compactMap(\.id) }

    /// Weekdays 08:00–18:00, five releases a week of 15 seats each (per procedure), each followed by a 30-minute
    /// lottery.
    static var releasePolicy: ReleasePolicy {
        ReleasePolicy(
            windows: [
                ReleaseWindow(
                    weekdays: [.monday, .tuesday, .wednesday, .thursday, .friday],
                    hours: TimeRange("08:00-18:00")!)
            ],
            releasesPerWeek: 5, seatsPerRelease: 15, minimumLeadHours: 24, lotteryMinutes: 30)
    }

    /// The demo's short lottery: ten minutes, so that a newcomer sees one drawn soon after starting.
    static var shortLotteryPolicy: ReleasePolicy {
        ReleasePolicy(
            windows: releasePolicy.windows, releasesPerWeek: 5, seatsPerRelease: 15, minimumLeadHours: 24,
            lotteryMinutes: 10)
    }

    static let demoLotteryProcedure = "duplicate"
    /// The demo's first release of `demoLotteryProcedure`, after the demo is loaded.
    static let demoReleaseDelay: TimeInterval = 2 * 60

    /// Changes of status: a draw every working day at 14:00; renewals keep the standard weekly draw.
    static var drawPolicies: [(String, DrawPolicy)] {
        [("change-of-status", .daily)]
    }

    /// True when the database holds no procedure yet (first start).
    static func isEmpty(on db: any Database) async throws -> Bool {
        try await Procedure.query(on: db).count() == 0
    }

    static var sites: [Site] {
        [
            Site(
                id: "montpellier", name: "Préfecture de l'Hérault",
                address: "34 place des Martyrs de la Résistance, 34000 Montpellier"),
            Site(
                id: "beziers", name: "Sous-préfecture de Béziers",
                address: "Boulevard Édouard Herriot, 34500 Béziers"),
        ]
    }

    static let identityDocuments = Localized(
        fr:
            "Passeport en cours de validité ; titre de séjour actuel ; justificatif de domicile de moins de 3 mois ; 3 photos d'identité récentes ; la convocation imprimée ou sur téléphone.",
        en:
            "Valid passport; current residence permit; proof of address under 3 months old; 3 recent ID photos; the convocation, printed or on a phone."
    )

    static var procedures: [Procedure] {
        [
            Procedure(
                id: "first-application",
                name: Localized(fr: "Première demande de titre de séjour", en: "First residence permit application"),
                mode: .release, lengthMinutes: 20,
                documents: Localized(
                    fr:
                        "Passeport ; visa long séjour ; acte de naissance avec traduction ; justificatif de domicile ; 3 photos ; la convocation.",
                    en:
                        "Passport; long-stay visa; birth certificate with translation; proof of address; 3 photos; the convocation."
                ),
                position: 1),
            Procedure(
                id: "renewal",
                name: Localized(fr: "Renouvellement de titre de séjour", en: "Residence permit renewal"),
                mode: .draw, lengthMinutes: 20, documents: identityDocuments, position: 2),
            Procedure(
                id: "ten-year-renewal",
                name: Localized(
                    fr: "Renouvellement de la carte de résident (10 ans)", en: "10-year resident card renewal"),
                mode: .walkIn, lengthMinutes: 20, documents: identityDocuments,
                walkInRule: Localized(
                    fr:
                        "Sans rendez-vous : présentez-vous le matin, de 9 h à 12 h, le lundi, mardi, jeudi ou vendredi (pas le mercredi), à la préfecture de Montpellier.",
                    en:
                        "No appointment: come in the morning, 9:00 to 12:00, on Monday, Tuesday, Thursday or Friday (not Wednesday), at the Montpellier prefecture."
                ),
                position: 3),
            Procedure(
                id: "student",
                name: Localized(fr: "Titre de séjour étudiant", en: "Student residence permit"),
                mode: .release, lengthMinutes: 20,
                documents: Localized(
                    fr:
                        "Passeport ; visa ; certificat de scolarité ; justificatif de ressources ; justificatif de domicile ; 3 photos ; la convocation.",
                    en:
                        "Passport; visa; enrolment certificate; proof of means; proof of address; 3 photos; the convocation."
                ),
                position: 4),
            Procedure(
                id: "change-of-status",
                name: Localized(fr: "Changement de statut", en: "Change of status"),
                mode: .draw, lengthMinutes: 20,
                documents: Localized(
                    fr:
                        "Passeport ; titre de séjour actuel ; pièces justifiant le nouveau statut (contrat de travail, diplôme…) ; 3 photos ; la convocation.",
                    en:
                        "Passport; current permit; documents for the new status (employment contract, diploma…); 3 photos; the convocation."
                ),
                position: 5),
            Procedure(
                id: "duplicate",
                name: Localized(fr: "Duplicata (carte perdue ou volée)", en: "Duplicate (lost or stolen card)"),
                mode: .release, lengthMinutes: 20,
                documents: Localized(
                    fr:
                        "Passeport ; déclaration de perte ou de vol ; justificatif de domicile ; 3 photos ; la convocation.",
                    en: "Passport; loss or theft report; proof of address; 3 photos; the convocation."),
                position: 6),
        ]
    }

    /// Mornings and afternoons, Wednesday afternoon closed.
    static var officeHours: WeeklyHours {
        let morning = TimeRange("09:00-12:00")!
        let afternoon = TimeRange("13:30-16:30")!
        return WeeklyHours([
            .monday: [morning, afternoon], .tuesday: [morning, afternoon], .wednesday: [morning],
            .thursday: [morning, afternoon], .friday: [morning, afternoon],
        ])
    }

    /// The walk-in desk: mornings only, not Wednesday.
    static var walkInHours: WeeklyHours {
        let morning = TimeRange("09:00-12:00")!
        return WeeklyHours([.monday: [morning], .tuesday: [morning], .thursday: [morning], .friday: [morning]])
    }

    static func counters() throws -> [(Counter, [String])] {
        [
            // A counter serves procedures of one allocation mode only, so a release never offers a seat that a
            // draw is about to allocate.
            (
                try Counter(id: "mtp-1", siteID: "montpellier", name: "Guichet 1", hours: officeHours),
                ["first-application", "duplicate"]
            ),
            (
                try Counter(id: "mtp-2", siteID: "montpellier", name: "Guichet 2", hours: officeHours),
                ["renewal"]
            ),
            (
                try Counter(id: "mtp-3", siteID: "montpellier", name: "Guichet 3", hours: officeHours),
                ["renewal", "change-of-status"]
            ),
            (
                try Counter(
                    id: "mtp-4", siteID: "montpellier", name: "Guichet 4 — cartes de résident", hours: walkInHours),
                ["ten-year-renewal"]
            ),
            (
                try Counter(
                    id: "mtp-students", siteID: "montpellier", name: "Guichet étudiants", hours: officeHours,
                    seatsPerSlot: 2),
                ["student"]
            ),
            (
                try Counter(id: "bez-1", siteID: "beziers", name: "Guichet Béziers", hours: officeHours),
                ["first-application", "duplicate"]
            ),
            (
                try Counter(
                    id: "bez-status", siteID: "beziers", name: "Guichet Béziers — changements de statut",
                    hours: officeHours),
                ["change-of-status"]
            ),
        ]
    }
}
