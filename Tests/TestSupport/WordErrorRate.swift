/// Word error rate: the fewest substitutions, deletions and insertions that turn `hypothesis` into
/// `reference`, over the reference's length (Levenshtein distance on words).
public func wordErrorRate(reference: [String], hypothesis: [String]) -> Double {
    var previous = Array(0...hypothesis.count)
    for (i, expected) in reference.enumerated() {
        var current = [i + 1] + Array(repeating: 0, count: hypothesis.count)
        for (j, heard) in hypothesis.enumerated() {
            current[j + 1] = min(previous[j] + (expected == heard ? 0 : 1), previous[j + 1] + 1, current[j] + 1)
        }
        previous = current
    }
    return Double(previous[hypothesis.count]) / Double(max(1, reference.count))
}
