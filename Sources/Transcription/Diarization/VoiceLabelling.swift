import Transcripts

/// One speaker label per voice piece of a mono recording: clustered by voice, short pieces filled
/// from their neighbours, flicker smoothed, and stretches heard as one voice split in two when
/// their voices or their words say two people talk (see `Diarizer`).
struct VoiceLabelling {
    let pieces: [VoicePiece]
    let method: Diarizer.Method
    /// Indices of the pieces that can be described (an embedding, or features for the fallback).
    let described: [Int]

    init(pieces: [VoicePiece], method: Diarizer.Method) {
        self.pieces = pieces
        self.method = method
        described = pieces.indices.filter {
            method == .embeddings ? pieces[$0].embedding != nil : pieces[$0].features != nil
        }
    }

    /// A silence this long between two pieces starts a new episode (most often a new call) for the
    /// dialogue check.
    static let episodeGap = 20.0

    func labels(among subset: [Int]? = nil, atLeast: Int = 1) -> [Int] {
        let members = subset ?? Array(pieces.indices)
        let memberSet = Set(members)
        let chosen = described.filter { memberSet.contains($0) }
        let weights = chosen.map { pieces[$0].end - pieces[$0].start }
        let clustered =
            method == .embeddings
            ? EmbeddingClustering.cluster(chosen.map { pieces[$0].embedding! }, weights: weights, atLeast: atLeast)
            : SpeakerClustering.cluster(chosen.map { pieces[$0].features! }, weights: weights)
        var known: [Int: Int] = [:]
        for (position, index) in chosen.enumerated() { known[index] = clustered[position] }
        // A piece too short to describe ("Yes,") belongs with the nearer of its described neighbours.
        let filled = members.enumerated().map { position, index -> Int in
            if let label = known[index] { return label }
            let before = members[..<position].last { known[$0] != nil }
            let after = members[(position + 1)...].first { known[$0] != nil }
            switch (before, after) {
            case (let before?, let after?):
                let gapBefore = pieces[index].start - pieces[before].end
                let gapAfter = pieces[after].start - pieces[index].end
                return gapAfter <= gapBefore ? known[after]! : known[before]!
            case (let before?, nil): return known[before]!
            case (nil, let after?): return known[after]!
            case (nil, nil): return 0
            }
        }
        return SpeakerClustering.smooth(
            filled, durations: members.map { pieces[$0].end - pieces[$0].start }, minimumSeconds: 1.0)
    }

    /// Two voices that sound more alike than the clustering threshold (two men on a phone line, two
    /// synthetic voices): an episode (pieces between silences of `episodeGap`) heard as one voice
    /// is cut by its own top split, which stands when its two sides are clearly apart, each side's
    /// pieces at least `separation` more alike among themselves than with the other side's, both
    /// with `smallestSide` seconds of speech or more; or when the episode is plainly a dialogue
    /// (`DialogueEvidence`) and its questions and answers fall on either side. The side with less
    /// speech becomes a new speaker. One voice's pieces split this way differ by about 0.05.
    static let separation = 0.1
    static let smallestSide = 2.0

    static func splitEpisodes(_ labels: inout [Int], pieces: [(range: Range<Int>, piece: VoicePiece)], words: [Word]) {
        let labelling = VoiceLabelling(pieces: pieces.map(\.piece), method: .embeddings)
        var episodes: [[Int]] = []
        for index in pieces.indices {
            if let last = episodes.last?.last, pieces[index].piece.start - pieces[last].piece.end < episodeGap {
                episodes[episodes.count - 1].append(index)
            } else {
                episodes.append([index])
            }
        }
        for episode in episodes where Set(episode.map { labels[$0] }).count == 1 {
            let spans = episode.map {
                (words: pieces[$0].range, start: pieces[$0].piece.start, end: pieces[$0].piece.end)
            }
            let exchanges = DialogueEvidence.exchanges(spans, words: words)
            let split = labelling.labels(among: episode, atLeast: 2)
            guard Set(split).count == 2 else { continue }
            let apart = labelling.separated(episode)
            let dialogue =
                exchanges.count >= DialogueEvidence.minimumExchanges && DialogueEvidence.agrees(split, with: exchanges)
            guard apart || dialogue else { continue }
            var speech: [Int: Double] = [:]
            for (position, index) in episode.enumerated() {
                speech[split[position], default: 0] += pieces[index].piece.end - pieces[index].piece.start
            }
            let minority = speech.min { $0.value < $1.value }!.key
            let newcomer = (labels.max() ?? 0) + 1
            for (position, index) in episode.enumerated() where split[position] == minority { labels[index] = newcomer }
        }
        labels = SpeakerClustering.numberedByAppearance(labels)
    }

    /// Whether the top split of `episode`'s described pieces is clearly two voices.
    func separated(_ episode: [Int]) -> Bool {
        let members = Set(episode)
        let chosen = described.filter { members.contains($0) && pieces[$0].embedding != nil }
        let vectors = chosen.map { pieces[$0].embedding! }
        let split = EmbeddingClustering.cluster(
            vectors, weights: chosen.map { pieces[$0].end - pieces[$0].start }, atLeast: 2)
        let sides = (0..<2).map { side in chosen.indices.filter { split[$0] == side } }
        let speech = sides.map { $0.reduce(0) { $0 + pieces[chosen[$1]].end - pieces[chosen[$1]].start } }
        guard Set(split).count == 2, speech.allSatisfy({ $0 >= Self.smallestSide }) else { return false }
        func mean(_ a: [Int], _ b: [Int]) -> Double? {
            var sum = 0.0
            var count = 0
            for i in a {
                for j in b where i != j {
                    sum += vectors[i].similarity(to: vectors[j])
                    count += 1
                }
            }
            return count > 0 ? sum / Double(count) : nil
        }
        guard let between = mean(sides[0], sides[1]) else { return false }
        // A side of one piece has no spread of its own: it counts as alike as can be.
        let within = sides.map { mean($0, $0) ?? 1 }
        return within.min()! - between >= Self.separation
    }
}
