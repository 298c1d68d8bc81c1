/// Union-find over the indices `0..<count`: which of them end up linked, directly or through a chain (A shares an
/// email with B, B a phone with C). Duplicate groups and suspicion clusters are both built on it.
struct DisjointSets {
    private var parent: [Int]

    init(count: Int) {
        parent = Array(0..<count)
    }

    /// The representative of `index`'s set (path halving keeps later look-ups short).
    mutating func root(_ index: Int) -> Int {
        var index = index
        while parent[index] != index {
            parent[index] = parent[parent[index]]
            index = parent[index]
        }
        return index
    }

    mutating func union(_ a: Int, _ b: Int) {
        let (rootA, rootB) = (root(a), root(b))
        if rootA != rootB { parent[rootB] = rootA }
    }
}
