/// Who spoke each word.
///
/// - Stereo recordings whose channels really differ (a dialer puts the rep on one side and the
///   customer on the other): each word goes to the channel with the most energy over the word's
///   time. Speaker = channel (0 = left). Exact, and used whenever it applies.
/// - Mono recordings (or stereo whose channels carry the same signal): runs of words ("voice
///   pieces", ≤ 3 s, split at pauses of 0.3 s) are described by their voice features (MFCC and
///   pitch statistics, see `VoiceFeatures`), clustered into 1–6 speakers with the number chosen from
///   the data (`SpeakerClustering`), and label flickers shorter than 1 s are smoothed away. Pieces
///   too short for features take the speaker of the nearer neighbour in time.
/// - `skipDiarization`: everything is speaker 0.
public enum Diarizer {
    public enum Method: String, Sendable {
        case channels = "stereo channels"
        case voices = "voice clustering"
        case none = "none"
    }

    /// Channels "really differ" when the energy of their difference is at least this share of their
    /// total, and the quieter one carries at least `quietChannelShare` of the louder one's energy.
    static let differenceShare = 0.05
    static let quietChannelShare = 0.01

    /// Fills `speaker` and `channel` of every word of `chunks`, returning the words in order.
    static func diarize(_ chunks: [ChunkTranscript], channels: Int, skip: Bool) -> (words: [Word], method: Method) {
        var words = chunks.flatMap(\.words)
        if skip || words.isEmpty {
            for index in words.indices { words[index].speaker = 0; words[index].channel = 0 }
            return (words, .none)
        }
        if channels >= 2, channelsDiffer(chunks) {
            let energies = chunks.flatMap(\.channelEnergies)
            for index in words.indices {
                let energy = energies[index]
                let loudest = energy.indices.max { energy[$0] < energy[$1] } ?? 0
                words[index].speaker = loudest
                words[index].channel = loudest
            }
            return (words, .channels)
        }
        var pieces: [(range: Range<Int>, features: VoiceFeatures?, start: Double, end: Double)] = []
        var offset = 0
        for chunk in chunks {
            for piece in chunk.voicePieces {
                pieces.append(((offset + piece.firstWord)..<(offset + piece.lastWord + 1), piece.features, piece.start, piece.end))
            }
            offset += chunk.words.count
        }
        let described = pieces.indices.filter { pieces[$0].features != nil }
        let clustered = SpeakerClustering.cluster(
            described.map { pieces[$0].features! }, weights: described.map { pieces[$0].end - pieces[$0].start })
        var labels = [Int?](repeating: nil, count: pieces.count)
        for (position, index) in described.enumerated() { labels[index] = clustered[position] }
        // A piece too short for features ("Yes,") belongs with the nearer of its described neighbours.
        let filled = pieces.indices.map { index -> Int in
            if let label = labels[index] { return label }
            let before = described.last { $0 < index }
            let after = described.first { $0 > index }
            switch (before, after) {
            case (let before?, let after?):
                let gapBefore = pieces[index].start - pieces[before].end
                let gapAfter = pieces[after].start - pieces[index].end
                return gapAfter <= gapBefore ? labels[after]! : labels[before]!
            case (let before?, nil): return labels[before]!
            case (nil, let after?): return labels[after]!
            case (nil, nil): return 0
            }
        }
        let smoothed = SpeakerClustering.smooth(filled, durations: pieces.map { $0.end - $0.start }, minimumSeconds: 1.0)
        for (piece, label) in zip(pieces, smoothed) {
            for index in piece.range {
                words[index].speaker = label
                words[index].channel = 0
            }
        }
        return (words, .voices)
    }

    static func channelsDiffer(_ chunks: [ChunkTranscript]) -> Bool {
        let totals = chunks.reduce(into: [Double](repeating: 0, count: 2)) { sums, chunk in
            for (index, total) in chunk.channelEnergyTotals.prefix(2).enumerated() { sums[index] += total }
        }
        let difference = chunks.reduce(0) { $0 + $1.channelDifferenceEnergy }
        let sum = totals[0] + totals[1]
        guard sum > 0, let quiet = totals.min(), let loud = totals.max() else { return false }
        return difference >= differenceShare * sum && quiet >= quietChannelShare * loud
    }
}
