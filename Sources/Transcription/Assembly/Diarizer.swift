import Transcripts

/// Who spoke each word.
///
/// - Stereo recordings whose channels really differ (a dialer puts the rep on one side and the
///   customer on the other): each word goes to the channel with the most energy over the word's
///   time. Within each channel the voices are then told apart by the voice encoder, as on mono:
///   every customer of a dialer's day is on the line channel, and a colleague beside the rep on
///   the rep's. Speakers are numbered in the order they are first heard; without the encoder,
///   speaker = channel (0 = left).
/// - Mono recordings (or stereo whose channels carry the same signal): runs of words ("voice
///   pieces", ≤ 3 s, split at pauses of 0.3 s and sentence ends) are described by the speech
///   worker's voice encoder (`VoiceEmbedding`) and grouped by `EmbeddingClustering`, as many
///   voices as the recording holds. Without the encoder (a worker that could not load it), by
///   callsift's own voice features (MFCC and pitch statistics, see `VoiceFeatures`) clustered into
///   1–6 speakers (`SpeakerClustering`). Either way, label flickers shorter than 1 s are smoothed
///   away, and pieces too short to describe take the speaker of the nearer neighbour in time.
///   A stretch heard as one voice is split in two when its top split is clearly two voices, or
///   when it is plainly a dialogue (questions answered at once) and the split agrees
///   (`VoiceLabelling.splitEpisodes`): two people on a call never collapse into one speaker for
///   want of different-sounding voices.
/// - `skipDiarization`: everything is speaker 0.
public enum Diarizer {
    public enum Method: String, Sendable {
        case channels = "stereo channels"
        case embeddings = "voice embeddings"
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
            for index in words.indices {
                words[index].speaker = 0
                words[index].channel = 0
            }
            return (words, .none)
        }
        var pieces: [(range: Range<Int>, piece: VoicePiece)] = []
        var offset = 0
        for chunk in chunks {
            for piece in chunk.voicePieces {
                pieces.append(((offset + piece.firstWord)..<(offset + piece.lastWord + 1), piece))
            }
            offset += chunk.words.count
        }
        if channels >= 2, channelsDiffer(chunks) {
            let energies = chunks.flatMap(\.channelEnergies)
            for index in words.indices {
                words[index].speaker = loudest(energies[index])
                words[index].channel = loudest(energies[index])
            }
            separateVoicesWithinChannels(&words, pieces: pieces)
            return (words, .channels)
        }
        let method: Method = pieces.contains { $0.piece.embedding != nil } ? .embeddings : .voices
        var labels = VoiceLabelling(pieces: pieces.map(\.piece), method: method).labels()
        if method == .embeddings { VoiceLabelling.splitEpisodes(&labels, pieces: pieces, words: words) }
        for (piece, label) in zip(pieces, labels) {
            for index in piece.range {
                words[index].speaker = label
                words[index].channel = 0
            }
        }
        return (words, method)
    }

    /// The channel with the most energy.
    static func loudest(_ energy: [Float]) -> Int {
        energy.indices.max { energy[$0] < energy[$1] } ?? 0
    }

    /// Each channel's pieces clustered by voice, speakers renumbered in the order first heard.
    /// Nothing changes without embeddings (speaker = channel).
    static func separateVoicesWithinChannels(_ words: inout [Word], pieces: [(range: Range<Int>, piece: VoicePiece)]) {
        guard pieces.contains(where: { $0.piece.embedding != nil }) else { return }
        let labelling = VoiceLabelling(pieces: pieces.map(\.piece), method: .embeddings)
        // Each word's voice: [channel, label], or [channel] for a word outside every piece.
        var voice: [Int: [Int]] = [:]
        for channel in Set(words.compactMap(\.channel)).sorted() {
            let members = pieces.indices.filter { words[pieces[$0].range.lowerBound].channel == channel }
            guard !members.isEmpty else { continue }
            for (member, label) in zip(members, labelling.labels(among: members)) {
                for index in pieces[member].range { voice[index] = [channel, label] }
            }
        }
        var numbers: [[Int]: Int] = [:]
        for index in words.indices {
            let key = voice[index] ?? [words[index].channel ?? 0]
            if numbers[key] == nil { numbers[key] = numbers.count }
            words[index].speaker = numbers[key]
        }
    }

    static func channelsDiffer(_ chunks: [ChunkTranscript]) -> Bool {
        let totals = chunks.reduce(into: [Double](repeating: 0, count: 2)) { sums, chunk in
            for (index, total) in chunk.channelEnergyTotals.prefix(2).enumerated() { sums[index] += total }
        }
        return channelsDiffer(totals: totals, difference: chunks.reduce(0) { $0 + $1.channelDifferenceEnergy })
    }

    /// `totals`: each channel's energy; `difference`: the energy of the first two channels' difference.
    static func channelsDiffer(totals: [Double], difference: Double) -> Bool {
        guard totals.count >= 2 else { return false }
        let sum = totals[0] + totals[1]
        guard sum > 0, let quiet = totals.min(), let loud = totals.max() else { return false }
        return difference >= differenceShare * sum && quiet >= quietChannelShare * loud
    }
}
