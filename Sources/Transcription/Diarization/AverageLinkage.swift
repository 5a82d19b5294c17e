/// Weighted average-linkage clustering, bottom up: every item starts alone; `mergeClosest`
/// joins the two groups whose items are most alike on average (each item weighted by its mass),
/// with the Lance–Williams update, keeping each group's nearest neighbour so a merge costs O(n)
/// mostly. Alikeness is a similarity (higher is closer); a distance enters negated.
struct AverageLinkage {
    let count: Int
    private var linkage: [Double]
    private(set) var mass: [Double]
    private(set) var active: [Bool]
    /// Each item's group, named by one of its items.
    private(set) var labels: [Int]
    private(set) var groups: Int
    private(set) var nearest: [Int]
    private(set) var nearestSimilarity: [Double]

    /// `similarity` is row-major `count × count`; `masses` weight the items.
    init(similarity: [Double], masses: [Double]) {
        count = masses.count
        linkage = similarity
        mass = masses
        active = Array(repeating: true, count: count)
        labels = Array(0..<count)
        groups = count
        nearest = Array(repeating: 0, count: count)
        nearestSimilarity = Array(repeating: -.infinity, count: count)
        for i in 0..<count { refresh(i) }
    }

    /// The active group whose nearest neighbour is the most alike, with that neighbour.
    var closestPair: (group: Int, other: Int, similarity: Double)? {
        var best: Int?
        for candidate in 0..<count
        where active[candidate] && (best == nil || nearestSimilarity[candidate] > nearestSimilarity[best!]) {
            best = candidate
        }
        return best.map { ($0, nearest[$0], nearestSimilarity[$0]) }
    }

    /// Group `j` joins group `i`.
    mutating func merge(_ j: Int, into i: Int) {
        for k in 0..<count where active[k] && k != i && k != j {
            let merged = (mass[i] * linkage[i * count + k] + mass[j] * linkage[j * count + k]) / (mass[i] + mass[j])
            linkage[i * count + k] = merged
            linkage[k * count + i] = merged
        }
        mass[i] += mass[j]
        active[j] = false
        for item in 0..<count where labels[item] == j { labels[item] = i }
        groups -= 1
        for k in 0..<count where active[k] && (k == i || nearest[k] == i || nearest[k] == j) { refresh(k) }
        for k in 0..<count where active[k] && k != i && linkage[k * count + i] > nearestSimilarity[k] {
            nearestSimilarity[k] = linkage[k * count + i]
            nearest[k] = i
        }
    }

    private mutating func refresh(_ i: Int) {
        nearestSimilarity[i] = -.infinity
        for j in 0..<count where j != i && active[j] && linkage[i * count + j] > nearestSimilarity[i] {
            nearestSimilarity[i] = linkage[i * count + j]
            nearest[i] = j
        }
    }
}
