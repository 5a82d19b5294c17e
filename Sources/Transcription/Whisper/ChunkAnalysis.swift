import Transcripts

/// Turns what the engine heard in a chunk into a `ChunkTranscript`, while the chunk's audio is still
/// in memory: words with absolute times (repeated phrases cut), each word's energy per channel,
/// and voice features for runs of words.
enum ChunkAnalysis {
    /// A new voice piece starts after a sentence ends, after a pause this long, or once a piece spans
    /// this long: short enough to follow a quick exchange, long enough for stable features. Speakers
    /// change at sentence ends far more often than inside sentences, and Whisper's word times can
    /// stretch across a short pause between two speakers.
    static let pieceGap = 0.3
    static let pieceLength = 3.0

    /// Pieces at least this long are embedded by the voice encoder; shorter ones ("Yes.") take a
    /// neighbour's voice.
    static let shortestEmbedded = 0.6

    /// `embed`, when given, returns the voice encoder's embedding of each listed stretch, or nil
    /// when the encoder failed. On a dialer's stereo (channels that really differ) a piece never
    /// spans both sides, and its embedding tells apart the voices of one channel (every customer of
    /// the day is on the line); elsewhere, without embeddings, pieces get callsift's own voice
    /// features.
    static func make(chunk: SpeechChunk, heard: ChunkDecoder.Heard, embed: (([TimeSpan]) -> [[Float]]?)? = nil)
        -> ChunkTranscript
    {
        var dropped = heard.dropped
        let collapsed = HallucinationGuard.collapseRepeats(heard.words)
        for run in collapsed.removed {
            guard let first = run.first, let last = run.last else { continue }
            dropped.append(
                DroppedSegment(
                    start: first.start, end: last.end, text: run.map(\.punctuatedWord).joined(separator: " "),
                    reason:
                        "a phrase repeated more than \(HallucinationGuard.repeatsKept) times in a row: the copies after the first were cut"
                ))
        }
        let words = collapsed.words

        var totals: [Double] = chunk.channelEnvelopes.map { $0.reduce(0) { $0 + Double($1 * $1) } }
        var difference = 0.0
        if chunk.channelEnvelopes.count >= 2 {
            for (left, right) in zip(chunk.channelEnvelopes[0], chunk.channelEnvelopes[1]) {
                difference += Double((left - right) * (left - right))
            }
        } else {
            totals = []
        }
        let byChannel = totals.count >= 2 && Diarizer.channelsDiffer(totals: totals, difference: difference)
        let channelEnergies = chunk.channelEnvelopes.isEmpty ? [] : words.map { energies(of: $0, in: chunk) }
        var (pieces, continuations) = spans(words, sides: byChannel ? channelEnergies.map(Diarizer.loudest) : nil)
        // A piece that only continues the one before it (cut at 3 s, mid-sentence, without a pause)
        // is the same voice: it is not embedded, and takes its neighbour's speaker.
        let embedded = pieces.indices.filter {
            pieces[$0].end - pieces[$0].start >= shortestEmbedded && !continuations.contains($0)
        }
        if let embed,
            let vectors = embed(
                embedded.map {
                    TimeSpan(start: pieces[$0].start - chunk.startSeconds, end: pieces[$0].end - chunk.startSeconds)
                })
        {
            for (index, vector) in zip(embedded, vectors) { pieces[index].embedding = VoiceEmbedding(vector) }
        } else if !byChannel {
            for index in pieces.indices { pieces[index].features = features(of: pieces[index], in: chunk) }
        }
        return ChunkTranscript(
            index: chunk.index, startSeconds: chunk.startSeconds,
            endSeconds: chunk.startSeconds + chunk.durationSeconds,
            words: words, channelEnergies: channelEnergies,
            voicePieces: pieces, channelEnergyTotals: totals, channelDifferenceEnergy: difference,
            engineSeconds: heard.engineSeconds, speech: heard.speech, dropped: dropped.sorted { $0.start < $1.start },
            secondLooks: heard.secondLooks, unheard: heard.unheard)
    }

    /// Mean RMS of each channel over the word's frames.
    private static func energies(of word: Word, in chunk: SpeechChunk) -> [Float] {
        let first = max(0, Int((word.start - chunk.startSeconds) * 100))
        return chunk.channelEnvelopes.map { envelope in
            let last = min(envelope.count, max(first + 1, Int((word.end - chunk.startSeconds) * 100 + 0.5)))
            guard first < last else { return 0 }
            return envelope[first..<last].reduce(0, +) / Float(last - first)
        }
    }

    /// Runs of words, each cut after a sentence, a pause of `pieceGap` or `pieceLength` seconds, or
    /// where the word's side (`sides`, the louder channel of each word) changes; and the pieces that
    /// only continue the one before (it was cut for its length alone).
    private static func spans(_ words: [Word], sides: [Int]? = nil) -> (pieces: [VoicePiece], continuations: Set<Int>) {
        var pieces: [VoicePiece] = []
        var continuations = Set<Int>()
        var first = 0
        var lengthOnly = false
        for index in words.indices {
            let isLast = index == words.count - 1
            let paused =
                isLast || words[index + 1].start - words[index].end >= pieceGap
                || sides.map { $0[index] != $0[index + 1] } == true
            let sentence = words[index].punctuatedWord.last.map { ".?!".contains($0) } == true
            let long = words[index].end - words[first].start >= pieceLength
            guard paused || sentence || long else { continue }
            if lengthOnly { continuations.insert(pieces.count) }
            pieces.append(
                VoicePiece(firstWord: first, lastWord: index, start: words[first].start, end: words[index].end))
            lengthOnly = long && !paused && !sentence
            first = index + 1
        }
        return (pieces, continuations)
    }

    private static func features(of piece: VoicePiece, in chunk: SpeechChunk) -> VoiceFeatures? {
        let from = max(0, Int((piece.start - chunk.startSeconds) * 16_000))
        let to = min(chunk.samples.count, Int((piece.end - chunk.startSeconds) * 16_000))
        return from < to ? VoiceFeatures.extract(chunk.samples[from..<to]) : nil
    }
}
