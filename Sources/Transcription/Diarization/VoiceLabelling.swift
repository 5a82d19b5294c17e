/// One speaker label per voice piece of a mono recording: clustered by voice, short pieces filled
/// from their neighbours, flicker smoothed, and conversations whose two voices sound alike split
/// by what they say (see `Diarizer`).
struct VoiceLabelling {
    let pieces: [VoicePiece]
    let method: Diarizer.Method
    /// Indices of the pieces that can be described (an embedding, or features for the fallback).
    let described: [Int]

    init(pieces: [VoicePiece], method: Diarizer.Method) {
        self.pieces = pieces
        self.method = method
        described = pieces.indices.filter { method == .embeddings ? pieces[$0].embedding != nil : pieces[$0].features != nil }
    }

    /// A silence this long between two pieces starts a new episode (most often a new call) for the
    /// dialogue check.
    static let episodeGap = 20.0

    func labels(among subset: [Int]? = nil, atLeast: Int = 1) -> [Int] {
        let members = subset ?? Array(pieces.indices)
        let memberSet = Set(members)
        let chosen = described.filter { memberSet.contains($0) }
        let weights = chosen.map { pieces[$0].end - pieces[$0].start }
        let clustered = method == .embeddings
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
        return SpeakerClustering.smooth(filled, durations: members.map { pieces[$0].end - pieces[$0].start }, minimumSeconds: 1.0)
    }

    /// Voices that sound alike: an episode (pieces between silences of `episodeGap`) heard as one
    /// voice, but plainly a dialogue (`DialogueEvidence`), is split in two by its own top split if
    /// its questions and answers then fall on either side; the side with less speech becomes a new
    /// speaker.
    static func splitDialogues(_ labels: inout [Int], pieces: [(range: Range<Int>, piece: VoicePiece)], words: [Word]) {
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
            let spans = episode.map { (words: pieces[$0].range, start: pieces[$0].piece.start, end: pieces[$0].piece.end) }
            let exchanges = DialogueEvidence.exchanges(spans, words: words)
            guard exchanges.count >= DialogueEvidence.minimumExchanges else { continue }
            let split = labelling.labels(among: episode, atLeast: 2)
            guard Set(split).count == 2, DialogueEvidence.agrees(split, with: exchanges) else { continue }
            var speech: [Int: Double] = [:]
            for (position, index) in episode.enumerated() { speech[split[position], default: 0] += pieces[index].piece.end - pieces[index].piece.start }
            let minority = speech.min { $0.value < $1.value }!.key
            let newcomer = (labels.max() ?? 0) + 1
            for (position, index) in episode.enumerated() where split[position] == minority { labels[index] = newcomer }
        }
        labels = SpeakerClustering.numberedByAppearance(labels)
    }
}
