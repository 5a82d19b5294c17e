import Transcripts

/// A conversation as the conversation-intelligence platform segments it: phases with the
/// transitions between them, key moments with ids, and engagement minute by minute. Computed from
/// the transcript's turns and the built-in lexicon (every engine's analysis carries the same one),
/// each part naming its method.
///
/// - phases (`turn cues`): each turn takes the phase its cues say: `objection_handling` for a
///   customer objection and the rep's next two turns; `close` for an ask, a next step, a time or a
///   commitment; `pitch` for a rep statement naming a gain, proof or a figure; `discovery` for a
///   rep discovery question and the customer's answer. Turns before the first cue are `opening`,
///   turns after the last close cue without another cue `wrap_up`, and any other turn keeps the
///   phase before it. Runs of one phase are merged; a phase shorter than one turn never splits
///   another.
/// - moments (`cues`): objections, price mentions, competitor mentions, calls to action (a rep
///   ask), commitments (the customer's), customer questions, long customer stories (turns of 30 s
///   or more with no rep turn between) and monologues over 60 s.
/// - engagement (`per minute`): for each minute of the conversation, the rep's share of the
///   speaking seconds and the mean lexicon sentiment of the utterances that start in it.
public struct ConversationTimeline: Sendable, Equatable, Codable {
    public struct Phase: Sendable, Equatable, Codable {
        /// `opening`, `discovery`, `pitch`, `objection_handling`, `close`, `wrap_up`.
        public var name: String
        public var startSeconds: Double
        public var endSeconds: Double
        /// The line that opened it.
        public var quote: String

        enum CodingKeys: String, CodingKey {
            case name, quote
            case startSeconds = "start_seconds"
            case endSeconds = "end_seconds"
        }
    }

    public struct Transition: Sendable, Equatable, Codable {
        public var from: String
        public var to: String
        public var atSeconds: Double

        enum CodingKeys: String, CodingKey {
            case from, to
            case atSeconds = "at_seconds"
        }
    }

    public struct KeyMoment: Sendable, Equatable, Codable {
        /// `m1`, `m2`…, in time order: what evidence and reports cite.
        public var id: String
        /// `objection`, `price_mention`, `competitor_mention`, `call_to_action`, `commitment`,
        /// `customer_question`, `long_customer_story`, `monologue`.
        public var type: String
        public var startSeconds: Double
        public var endSeconds: Double
        public var speaker: String
        public var quote: String

        enum CodingKeys: String, CodingKey {
            case id, type, speaker, quote
            case startSeconds = "start_seconds"
            case endSeconds = "end_seconds"
        }
    }

    public struct Minute: Sendable, Equatable, Codable {
        public var startSeconds: Double
        /// The rep's share of the minute's speaking seconds; nil when nobody spoke.
        public var repTalkShare: Double?
        /// Mean sentiment (−1…+1) of the utterances starting in the minute; nil without any.
        public var sentiment: Double?

        enum CodingKeys: String, CodingKey {
            case sentiment
            case startSeconds = "start_seconds"
            case repTalkShare = "rep_talk_share"
        }
    }

    public var phases: [Phase]
    public var transitions: [Transition]
    public var moments: [KeyMoment]
    public var engagement: [Minute]
    /// How each part was computed.
    public var methods: [String: String]

    static let longStorySeconds = 30.0
    static let monologueSeconds = 60.0
    static let competitorWords = PhraseSet([
        "competitor", "competitors", "other vendor", "another vendor", "other provider", "another provider",
        "went with", "switched to", "compared to", "their price", "cheaper elsewhere", "current provider",
    ])

    init(_ facts: CallFacts) {
        let utterances = facts.slice.utterances
        let byTurn = Dictionary(grouping: facts.sentences, by: \.turn)
        let objectionTurns = Set(facts.objections.map(\.turn))
        let closeTurns = Set((facts.asks + facts.steps + facts.commitments + facts.timedSteps).map(\.turn))
        let pitchTurns = Set(
            facts.rep.filter {
                !$0.isQuestion
                    && (Lexicon.value.contains(in: $0.tokens) || Lexicon.proof.contains(in: $0.tokens)
                        || $0.tokens.contains(where: Tokenizer.isNumber))
            }.map(\.turn))
        let discoveryTurns = Set(facts.discoveryQuestions.map(\.turn))

        // A cue per turn, where there is one.
        var cue = [String?](repeating: nil, count: utterances.count)
        for turn in utterances.indices {
            if closeTurns.contains(turn) { cue[turn] = "close" }
            if pitchTurns.contains(turn), cue[turn] == nil { cue[turn] = "pitch" }
            if discoveryTurns.contains(turn), cue[turn] == nil {
                cue[turn] = "discovery"
                // The customer's answer belongs to the question.
                if turn + 1 < utterances.count, !facts.slice.isRep(utterances[turn + 1]) {
                    cue[turn + 1] = cue[turn + 1] ?? "discovery"
                }
            }
        }
        for turn in objectionTurns.sorted() {
            // The objection and the rep's reply: up to the next two turns.
            for reply in turn..<min(utterances.count, turn + 3) where reply == turn || cue[reply] != "close" {
                cue[reply] = "objection_handling"
            }
        }
        let lastClose = cue.lastIndex(of: "close")
        var names: [String] = []
        var current = "opening"
        for turn in utterances.indices {
            if let label = cue[turn] {
                current = label
            } else if let lastClose, turn > lastClose {
                current = "wrap_up"
            }
            names.append(current)
        }
        var phases: [Phase] = []
        for (turn, name) in names.enumerated() {
            let utterance = utterances[turn]
            if let last = phases.indices.last, phases[last].name == name {
                phases[last].endSeconds = max(phases[last].endSeconds, Quote.rounded(utterance.end))
            } else {
                let opening = byTurn[turn]?.first.map { Quote.trimmed($0.text) } ?? Quote.trimmed(utterance.transcript)
                phases.append(
                    Phase(
                        name: name, startSeconds: Quote.rounded(utterance.start),
                        endSeconds: Quote.rounded(utterance.end), quote: opening))
            }
        }
        self.phases = phases
        transitions = zip(phases, phases.dropFirst()).map {
            Transition(from: $0.name, to: $1.name, atSeconds: $1.startSeconds)
        }

        // Moments, in time order, numbered.
        var found: [(type: String, start: Double, end: Double, speaker: String, quote: String)] = []
        func add(_ type: String, _ sentence: Sentence) {
            found.append((type, sentence.start, sentence.end, sentence.fromRep ? "rep" : "customer", sentence.text))
        }
        for objection in facts.objections { add("objection", objection.sentences[0]) }
        var pricedTurns = Set<Int>()
        for sentence in facts.pricing where pricedTurns.insert(sentence.turn).inserted {
            add("price_mention", sentence)
        }
        for sentence in facts.sentences where Self.competitorWords.contains(in: sentence.tokens) {
            add("competitor_mention", sentence)
        }
        for ask in facts.asks { add("call_to_action", ask) }
        for commitment in facts.commitments where !commitment.fromRep { add("commitment", commitment) }
        for question in facts.customer where question.isQuestion { add("customer_question", question) }
        // Runs of one side's turns: the customer's long stories, the rep's monologues.
        var runStart = 0
        for turn in utterances.indices {
            let side = facts.slice.isRep(utterances[turn])
            let ends = turn + 1 == utterances.count || facts.slice.isRep(utterances[turn + 1]) != side
            guard ends else { continue }
            let seconds = utterances[turn].end - utterances[runStart].start
            if let opening = byTurn[runStart]?.first {
                if !side, seconds >= Self.longStorySeconds {
                    found.append(("long_customer_story", opening.start, utterances[turn].end, "customer", opening.text))
                }
                if side, seconds > Self.monologueSeconds {
                    found.append(("monologue", opening.start, utterances[turn].end, "rep", opening.text))
                }
            }
            runStart = turn + 1
        }
        moments = found.sorted { ($0.start, $0.type) < ($1.start, $1.type) }.enumerated().map { index, moment in
            KeyMoment(
                id: "m\(index + 1)", type: moment.type, startSeconds: Quote.rounded(moment.start),
                endSeconds: Quote.rounded(moment.end), speaker: moment.speaker, quote: Quote.trimmed(moment.quote))
        }

        // Engagement, minute by minute.
        let start = facts.slice.startSeconds
        let minutes = max(1, Int(((facts.slice.endSeconds - start) / 60).rounded(.up)))
        engagement = (0..<minutes).map { minute in
            let from = start + Double(minute) * 60
            let to = from + 60
            var rep = 0.0
            var all = 0.0
            var sentiments: [Double] = []
            for utterance in utterances {
                let overlap = max(0, min(utterance.end, to) - max(utterance.start, from))
                all += overlap
                if facts.slice.isRep(utterance) { rep += overlap }
                if utterance.start >= from && utterance.start < to { sentiments.append(utterance.sentimentScore) }
            }
            return Minute(
                startSeconds: Quote.rounded(from), repTalkShare: all > 0 ? Quote.rounded(rep / all) : nil,
                sentiment: sentiments.isEmpty
                    ? nil : Quote.rounded(sentiments.reduce(0, +) / Double(sentiments.count)))
        }
        methods = [
            "phases":
                "turn cues: objection and the rep's next two turns → objection_handling; ask, step, time or commitment → close; a rep gain, proof or figure → pitch; a discovery question and its answer → discovery; before the first cue opening, after the last close wrap_up, otherwise the phase before",
            "moments":
                "cues: objections, price words, competitor words, rep asks, customer commitments, customer questions, customer runs of 30 s or more, rep runs over 60 s",
            "engagement":
                "per minute: the rep's share of speaking seconds, and the mean lexicon sentiment of the utterances starting in it",
        ]
    }

    enum CodingKeys: String, CodingKey {
        case phases, transitions, moments, engagement, methods
    }
}
