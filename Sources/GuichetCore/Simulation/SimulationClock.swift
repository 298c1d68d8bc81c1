/// What happens on the simulated clock. Seat races are resolved when seats appear, not polled for: a bot polling
/// every few seconds for a year would be millions of events that change nothing.
enum SimulationEvent {
    case arrival(Int)
    /// Seats go on offer (Sunday evening under `fcfs-weekly`, a `ReleasePlanner` instant under `fcfs-random` and the
    /// release lotteries).
    case release
    /// A request window closes and its draw runs (Sunday evening, or each working day under `daily-draw`).
    case draw
    /// A release lottery's entry window ends: the lottery is drawn and what is left goes first come, first served.
    case lottery(Int)
    /// Noon: buyers meet scalpers, seats whose time has passed are settled (attended or not).
    case daily
    /// Monday 00:00: scalpers review their demand, the week's release instants are drawn.
    case weekly(Int)
}

/// A binary min-heap on (time, insertion order): ties keep their insertion order, so a run never depends on how a
/// sort happens to break them.
struct SimulationClock {
    private struct Entry {
        let time: Double
        let order: Int
        let event: SimulationEvent

        func precedes(_ other: Entry) -> Bool {
            time < other.time || (time == other.time && order < other.order)
        }
    }

    private var heap: [Entry] = []
    private var inserted = 0
    /// The simulated "now": the time of the last event taken.
    private(set) var now: Double

    init(start: Double) {
        now = start
    }

    mutating func schedule(_ event: SimulationEvent, at time: Double) {
        heap.append(Entry(time: time, order: inserted, event: event))
        inserted += 1
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func next() -> SimulationEvent? {
        guard let first = heap.first else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var smallest = parent
                if left < heap.count, heap[left].precedes(heap[smallest]) { smallest = left }
                if right < heap.count, heap[right].precedes(heap[smallest]) { smallest = right }
                if smallest == parent { break }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
        now = first.time
        return first.event
    }
}
