/// Turns the worker's answer for a chunk into a `ChunkTranscript`, while the chunk's audio is still
/// in memory: words with absolute times (after the hallucination guard), each word's energy per
/// channel, and voice features for runs of words.
enum ChunkAnalysis {
    /// A new voice piece starts after a sentence ends, after a pause this long, or once a piece spans
    /// this long: short enough to follow a quick exchange, long enough for stable features. Speakers
    /// change at sentence ends far more often than inside sentences, and Whisper's word times can
    /// stretch across a short pause between two speakers.
    static let pieceGap = 0.3
    static let pieceLength = 3.0

    static func make(chunk: SpeechChunk, answer: WorkerAnswer) -> ChunkTranscript {
        var dropped: [String] = []
        var words: [Word] = []
        for segment in answer.segments {
            if let reason = HallucinationGuard.keep(segment) {
                dropped.append(reason)
                continue
            }
            for word in segment.words {
                let normalized = WordText.normalized(word.word)
                guard !normalized.isEmpty else { continue }
                words.append(Word(
                    word: normalized, punctuatedWord: WordText.punctuated(word.word),
                    start: chunk.startSeconds + word.start, end: chunk.startSeconds + max(word.start, word.end),
                    confidence: word.probability))
            }
        }
        let collapsed = HallucinationGuard.collapseRepeats(words)
        if collapsed.removed > 0 { dropped.append("\(collapsed.removed) words of a repeated phrase") }
        words = collapsed.words

        var totals: [Double] = chunk.channelEnvelopes.map { $0.reduce(0) { $0 + Double($1 * $1) } }
        var difference = 0.0
        if chunk.channelEnvelopes.count >= 2 {
            for (left, right) in zip(chunk.channelEnvelopes[0], chunk.channelEnvelopes[1]) {
                difference += Double((left - right) * (left - right))
            }
        } else {
            totals = []
        }
        return ChunkTranscript(
            index: chunk.index, startSeconds: chunk.startSeconds, endSeconds: chunk.startSeconds + chunk.durationSeconds,
            words: words, channelEnergies: chunk.channelEnvelopes.isEmpty ? [] : words.map { energies(of: $0, in: chunk) },
            voicePieces: pieces(words, chunk: chunk), channelEnergyTotals: totals, channelDifferenceEnergy: difference,
            engineSeconds: answer.seconds, dropped: dropped)
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

    private static func pieces(_ words: [Word], chunk: SpeechChunk) -> [VoicePiece] {
        var pieces: [VoicePiece] = []
        var first = 0
        for index in words.indices {
            let isLast = index == words.count - 1
            let breaks = isLast || words[index + 1].start - words[index].end >= pieceGap
                || words[index].end - words[first].start >= pieceLength
                || words[index].punctuatedWord.last.map { ".?!".contains($0) } == true
            guard breaks else { continue }
            let start = words[first].start
            let end = words[index].end
            let from = max(0, Int((start - chunk.startSeconds) * 16_000))
            let to = min(chunk.samples.count, Int((end - chunk.startSeconds) * 16_000))
            let features = from < to ? VoiceFeatures.extract(chunk.samples[from..<to]) : nil
            pieces.append(VoicePiece(firstWord: first, lastWord: index, start: start, end: end, features: features))
            first = index + 1
        }
        return pieces
    }
}
