import Transcripts

/// How a call went back and forth, measured from the transcript's times and words alone (no
/// judgement, the same for every engine): what a manager looks at before any score.
///
/// - talk share: the rep's speaking seconds over both sides' speaking seconds;
/// - longest monologue: the longest stretch of rep turns with no customer turn between them,
///   from the first one's start to the last one's end;
/// - questions asked: the rep's sentences that are questions (as `questions_asked`);
/// - words per minute: the rep's words over the rep's speaking minutes;
/// - customer's longest story: the longest stretch of customer turns with no rep turn between.
public struct InteractionFigures: Sendable, Equatable {
    public var repTalkShare: Double?
    public var longestMonologueSeconds: Double
    public var questionsAsked: Int
    public var wordsPerMinute: Int
    public var customerLongestStorySeconds: Double

    public init(
        repTalkShare: Double?, longestMonologueSeconds: Double, questionsAsked: Int, wordsPerMinute: Int,
        customerLongestStorySeconds: Double
    ) {
        self.repTalkShare = repTalkShare
        self.longestMonologueSeconds = longestMonologueSeconds
        self.questionsAsked = questionsAsked
        self.wordsPerMinute = wordsPerMinute
        self.customerLongestStorySeconds = customerLongestStorySeconds
    }

    /// The figures of one conversation of a transcript.
    public init(_ slice: CallSlice) {
        let facts = CallFacts(slice)
        let customerSeconds = slice.utterances.filter { !slice.isRep($0) }.reduce(0) { $0 + max(0, $1.end - $1.start) }
        let total = facts.repTalkSeconds + customerSeconds
        repTalkShare = total > 0 ? facts.repTalkSeconds / total : nil
        longestMonologueSeconds = facts.longestMonologue.seconds
        questionsAsked = facts.questions.count
        let minutes = facts.repTalkSeconds / 60
        wordsPerMinute = minutes > 0 ? Int((Double(facts.repWords) / minutes).rounded()) : 0
        customerLongestStorySeconds = facts.longestStory
    }
}
