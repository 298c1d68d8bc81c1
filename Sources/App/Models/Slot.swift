import Fluent
import Foundation
import GuichetCore

/// A time at a counter with a number of seats.
///
/// Seats move `planned → released → taken`. `released` counts the seats ever put on offer and not given back;
/// `taken` the seats held by pending or confirmed appointments. A freed seat decrements both, so it returns to
/// `planned` and only a later release offers it again. The database checks `0 ≤ taken ≤ released ≤ capacity`.
final class Slot: Model, @unchecked Sendable {
    static let schema = "slots"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Parent(key: "counter_id") var counter: Counter
    @Field(key: "starts_at") var startsAt: Date
    @Field(key: "ends_at") var endsAt: Date
    @Field(key: "capacity") var capacity: Int
    @Field(key: "released") var released: Int
    @Field(key: "taken") var taken: Int
    @Field(key: "closed") var closed: Bool
    @OptionalField(key: "released_at") var releasedAt: Date?
    /// The release lottery its released seats wait for: nobody takes them first come until it is drawn.
    @OptionalField(key: "lottery_window_id") var lotteryWindowID: String?

    init() {}

    init(counterID: String, startsAt: Date, endsAt: Date, capacity: Int) {
        self.$counter.id = counterID
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.capacity = capacity
        self.released = 0
        self.taken = 0
        self.closed = false
    }

    /// `planned` (nothing on offer), `released` (some seats on offer) or `closed`, as the design names them.
    var state: String {
        if closed { return "closed" }
        return released > 0 ? "released" : "planned"
    }

    var remaining: Int { max(0, released - taken) }

    /// Free seats anyone may take now: none while a lottery holds them.
    var bookable: Int { lotteryWindowID == nil ? remaining : 0 }

    var seats: SlotSeats {
        SlotSeats(
            counterID: $counter.id, startsAt: startsAt, closed: closed, released: released, taken: taken,
            inLottery: lotteryWindowID != nil)
    }

    /// Why a seat of this slot cannot be taken first come now for a procedure `counters` serve (`BookingRules`).
    func unavailability(servedBy counters: some Collection<String>, now: Date) -> SlotUnavailability? {
        BookingRules.unavailability(of: seats, servedBy: counters, now: now)
    }
}
