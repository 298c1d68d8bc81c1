import Vapor

/// Released slots with free seats, day by day, times in Paris time with their offset.
struct AvailabilityDTO: Content {
    struct Day: Content {
        let date: String
        let slots: [SlotDTO]
    }

    let procedure: String
    let from: String
    let to: String
    let days: [Day]
}

struct SlotDTO: Content {
    let id: Int
    let start: String
    let end: String
    let counter: String
    let remaining: Int
}
