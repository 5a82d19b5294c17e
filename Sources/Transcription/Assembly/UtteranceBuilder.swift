import Transcripts

/// Utterances as Deepgram makes them: consecutive words of one speaker, split at a pause longer than
/// `splitGap` (Deepgram's `utt_split` default, 0.8 s).
enum UtteranceBuilder {
    static let splitGap = 0.8

    static func build(_ words: [Word]) -> [Utterance] {
        var utterances: [Utterance] = []
        var run: [Word] = []
        func close() {
            guard let first = run.first, let last = run.last else { return }
            let score = SentimentLexicon.score(run.map(\.word))
            utterances.append(
                Utterance(
                    start: first.start, end: last.end, speaker: first.speaker, channel: first.channel,
                    transcript: run.map(\.punctuatedWord).joined(separator: " "),
                    confidence: run.reduce(0) { $0 + $1.confidence } / Double(run.count), words: run,
                    sentiment: SentimentLexicon.label(score), sentimentScore: score))
            run = []
        }
        for word in words {
            if let last = run.last, last.speaker != word.speaker || word.start - last.end > splitGap { close() }
            run.append(word)
        }
        close()
        return utterances
    }

    /// Adds lexicon sentiment to utterances that came from elsewhere (a Deepgram response, a sidecar).
    static func scored(_ utterances: [Utterance]) -> [Utterance] {
        utterances.map { utterance in
            var scored = utterance
            let words =
                utterance.words.isEmpty
                ? utterance.transcript.split(separator: " ").map { WordText.normalized(String($0)) }
                : utterance.words.map(\.word)
            scored.sentimentScore = SentimentLexicon.score(words)
            scored.sentiment = SentimentLexicon.label(scored.sentimentScore)
            return scored
        }
    }
}
