import GuichetCore
import QRCode
import Vapor

/// What a printed convocation shows, the same whether the person prints it (`AppointmentPages`) or an agent does
/// (`AssistedBookingPages`).
struct ConvocationContent: Encodable {
    let fullName: String
    let birthDate: String
    let procedureName: String
    let slot: SlotView
    let documents: [String]
    let shortCode: String
    let verifyURL: String
    let qrSVG: String
    let manageHref: String

    /// `slot` with its counter and site loaded; `url` the signed verification link the QR code carries.
    init(
        _ appointment: Appointment, _ slot: Slot, _ procedure: Procedure, code: String, verifyURL url: String,
        language: Language, backHref: String
    ) throws {
        fullName = appointment.displayName
        birthDate = DateText.date(iso: appointment.birthDate, language) ?? ""
        procedureName = procedure.name(language)
        self.slot = SlotView(slot, language)
        documents = procedure.documents(language)
        shortCode = code
        verifyURL = url
        qrSVG = try DocumentQR.svg(url, title: Catalogue.entries["qrTitle"]!(language))
        manageHref = backHref
    }
}
