import Foundation

/// Waiting draw requests are asked, every four weeks, whether the person still needs the appointment: someone served
/// elsewhere, or gone, would otherwise keep winning seats that nobody uses. One click keeps the request; no answer
/// within a week withdraws it (with an email), and the person can simply ask again.
public enum RequestUpkeep {
    public static let askEvery: TimeInterval = 28 * 86_400
    public static let answerWithin: TimeInterval = 7 * 86_400

    public enum Step: Equatable, Sendable {
        case nothing
        /// Send the "do you still need it?" email.
        case ask
        /// Asked `answerWithin` ago without an answer: withdraw the request.
        case withdraw
    }

    /// What is due for a waiting request confirmed at `confirmedAt`, last kept at `keptAt`, asked at `askedAt`
    /// (nil once answered).
    public static func step(confirmedAt: Date, keptAt: Date?, askedAt: Date?, now: Date) -> Step {
        if let askedAt {
            return now >= askedAt.addingTimeInterval(answerWithin) ? .withdraw : .nothing
        }
        let since = max(confirmedAt, keptAt ?? confirmedAt)
        return now >= since.addingTimeInterval(askEvery) ? .ask : .nothing
    }

    /// When the person has to answer by, for the email.
    public static func answerBy(askedAt: Date) -> Date { askedAt.addingTimeInterval(answerWithin) }
}
