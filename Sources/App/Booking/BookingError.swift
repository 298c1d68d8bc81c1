import GuichetCore
import Vapor

/// Why a booking, a confirmation or a cancellation was refused.
public enum BookingError: CodedError {
    case unknownProcedure
    case procedureNotBookable(mode: String)
    case slotNotFound
    case slotFull
    case slotNotReleased
    case slotInPast
    case wrongCounter
    case duplicateIdentity
    case duplicateEmail
    case duplicatePhone
    case invalidCode(remainingAttempts: Int)
    case holdExpired
    case holdCancelled
    case notPending
    case alreadyCancelled
    case appointmentPast
    /// The slot's seats wait for a release lottery: ask for a seat instead, the time of asking does not matter.
    case inLottery

    public var status: HTTPResponseStatus {
        switch self {
        case .invalidCode, .procedureNotBookable: .unprocessableEntity
        case .unknownProcedure, .slotNotFound: .notFound
        case .slotFull, .slotNotReleased, .slotInPast, .wrongCounter, .duplicateIdentity, .duplicateEmail,
            .duplicatePhone, .notPending, .alreadyCancelled, .appointmentPast, .inLottery:
            .conflict
        case .holdExpired, .holdCancelled: .gone
        }
    }

    public var code: String {
        switch self {
        case .unknownProcedure, .slotNotFound: "not_found"
        case .procedureNotBookable: "procedure_not_bookable"
        case .slotFull: "slot_full"
        case .slotNotReleased: "slot_not_released"
        case .slotInPast: "slot_in_past"
        case .wrongCounter: "wrong_counter"
        case .duplicateIdentity: "duplicate_identity"
        case .duplicateEmail: "duplicate_email"
        case .duplicatePhone: "duplicate_phone"
        case .invalidCode: "invalid_code"
        case .holdExpired: "hold_expired"
        case .holdCancelled: "hold_cancelled"
        case .notPending: "not_pending"
        case .alreadyCancelled: "already_cancelled"
        case .appointmentPast: "appointment_past"
        case .inLottery: "lottery_open"
        }
    }

    public var field: String? {
        switch self {
        case .unknownProcedure, .procedureNotBookable: "procedure"
        case .slotNotFound, .slotFull, .slotNotReleased, .slotInPast, .wrongCounter, .inLottery: "slotId"
        case .duplicateEmail: "applicant.email"
        case .duplicatePhone: "applicant.phone"
        case .invalidCode: "code"
        default: nil
        }
    }

    public var text: Localized {
        switch self {
        case .unknownProcedure: Localized(fr: "Cette démarche n'existe pas.", en: "No such procedure.")
        case .procedureNotBookable(let mode) where mode == "walk-in":
            Localized(
                fr: "Cette démarche se fait sans rendez-vous, aux heures d'accueil indiquées.",
                en: "This procedure needs no appointment: come during the opening hours shown.")
        case .procedureNotBookable:
            Localized(
                fr: "Cette démarche passe par une demande suivie d'un tirage au sort, pas par une réservation directe.",
                en: "This procedure works by request followed by a draw, not by direct booking.")
        case .slotNotFound: Localized(fr: "Ce créneau n'existe pas.", en: "No such slot.")
        case .slotFull:
            Localized(
                fr: "Ce créneau vient d'être pris. Choisissez-en un autre.",
                en: "This slot has just been taken. Choose another one.")
        case .slotNotReleased:
            Localized(
                fr: "Ce créneau n'est pas ouvert à la réservation.",
                en: "This slot is not open for booking.")
        case .slotInPast: Localized(fr: "Ce créneau est passé.", en: "This slot is in the past.")
        case .wrongCounter:
            Localized(
                fr: "Ce créneau appartient à un guichet qui ne traite pas cette démarche.",
                en: "This slot belongs to a counter that does not handle this procedure.")
        case .duplicateIdentity:
            Localized(
                fr: "Cette personne a déjà un rendez-vous ou une demande en cours. Une personne, un rendez-vous.",
                en: "This person already has an appointment or request in progress. One person, one appointment.")
        case .duplicateEmail:
            Localized(
                fr: "Cette adresse électronique sert déjà à un rendez-vous ou une demande en cours.",
                en: "This email address is already used for an appointment or request in progress.")
        case .duplicatePhone:
            Localized(
                fr: "Ce numéro de téléphone sert déjà à un rendez-vous ou une demande en cours.",
                en: "This phone number is already used for an appointment or request in progress.")
        case .invalidCode(let remaining):
            Localized(
                fr: "Code incorrect. Essais restants : \(remaining).",
                en: "Wrong code. Attempts left: \(remaining).")
        case .holdExpired:
            Localized(
                fr: "Le délai pour saisir le code est dépassé : la réservation provisoire ou la demande a expiré.",
                en: "The time to enter the code is over: the provisional booking or request expired.")
        case .holdCancelled:
            Localized(
                fr: "Trop de codes incorrects : la réservation provisoire ou la demande est annulée.",
                en: "Too many wrong codes: the provisional booking or request is cancelled.")
        case .notPending:
            Localized(
                fr: "Ce rendez-vous ou cette demande est déjà confirmé.",
                en: "This appointment or request is already confirmed.")
        case .alreadyCancelled:
            Localized(
                fr: "Ce rendez-vous ou cette demande n'est plus actif.",
                en: "This appointment or request is no longer active.")
        case .appointmentPast:
            Localized(
                fr: "L'heure de ce rendez-vous est passée : il ne peut plus être annulé.",
                en: "This appointment's time has passed: it can no longer be cancelled.")
        case .inLottery:
            Localized(
                fr:
                    "Les places de ce créneau viennent d'être publiées et sont tirées au sort parmi tous ceux qui les demandent avant la fin du tirage : demandez une place (POST /api/v1/requests ou la page de la démarche) ; l'heure de la demande ne compte pas.",
                en:
                    "This slot's seats were just released and go by lottery among everyone who asks before it closes: ask for a seat (POST /api/v1/requests or the procedure's page); the time of asking does not matter."
            )
        }
    }
}

extension BookingRules {
    /// What a person is told when the typed code is not six digits.
    static let codeFormatMessage = Localized(fr: "Le code compte 6 chiffres.", en: "The code has 6 digits.")
}

extension BookingError {
    /// The error a booking of a seat that cannot be taken answers.
    init(_ unavailability: SlotUnavailability) {
        switch unavailability {
        case .wrongCounter: self = .wrongCounter
        case .inPast: self = .slotInPast
        case .notReleased: self = .slotNotReleased
        case .inLottery: self = .inLottery
        case .full: self = .slotFull
        }
    }
}
