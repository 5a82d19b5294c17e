import Foundation
import Transcripts

/// Everything the pillars measure, computed once per conversation from its sentences.
struct CallFacts: Sendable {
    struct Objection: Sendable {
        let sentences: [Sentence]
        let categories: [String]
        let acknowledged: Sentence?
        let asked: Sentence?
        let answered: Sentence?
        /// The customer's next turn after the rep's reply raises no new objection and is not negative.
        let resolved: Sentence?
        var turn: Int { sentences[0].turn }
    }

    let slice: CallSlice
    let sentences: [Sentence]
    let rep: [Sentence]
    let customer: [Sentence]
    let repWords: Int
    let customerWords: Int
    let repTalkSeconds: Double
    let questions: [Sentence]
    let discoveryQuestions: [Sentence]
    let objections: [Objection]
    let asks: [Sentence]
    /// A step both sides can act on, said in a turn that also names a time ("Tuesday at ten").
    let timedSteps: [Sentence]
    let steps: [Sentence]
    let commitments: [Sentence]
    let pricing: [Sentence]
    /// Seconds the rep waited after the customer finished, one per customer → rep hand-over.
    let replyGaps: [Double]
    /// Rep turns that started more than 0.25 s before the customer's turn had ended.
    let interruptions: [Sentence]
    /// Silences over 5 s between turns, each with the line that broke it.
    let deadAir: [(seconds: Double, after: Sentence)]
    /// The longest stretch of rep turns with no customer turn between them.
    let longestMonologue: (seconds: Double, opening: Sentence?)
    /// The longest stretch of customer turns with no rep turn between them: the customer telling
    /// their story, which good discovery draws out.
    let longestStory: Double

    var duration: Double { max(1, slice.endSeconds - slice.startSeconds) }

    /// " between m:ss and m:ss": where a finding of absence applies.
    var span: String { " between \(Quote.clock(slice.startSeconds)) and \(Quote.clock(slice.endSeconds))" }

    static let identification = PhraseSet([
        "am i speaking", "is this", "who am i speaking", "how are you", "who is this", "is that",
    ])

    init(_ slice: CallSlice) {
        self.slice = slice
        let utterances = slice.utterances
        sentences = Sentence.split(utterances, isRep: slice.isRep)
        rep = sentences.filter(\.fromRep)
        customer = sentences.filter { !$0.fromRep }
        repWords = rep.reduce(0) { $0 + $1.tokens.count }
        customerWords = customer.reduce(0) { $0 + $1.tokens.count }
        repTalkSeconds = utterances.filter(slice.isRep).reduce(0) { $0 + max(0, $1.end - $1.start) }
        questions = rep.filter(\.isQuestion)
        asks = rep.filter { Lexicon.asks.contains(in: $0.tokens) && ($0.isQuestion || $0.tokens.first == "let's") }
        let askStarts = Set(asks.map(\.start))
        // "Am I speaking with Jordan?" identifies; "How are you handling phones for the new hires?" discovers.
        discoveryQuestions = questions.filter {
            !($0.tokens.count <= 7 && Self.identification.contains(in: Array($0.tokens.prefix(5))))
                && !askStarts.contains($0.start)
        }
        pricing = sentences.filter { Lexicon.pricing.contains(in: $0.tokens) }

        // Steps and times are matched per turn: "Tuesday at ten works. Send me the invite." is one step.
        let byTurn = Dictionary(grouping: sentences, by: \.turn)
        let turnOrder = byTurn.keys.sorted()
        var timed: [Sentence] = []
        var steps: [Sentence] = []
        for turn in turnOrder {
            let turnSentences = byTurn[turn]!
            let tokens = turnSentences.flatMap(\.tokens)
            guard let step = turnSentences.first(where: { Lexicon.nextSteps.contains(in: $0.tokens) }) else { continue }
            steps.append(step)
            if Lexicon.times.contains(in: tokens) {
                timed.append(turnSentences.first { Lexicon.times.contains(in: $0.tokens) } ?? step)
            }
        }
        self.steps = steps
        timedSteps = timed
        commitments = customer.filter {
            Lexicon.commitments.contains(in: $0.tokens)
                || (Lexicon.times.contains(in: $0.tokens) && $0.tokens.contains("works"))
        }

        // Objections: customer turns with an objection cue, and what the rep did in the next two turns.
        var objections: [Objection] = []
        for (position, turn) in turnOrder.enumerated() where !byTurn[turn]![0].fromRep {
            let raised = byTurn[turn]!.filter { sentence in
                Lexicon.objections.contains { $0.phrases.contains(in: sentence.tokens) }
            }
            guard !raised.isEmpty else { continue }
            let categories = Lexicon.objections.filter { entry in
                raised.contains { entry.phrases.contains(in: $0.tokens) }
            }.map(\.category)
            let later = turnOrder[(position + 1)...]
            let repTurns = later.filter { byTurn[$0]![0].fromRep }.prefix(2)
            let window = repTurns.flatMap { byTurn[$0]! }
            let firstReply = repTurns.first.map { byTurn[$0]! } ?? []
            let words = raised.reduce(into: Set<String>()) { $0.formUnion(ContentWords.of($1.text)) }
            let answered = window.first { sentence in
                let substantive =
                    Lexicon.value.contains(in: sentence.tokens) || Lexicon.proof.contains(in: sentence.tokens)
                    || sentence.tokens.contains(where: Tokenizer.isNumber)
                    || !ContentWords.of(sentence.text).isDisjoint(with: words)
                return substantive && (!sentence.isQuestion || sentence.tokens.first == "if")
            }
            var resolved: Sentence?
            if let replyTurn = repTurns.first,
                let next = later.first(where: { $0 > replyTurn && !byTurn[$0]![0].fromRep })
            {
                let nextSentences = byTurn[next]!
                let objects = nextSentences.contains { sentence in
                    Lexicon.objections.contains { $0.phrases.contains(in: sentence.tokens) }
                }
                let score = SentimentLexicon.score(nextSentences.flatMap(\.tokens))
                if !objects, score > -SentimentLexicon.positiveThreshold { resolved = nextSentences.first }
            }
            objections.append(
                Objection(
                    sentences: raised, categories: categories,
                    acknowledged: firstReply.first { Lexicon.acknowledgements.contains(in: $0.tokens) },
                    asked: window.first(where: \.isQuestion), answered: answered, resolved: resolved))
        }
        self.objections = objections

        // Turn-taking, from the utterances' times.
        var gaps: [Double] = []
        var interruptions: [Sentence] = []
        var deadAir: [(Double, Sentence)] = []
        var longest = (seconds: 0.0, opening: Sentence?.none)
        var runStart: Double?
        var story = 0.0
        var storyStart: Double?
        var runOpening: Sentence?
        func sentence(at index: Int) -> Sentence? { byTurn[index]?.first }
        for (index, utterance) in utterances.enumerated() {
            let isRep = slice.isRep(utterance)
            if index > 0 {
                let previous = utterances[index - 1]
                let gap = utterance.start - previous.end
                if isRep, !slice.isRep(previous) {
                    if gap < -0.25, let s = sentence(at: index) { interruptions.append(s) }
                    gaps.append(max(0, gap))
                }
                if gap > 5, let s = sentence(at: index) { deadAir.append((gap, s)) }
            }
            if isRep {
                if runStart == nil {
                    runStart = utterance.start
                    runOpening = sentence(at: index)
                }
                let length = utterance.end - runStart!
                if length > longest.seconds { longest = (length, runOpening) }
                storyStart = nil
            } else {
                runStart = nil
                let start = storyStart ?? utterance.start
                storyStart = start
                story = max(story, utterance.end - start)
            }
        }
        longestStory = story
        replyGaps = gaps
        self.interruptions = interruptions
        self.deadAir = deadAir
        longestMonologue = longest
    }
}
