import Foundation

/// Groups turns by voice: which turns of a mono recording were said by the same person.
///
/// 1. Every dimension of the turns' `VoiceFeatures.vector` is standardised across the recording
///    (minus its mean, over its standard deviation; both weighted by turn duration), so what counts
///    is how a turn differs from the others, not the units of a feature. In vectors made by
///    `VoiceFeatures.extract`, the two pitch dimensions of a turn without pitch are unknown and set
///    to the mean, and the MFCC standard deviations are scaled by `deviationWeight`: they follow
///    what is said more than who says it, and at full weight they blur the voices apart.
/// 2. Turns are merged bottom-up (agglomerative clustering, average linkage on cosine distance,
///    which compares the direction in which turns differ from the recording's average voice, not
///    by how much): the two closest groups, closeness being the duration-weighted mean distance
///    between their turns, until one group is left.
/// 3. Each cut of that tree into k = 2…`maxSpeakers` groups is scored by its silhouette (for every
///    turn, how much nearer it is to its own group than to the next one, from -1 to 1; averaged
///    with turn durations as weights, so short turns matter less). If even the cut in two scores
///    below `separationThreshold`, the voices are not clearly different and the recording has a
///    single speaker; otherwise the best-scoring cut wins.
public enum SpeakerClustering {
    /// Below this silhouette of the cut in two, the recording has one speaker. Tuned on espeak-ng
    /// voices with faint noise, turns of 2 to 3 s: one voice's cut in two scored at most 0.38
    /// (21 sets of 10 or 20 turns over 6 voices), two male voices of different timbre 0.61, a man
    /// and a woman 0.82, three voices 0.61.
    public static let separationThreshold = 0.5
    /// Scale of the MFCC standard deviations after standardisation.
    public static let deviationWeight = 0.25

    /// One speaker label per turn, numbered 0, 1, 2… in order of first appearance.
    /// `weights` are the turns' durations (all equal when nil); all features must have vectors of
    /// the same length.
    public static func cluster(_ features: [VoiceFeatures], weights: [Double]? = nil, maxSpeakers: Int = 6) -> [Int] {
        let count = features.count
        guard count > 1, maxSpeakers > 1 else { return Array(repeating: 0, count: count) }
        let weights = (weights ?? Array(repeating: 1, count: count)).map { max($0, 0.01) }
        precondition(weights.count == count, "one weight per turn")
        let points = standardised(features, weights: weights)
        let distances = pairwiseDistances(points)
        let partitions = agglomerate(distances, count: count, weights: weights, largest: min(maxSpeakers, count))

        // Partitions come from most groups to two; the cut in two decides whether there are two voices.
        let scores = partitions.map { silhouette($0, distances: distances, weights: weights) }
        guard let split = scores.last, split >= separationThreshold,
            let best = scores.indices.max(by: { scores[$0] < scores[$1] })
        else { return Array(repeating: 0, count: count) }
        return numberedByAppearance(partitions[best])
    }

    /// Removes flicker: a run of equal labels lasting less than `minimumSeconds` in all, between two
    /// runs of one other label, takes that label. `durations` are the turns' lengths in seconds.
    /// Labels come back numbered 0, 1, 2… in order of first appearance, like `cluster`'s.
    public static func smooth(_ labels: [Int], durations: [Double], minimumSeconds: Double) -> [Int] {
        precondition(labels.count == durations.count, "one duration per label")
        var runs: [(label: Int, start: Int, end: Int, seconds: Double)] = []
        for (index, label) in labels.enumerated() {
            if let last = runs.last, last.label == label {
                runs[runs.count - 1].end = index + 1
                runs[runs.count - 1].seconds += durations[index]
            } else {
                runs.append((label, index, index + 1, durations[index]))
            }
        }
        var smoothed = labels
        if runs.count >= 3 {
            for run in 1..<runs.count - 1
            where runs[run].seconds < minimumSeconds && runs[run - 1].label == runs[run + 1].label {
                runs[run].label = runs[run - 1].label
                for index in runs[run].start..<runs[run].end { smoothed[index] = runs[run].label }
            }
        }
        return numberedByAppearance(smoothed)
    }

    /// Standardised vectors, row after row, MFCC deviations scaled by `deviationWeight`.
    private static func standardised(_ features: [VoiceFeatures], weights: [Double]) -> [[Double]] {
        let dimensions = features[0].vector.count
        precondition(features.allSatisfy { $0.vector.count == dimensions }, "vectors of one length")
        let extracted = dimensions == VoiceFeatures.dimensions
        let pitch = extracted ? VoiceFeatures.pitchDimensions : 0..<0
        let deviations = extracted ? VoiceFeatures.cepstralCount..<2 * VoiceFeatures.cepstralCount : 0..<0
        var points = features.map { $0.vector.map(Double.init) }
        for dimension in 0..<dimensions {
            let known =
                pitch.contains(dimension)
                ? features.indices.filter { features[$0].medianPitchHz != nil } : Array(features.indices)
            let total = known.reduce(0) { $0 + weights[$1] }
            let mean = known.reduce(0) { $0 + weights[$1] * points[$1][dimension] } / max(total, 1e-12)
            let variance =
                known.reduce(0) { sum, turn in
                    let deviation = points[turn][dimension] - mean
                    return sum + weights[turn] * deviation * deviation
                } / max(total, 1e-12)
            let deviation = variance.squareRoot()
            let scale = (deviations.contains(dimension) ? deviationWeight : 1) / deviation
            for turn in points.indices {
                let isKnown = !pitch.contains(dimension) || features[turn].medianPitchHz != nil
                points[turn][dimension] = isKnown && deviation > 1e-9 ? (points[turn][dimension] - mean) * scale : 0
            }
        }
        return points
    }

    /// Cosine distances (1 - cosine of the angle, 0…2), row-major count × count. A turn exactly at
    /// the average (a zero vector) is at distance 1 from every other.
    private static func pairwiseDistances(_ points: [[Double]]) -> [Double] {
        let count = points.count
        let norms = points.map { point in point.reduce(0) { $0 + $1 * $1 }.squareRoot() }
        var distances = [Double](repeating: 0, count: count * count)
        for i in 0..<count {
            for j in i + 1..<count {
                var dot = 0.0
                for (a, b) in zip(points[i], points[j]) { dot += a * b }
                let scale = norms[i] * norms[j]
                distances[i * count + j] = scale > 0 ? 1 - dot / scale : 1
                distances[j * count + i] = distances[i * count + j]
            }
        }
        return distances
    }

    /// Weighted average-linkage clustering; the cluster label of each turn when 2…`largest` groups
    /// are left.
    private static func agglomerate(_ distances: [Double], count: Int, weights: [Double], largest: Int) -> [[Int]] {
        var tree = AverageLinkage(similarity: distances.map { -$0 }, masses: weights)
        var partitions: [[Int]] = []
        while tree.groups > 2, let pair = tree.closestPair {
            tree.merge(pair.other, into: pair.group)
            if tree.groups <= largest { partitions.append(tree.labels) }
        }
        return partitions
    }

    /// Duration-weighted mean silhouette of a labelling; a turn alone in its group scores 0.
    private static func silhouette(_ labels: [Int], distances: [Double], weights: [Double]) -> Double {
        let count = labels.count
        let dense = numberedByAppearance(labels)
        let groups = (dense.max() ?? 0) + 1
        guard groups > 1 else { return 0 }
        var total = 0.0
        var weightSum = 0.0
        var distanceSums = [Double](repeating: 0, count: groups)
        var weightSums = [Double](repeating: 0, count: groups)
        for i in 0..<count {
            for group in 0..<groups {
                distanceSums[group] = 0
                weightSums[group] = 0
            }
            for j in 0..<count where j != i {
                distanceSums[dense[j]] += weights[j] * distances[i * count + j]
                weightSums[dense[j]] += weights[j]
            }
            weightSum += weights[i]
            let own = dense[i]
            guard weightSums[own] > 0 else { continue }
            let a = distanceSums[own] / weightSums[own]
            var b = Double.infinity
            for group in 0..<groups where group != own && weightSums[group] > 0 {
                b = min(b, distanceSums[group] / weightSums[group])
            }
            let spread = max(a, b)
            if spread > 0 { total += weights[i] * (b - a) / spread }
        }
        return total / weightSum
    }

    static func numberedByAppearance(_ labels: [Int]) -> [Int] {
        var numbers: [Int: Int] = [:]
        return labels.map { label in
            if let number = numbers[label] { return number }
            numbers[label] = numbers.count
            return numbers.count - 1
        }
    }
}
