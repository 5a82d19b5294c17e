import Transcripts

/// Whether the words of a recording are plainly a dialogue: questions answered at once, which is
/// what two people talking do and one person leaving a message seldom does.
///
/// An *exchange* is a piece of speech ending with a question mark followed, within
/// `answerSeconds`, by a piece that is not a question. When voices that sound alike cluster into
/// one speaker, a stretch of the recording with at least `minimumExchanges` exchanges is split in
/// two after all; the split stands only if at least `agreement` of the exchanges then have the
/// question and the answer on different sides (a monologue's rhetorical questions do not change
/// voice).
enum DialogueEvidence {
    static let answerSeconds = 2.5
    static let minimumExchanges = 3
    static let agreement = 0.6

    /// Index pairs (question, answer) of `pieces` (in time order) over `words`.
    static func exchanges(_ pieces: [(words: Range<Int>, start: Double, end: Double)], words: [Word]) -> [(Int, Int)] {
        func isQuestion(_ piece: Int) -> Bool {
            guard let last = pieces[piece].words.last else { return false }
            return words[last].punctuatedWord.hasSuffix("?")
        }
        return pieces.indices.dropLast().compactMap { index in
            guard isQuestion(index), !isQuestion(index + 1),
                pieces[index + 1].start - pieces[index].end <= answerSeconds
            else { return nil }
            return (index, index + 1)
        }
    }

    /// Whether `labels` (one per piece) put question and answer on different sides often enough.
    static func agrees(_ labels: [Int], with exchanges: [(Int, Int)]) -> Bool {
        guard !exchanges.isEmpty else { return false }
        let changed = exchanges.filter { labels[$0.0] != labels[$0.1] }.count
        return Double(changed) >= agreement * Double(exchanges.count)
    }
}
