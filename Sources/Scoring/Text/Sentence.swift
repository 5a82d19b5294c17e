import Transcripts

/// One sentence of one speaker with its time: the unit every measure counts and every quote cites.
struct Sentence: Sendable {
    let text: String
    let tokens: [String]
    let start: Double
    let end: Double
    let fromRep: Bool
    /// Index of the utterance (turn) it belongs to, within the conversation.
    let turn: Int

    static let interrogatives: Set<String> = ["what", "how", "why", "which", "who", "where", "when", "whose"]
    static let openers: Set<String> = ["tell", "walk", "describe", "explain"]

    static let questionOpeners: Set<String> = ["what", "how", "why"]

    /// Ends with "?", or a clause opens with what/how/why ("That sounds expensive, roughly how much
    /// do those come to each month."): small engines often drop the question mark.
    var isQuestion: Bool {
        if text.hasSuffix("?") { return true }
        if text.hasSuffix("!") { return false }
        return text.split(separator: ",").contains { clause in
            Tokenizer.tokens(String(clause)).prefix(2).contains(where: Self.questionOpeners.contains)
        }
    }

    /// Open questions invite an answer in the customer's words: a question word or "tell me / walk
    /// me through" within the first four words ("Can I ask which features…" is open); the rest are closed.
    var isOpenQuestion: Bool {
        isQuestion && tokens.prefix(4).contains { Self.interrogatives.contains($0) || Self.openers.contains($0) }
    }

    /// Splits utterances into sentences at ".", "?" and "!", timing each by its words.
    static func split(_ utterances: [Utterance], isRep: (Utterance) -> Bool) -> [Sentence] {
        var sentences: [Sentence] = []
        for (turn, utterance) in utterances.enumerated() {
            let fromRep = isRep(utterance)
            if utterance.words.isEmpty {
                // Imported utterances without word times: sentences share the utterance's span evenly.
                let parts = pieces(utterance.transcript.split(separator: " ").map(String.init))
                let step = (utterance.end - utterance.start) / Double(max(1, parts.count))
                for (index, part) in parts.enumerated() {
                    sentences.append(
                        Sentence(
                            text: part.joined(separator: " "), tokens: Tokenizer.tokens(part.joined(separator: " ")),
                            start: utterance.start + Double(index) * step,
                            end: utterance.start + Double(index + 1) * step,
                            fromRep: fromRep, turn: turn))
                }
                continue
            }
            var run: [Word] = []
            func close() {
                guard let first = run.first, let last = run.last else { return }
                let text = run.map(\.punctuatedWord).joined(separator: " ")
                sentences.append(
                    Sentence(
                        text: text, tokens: Tokenizer.tokens(text), start: first.start, end: last.end, fromRep: fromRep,
                        turn: turn))
                run = []
            }
            for word in utterance.words {
                run.append(word)
                if endsSentence(word.punctuatedWord) { close() }
            }
            close()
        }
        return sentences.filter { !$0.tokens.isEmpty }
    }

    private static func endsSentence(_ word: String) -> Bool {
        guard let last = word.last else { return false }
        return last == "." || last == "?" || last == "!"
    }

    private static func pieces(_ words: [String]) -> [[String]] {
        var pieces: [[String]] = []
        var run: [String] = []
        for word in words {
            run.append(word)
            if endsSentence(word) {
                pieces.append(run)
                run = []
            }
        }
        if !run.isEmpty { pieces.append(run) }
        return pieces
    }
}
