/// Groups pieces of speech by voice from their `VoiceEmbedding`s: which pieces of a mono
/// recording were said by the same person, for any number of people (a rep's day holds the rep
/// and one customer per call).
///
/// Agglomerative clustering with average linkage: every piece starts alone; the two groups whose
/// pieces are most alike on average (cosine similarity, each piece weighted by its duration) are
/// merged, again and again, while that average similarity is at least `mergeSimilarity`. Pieces
/// of one voice score about 0.74–0.79 with each other and two voices 0.47–0.50 (measured on
/// 0.6–3 s pieces of synthetic and real voices, phone-band and full-band); the threshold sits
/// between the two, nearer the lower so one voice is seldom split.
/// A group holding less than `smallestVoiceSeconds` of speech is then given to the group it is
/// most like, if it is at least `strayMergeSimilarity` like it: a voice heard for a second is most
/// often a stray piece of another, unless it sounds like none of them (a customer who said "ten of
/// clubs" and nothing else).
/// A long recording is clustered in blocks of `blockSize` pieces (memory grows with the square of
/// the count); each block's groups are then clustered the same way, which is exact: the average
/// similarity between two groups is the dot product of their duration-weighted mean vectors.
public enum EmbeddingClustering {
    public static let mergeSimilarity = 0.62
    public static let smallestVoiceSeconds = 3.0
    public static let strayMergeSimilarity = 0.55
    static let blockSize = 1_000

    /// One label per piece, numbered 0, 1, 2… in order of first appearance. `weights` are the
    /// pieces' durations in seconds. With `atLeast` 2, merging stops at two groups whatever their
    /// similarity: the recording's top split, for a dialogue whose voices sound alike.
    public static func cluster(_ embeddings: [VoiceEmbedding], weights: [Double], atLeast: Int = 1) -> [Int] {
        precondition(weights.count == embeddings.count, "one weight per piece")
        let masses = weights.map { max($0, 0.01) }
        guard embeddings.count > blockSize else {
            return SpeakerClustering.numberedByAppearance(
                agglomerate(embeddings.map(\.values), masses: masses, atLeast: atLeast))
        }
        // Blocks first, then their groups as weighted means.
        var pieceGroup = [Int](repeating: 0, count: embeddings.count)
        var means: [[Float]] = []
        var groupMasses: [Double] = []
        for start in stride(from: 0, to: embeddings.count, by: blockSize) {
            let range = start..<min(embeddings.count, start + blockSize)
            let labels = agglomerate(range.map { embeddings[$0].values }, masses: Array(masses[range]))
            var firstOf: [Int: Int] = [:]
            for (offset, label) in labels.enumerated() {
                let piece = range.lowerBound + offset
                let group: Int
                if let known = firstOf[label] {
                    group = known
                } else {
                    group = means.count
                    firstOf[label] = group
                    means.append([Float](repeating: 0, count: embeddings[piece].values.count))
                    groupMasses.append(0)
                }
                pieceGroup[piece] = group
                for (dimension, value) in embeddings[piece].values.enumerated() {
                    means[group][dimension] += Float(masses[piece]) * value
                }
                groupMasses[group] += masses[piece]
            }
        }
        for group in means.indices { means[group] = means[group].map { $0 / Float(groupMasses[group]) } }
        let groupLabels = agglomerate(means, masses: groupMasses, atLeast: atLeast)
        return SpeakerClustering.numberedByAppearance(pieceGroup.map { groupLabels[$0] })
    }

    /// Weighted average-linkage clustering of `vectors` (unit vectors, or weighted means of unit
    /// vectors: the linkage of two is their dot product) until no two groups reach
    /// `mergeSimilarity`, then groups under `smallestVoiceSeconds` join their nearest. Labels are
    /// group representatives, not yet numbered.
    static func agglomerate(_ vectors: [[Float]], masses: [Double], atLeast: Int = 1) -> [Int] {
        let count = vectors.count
        guard count > 1 else { return Array(repeating: 0, count: count) }
        var similarity = [Double](repeating: 0, count: count * count)
        for i in 0..<count {
            for j in (i + 1)..<count {
                var dot: Float = 0
                for (a, b) in zip(vectors[i], vectors[j]) { dot += a * b }
                similarity[i * count + j] = Double(dot)
                similarity[j * count + i] = Double(dot)
            }
        }
        var tree = AverageLinkage(similarity: similarity, masses: masses)
        let floor = max(1, atLeast)
        while tree.groups > floor, let pair = tree.closestPair, pair.similarity >= mergeSimilarity || atLeast > 1 {
            tree.merge(pair.other, into: pair.group)
        }
        // Stray pieces join the voice they are most like, smallest first, unless they are like none.
        var distinct = Set<Int>()
        while tree.groups > floor,
            let small = (0..<count).filter({
                tree.active[$0] && tree.mass[$0] < smallestVoiceSeconds && !distinct.contains($0)
            })
            .min(by: { tree.mass[$0] < tree.mass[$1] })
        {
            if tree.nearestSimilarity[small] >= strayMergeSimilarity || atLeast > 1 {
                tree.merge(small, into: tree.nearest[small])
            } else {
                distinct.insert(small)
            }
        }
        return tree.labels
    }
}
