import Foundation
import Transcripts

/// Checks one conversation against a playbook: did the rep get each talking point across, and ask
/// each required question?
///
/// Matching is by content words (see `ContentWords`), because reps paraphrase: "our plans are
/// month to month" covers the talking point "Month-to-month plans". For each item:
///
///     coverage = |item words ∩ span words| / |item words|
///
/// where a span is one rep utterance or two consecutive rep utterances with nobody between them
/// (one thought that a pause split in two), and the best span wins (ties: a single utterance, then
/// the earliest). Utterances apart across a customer turn are not joined: that pairs unrelated
/// answers ("our business plan…" + "…a one month pilot" would cover "month-to-month plans").
/// An item is covered when coverage ≥ `coverageThreshold` (0.5): half the words of a short
/// playbook line is a paraphrase; fewer is usually a different topic sharing one word.
///
/// A required question only counts when asked as one: its words must be in sentences that end with
/// "?" or open with a question word. When they are only in statements, the item is
/// `statedNotAsked`, not covered.
public enum PlaybookCheck {
    public static let coverageThreshold = 0.5
    /// Quotes are cut at a word boundary below this many characters.
    private static let quoteLimit = 160

    public static func check(_ playbook: Playbook, utterances: [Utterance], repSpeakers: Set<Int>) -> PlaybookReport {
        let isRep = utterances.map { $0.speaker.map(repSpeakers.contains) ?? false }
        let split = zip(utterances, isRep).map { $1 ? sentences($0) : [] }
        let singles = utterances.indices.filter { isRep[$0] }.map { split[$0] }
        let pairs = utterances.indices.dropLast().filter { isRep[$0] && isRep[$0 + 1] }.map {
            split[$0] + split[$0 + 1]
        }
        let spans = singles + pairs
        return PlaybookReport(
            playbook: playbook,
            talkingPoints: playbook.talkingPoints.map { talkingPoint($0, spans) },
            requiredQuestions: playbook.requiredQuestions.map { question($0, spans) })
    }

    /// A sentence the rep said, with when it started and its content words.
    private struct Sentence {
        var text: String
        var start: Double
        var words: Set<String>
        var isQuestion: Bool
    }

    /// A best match: its coverage, the span's sentences that count, and the item's words.
    private struct Match {
        var coverage: Double
        var sentences: [Sentence]
        var itemWords: Set<String>
    }

    private static func talkingPoint(_ text: String, _ spans: [[Sentence]]) -> PlaybookReport.Item {
        let match = best(text, spans, where: { _ in true })
        guard let match, match.coverage >= coverageThreshold else {
            return missed(text, coverage: match?.coverage ?? 0)
        }
        return item(text, .covered, match)
    }

    private static func question(_ text: String, _ spans: [[Sentence]]) -> PlaybookReport.Item {
        if let asked = best(text, spans, where: \.isQuestion), asked.coverage >= coverageThreshold {
            return item(text, .covered, asked)
        }
        guard let said = best(text, spans, where: { _ in true }) else { return missed(text, coverage: 0) }
        return said.coverage >= coverageThreshold
            ? item(text, .statedNotAsked, said) : missed(text, coverage: said.coverage)
    }

    /// The span whose counted sentences hold the largest share of the item's words; strict `>`
    /// keeps the earliest, and single utterances come before pairs in `spans`.
    private static func best(_ text: String, _ spans: [[Sentence]], where counts: (Sentence) -> Bool) -> Match? {
        let itemWords = ContentWords.of(text)
        guard !itemWords.isEmpty else { return nil }
        var best: Match?
        for span in spans {
            let sentences = span.filter(counts)
            let words = sentences.reduce(into: Set<String>()) { $0.formUnion($1.words) }
            let coverage = Double(itemWords.intersection(words).count) / Double(itemWords.count)
            if coverage > best?.coverage ?? 0 {
                best = Match(coverage: coverage, sentences: sentences, itemWords: itemWords)
            }
        }
        return best
    }

    /// The quote runs from the first to the last counted sentence that holds one of the item's
    /// words, so it shows what covered the item and not the small talk around it.
    private static func item(_ text: String, _ status: PlaybookReport.Item.Status, _ match: Match)
        -> PlaybookReport.Item
    {
        let holds = { (sentence: Sentence) in !sentence.words.isDisjoint(with: match.itemWords) }
        let from = match.sentences.firstIndex(where: holds) ?? 0
        let through = match.sentences.lastIndex(where: holds) ?? match.sentences.count - 1
        let quoted = match.sentences[from...through]
        return PlaybookReport.Item(
            text: text, status: status, coverage: match.coverage,
            quote: trimmed(quoted.map(\.text).joined(separator: " ")), startSeconds: quoted.first?.start)
    }

    private static func missed(_ text: String, coverage: Double) -> PlaybookReport.Item {
        PlaybookReport.Item(text: text, status: .missed, coverage: coverage, quote: nil, startSeconds: nil)
    }

    /// Splits an utterance into sentences, timed by their first word when the utterance has words;
    /// otherwise from its transcript, all at the utterance's start.
    private static func sentences(_ utterance: Utterance) -> [Sentence] {
        var sentences: [Sentence] = []
        var current: [String] = []
        var start = utterance.start
        func close() {
            let text = current.joined(separator: " ")
            if !text.isEmpty {
                sentences.append(
                    Sentence(text: text, start: start, words: ContentWords.of(text), isQuestion: isQuestion(text)))
            }
            current = []
        }
        let pieces: [(String, Double)] =
            utterance.words.isEmpty
            ? utterance.transcript.split(whereSeparator: \.isWhitespace).map { (String($0), utterance.start) }
            : utterance.words.map { ($0.punctuatedWord.isEmpty ? $0.word : $0.punctuatedWord, $0.start) }
        for (word, wordStart) in pieces {
            if current.isEmpty { start = wordStart }
            current.append(word)
            if let last = word.last(where: { !"\"'”’)".contains($0) }), ".?!".contains(last) { close() }
        }
        close()
        return sentences
    }

    /// Ends with "?", opens with a question word, or opens with an auxiliary ("Do you…", "Would
    /// that…") and has no "." or "!" to say it is a statement ("Will do.").
    private static func isQuestion(_ sentence: String) -> Bool {
        let text = sentence.trimmingCharacters(in: .whitespaces)
        if text.hasSuffix("?") { return true }
        guard let first = ContentWords.tokens(text).first else { return false }
        if questionWords.contains(first) { return true }
        return auxiliaries.contains(first) && !(text.hasSuffix(".") || text.hasSuffix("!"))
    }

    private static let questionWords: Set<String> = [
        "what", "who", "whom", "whose", "which", "when", "where", "why", "how",
    ]
    private static let auxiliaries: Set<String> = [
        "is", "are", "was", "were", "do", "does", "did", "can", "could", "would", "will", "should", "shall", "have",
        "has", "may",
    ]

    /// At most `quoteLimit` characters, cut at a word boundary with "…".
    private static func trimmed(_ text: String) -> String {
        guard text.count > quoteLimit else { return text }
        let head = text.prefix(quoteLimit - 1)
        let cut = head.lastIndex(of: " ").map { head[..<$0] } ?? head
        return cut.trimmingCharacters(in: .punctuationCharacters.union(.whitespaces)) + "…"
    }
}
