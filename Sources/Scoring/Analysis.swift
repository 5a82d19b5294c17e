/// The analysis API's `analysis` object, every field, plus `moments` and per-pillar `evidence`.
///
/// Scores are integers 0–100. Encoding writes `null` for absent values, as the seed does.
public struct Analysis: Sendable, Equatable, Codable {
    public enum Pillar: String, Sendable, Codable, CaseIterable {
        case clarity, influence, objection, discovery, delivery, close
    }

    public var prospectName: String?
    public var recordingTitle: String
    public var doubleDown: String
    public var aiSummary: String
    public var aiSummaryV5: String
    public var questionsAsked: Int
    public var fillerWordCount: Int
    public var wordsPerMinute: Int
    public var overallScore: Int
    public var clarityScore: Int
    public var influenceScore: Int
    public var objectionScore: Int
    public var discoveryScore: Int
    public var deliveryScore: Int
    public var closeScore: Int
    public var feedbackV5: FeedbackV5
    public var actionPlanV5: ActionPlanV5
    public var organizationPromptSummary: String?
    public var organizationFeedback: String?
    /// The built-in analyzer's method and its version: change either and scores may change.
    public var masterPromptID: String
    public var masterPromptVersion: String
    public var personaSnapshot: PersonaSnapshot
    public var synthesisSnapshot: SynthesisSnapshot
    /// Objections, pricing, next steps and commitments, in time order.
    public var moments: [Moment]
    /// Per pillar: the measures, the formula and the quotes behind its score.
    public var evidence: [String: PillarEvidence]
    /// Phases, transitions, key moments and engagement per minute (`ConversationTimeline`), the
    /// same for every engine; nil in analyses written before it existed.
    public var timeline: ConversationTimeline? = nil

    /// Who the analysis is about, as the analyzer saw them.
    public struct PersonaSnapshot: Sendable, Equatable, Codable {
        public var repName: String?
        public var repSpeakers: [Int]
        /// True when the transcript had no roles and the most talkative speaker was taken as the rep.
        public var repInferred: Bool
        public var prospectName: String?

        enum CodingKeys: String, CodingKey {
            case repName = "rep_name"
            case repSpeakers = "rep_speakers"
            case repInferred = "rep_inferred"
            case prospectName = "prospect_name"
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(repName, forKey: .repName)
            try c.encode(repSpeakers, forKey: .repSpeakers)
            try c.encode(repInferred, forKey: .repInferred)
            try c.encode(prospectName, forKey: .prospectName)
        }
    }

    /// What the scores were computed from.
    public struct SynthesisSnapshot: Sendable, Equatable, Codable {
        public var engine: String
        public var startSeconds: Double
        public var endSeconds: Double
        public var sentences: Int
        public var playbookID: String?
        /// How the playbook was chosen (the all-day session API's order): request_content, playbook_id, rep, org; null without one.
        public var playbookVia: String?
        /// Pillars left out of the overall score because the call gave nothing to measure.
        public var unmeasuredPillars: [String]
        /// What an engine other than the built-in one adds (see `EngineDetails`); absent, and not
        /// written, for the built-in analyzer.
        public var details: EngineDetails?

        enum CodingKeys: String, CodingKey {
            case engine, sentences, details
            case startSeconds = "start_seconds"
            case endSeconds = "end_seconds"
            case playbookID = "playbook_id"
            case playbookVia = "playbook_via"
            case unmeasuredPillars = "unmeasured_pillars"
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(engine, forKey: .engine)
            try c.encode(startSeconds, forKey: .startSeconds)
            try c.encode(endSeconds, forKey: .endSeconds)
            try c.encode(sentences, forKey: .sentences)
            try c.encode(playbookID, forKey: .playbookID)
            try c.encode(playbookVia, forKey: .playbookVia)
            try c.encode(unmeasuredPillars, forKey: .unmeasuredPillars)
            if let details { try c.encode(details, forKey: .details) }
        }

        public init(
            engine: String, startSeconds: Double, endSeconds: Double, sentences: Int, playbookID: String?,
            playbookVia: String?,
            unmeasuredPillars: [String], details: EngineDetails? = nil
        ) {
            self.engine = engine
            self.startSeconds = startSeconds
            self.endSeconds = endSeconds
            self.sentences = sentences
            self.playbookID = playbookID
            self.playbookVia = playbookVia
            self.unmeasuredPillars = unmeasuredPillars
            self.details = details
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            engine = try c.decode(String.self, forKey: .engine)
            startSeconds = try c.decode(Double.self, forKey: .startSeconds)
            endSeconds = try c.decode(Double.self, forKey: .endSeconds)
            sentences = try c.decode(Int.self, forKey: .sentences)
            playbookID = try c.decodeIfPresent(String.self, forKey: .playbookID)
            playbookVia = try c.decodeIfPresent(String.self, forKey: .playbookVia)
            unmeasuredPillars = try c.decode([String].self, forKey: .unmeasuredPillars)
            details = try c.decodeIfPresent(EngineDetails.self, forKey: .details)
        }
    }

    public mutating func setScore(_ pillar: Pillar, _ score: Int) {
        switch pillar {
        case .clarity: clarityScore = score
        case .influence: influenceScore = score
        case .objection: objectionScore = score
        case .discovery: discoveryScore = score
        case .delivery: deliveryScore = score
        case .close: closeScore = score
        }
    }

    public func score(_ pillar: Pillar) -> Int {
        switch pillar {
        case .clarity: clarityScore
        case .influence: influenceScore
        case .objection: objectionScore
        case .discovery: discoveryScore
        case .delivery: deliveryScore
        case .close: closeScore
        }
    }

    enum CodingKeys: String, CodingKey {
        case moments, evidence, timeline
        case prospectName = "prospect_name"
        case recordingTitle = "recording_title"
        case doubleDown = "double_down"
        case aiSummary = "ai_summary"
        case aiSummaryV5 = "ai_summary_v5"
        case questionsAsked = "questions_asked"
        case fillerWordCount = "filler_word_count"
        case wordsPerMinute = "words_per_minute"
        case overallScore = "overall_score"
        case clarityScore = "clarity_score"
        case influenceScore = "influence_score"
        case objectionScore = "objection_score"
        case discoveryScore = "discovery_score"
        case deliveryScore = "delivery_score"
        case closeScore = "close_score"
        case feedbackV5 = "feedback_v5"
        case actionPlanV5 = "action_plan_v5"
        case organizationPromptSummary = "organization_prompt_summary"
        case organizationFeedback = "organization_feedback"
        case masterPromptID = "master_prompt_id"
        case masterPromptVersion = "master_prompt_version"
        case personaSnapshot = "persona_snapshot"
        case synthesisSnapshot = "synthesis_snapshot"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(prospectName, forKey: .prospectName)
        try c.encode(recordingTitle, forKey: .recordingTitle)
        try c.encode(doubleDown, forKey: .doubleDown)
        try c.encode(aiSummary, forKey: .aiSummary)
        try c.encode(aiSummaryV5, forKey: .aiSummaryV5)
        try c.encode(questionsAsked, forKey: .questionsAsked)
        try c.encode(fillerWordCount, forKey: .fillerWordCount)
        try c.encode(wordsPerMinute, forKey: .wordsPerMinute)
        try c.encode(overallScore, forKey: .overallScore)
        try c.encode(clarityScore, forKey: .clarityScore)
        try c.encode(influenceScore, forKey: .influenceScore)
        try c.encode(objectionScore, forKey: .objectionScore)
        try c.encode(discoveryScore, forKey: .discoveryScore)
        try c.encode(deliveryScore, forKey: .deliveryScore)
        try c.encode(closeScore, forKey: .closeScore)
        try c.encode(feedbackV5, forKey: .feedbackV5)
        try c.encode(actionPlanV5, forKey: .actionPlanV5)
        try c.encode(organizationPromptSummary, forKey: .organizationPromptSummary)
        try c.encode(organizationFeedback, forKey: .organizationFeedback)
        try c.encode(masterPromptID, forKey: .masterPromptID)
        try c.encode(masterPromptVersion, forKey: .masterPromptVersion)
        try c.encode(personaSnapshot, forKey: .personaSnapshot)
        try c.encode(synthesisSnapshot, forKey: .synthesisSnapshot)
        try c.encode(moments, forKey: .moments)
        try c.encode(evidence, forKey: .evidence)
        try c.encodeIfPresent(timeline, forKey: .timeline)
    }
}

extension Analysis.Pillar {
    /// Ties between equal scores go to what the rep did over how they sounded: a clean transcript
    /// alone makes clarity 100, which is no behaviour to double down on.
    public static let tieOrder: [Analysis.Pillar] = [.close, .objection, .discovery, .influence, .delivery, .clarity]

    /// The strongest and weakest of `scores` (pass the measured pillars only); nil when empty.
    public static func extremes(_ scores: [(Analysis.Pillar, Int)]) -> (
        strongest: Analysis.Pillar, weakest: Analysis.Pillar
    )? {
        func rank(_ entry: (Analysis.Pillar, Int)) -> (Int, Int) { (entry.1, -tieOrder.firstIndex(of: entry.0)!) }
        guard let strongest = scores.max(by: { rank($0) < rank($1) }),
            let weakest = scores.min(by: { rank($0) < rank($1) })
        else { return nil }
        return (strongest.0, weakest.0)
    }
}

extension Analysis {
    /// The pillars `double_down` and the action plan are about: the strongest and weakest measured one.
    public var extremes: (strongest: Pillar, weakest: Pillar) {
        let unmeasured = Set(synthesisSnapshot.unmeasuredPillars)
        let measured = Pillar.allCases.filter { !unmeasured.contains($0.rawValue) }.map { ($0, score($0)) }
        return Pillar.extremes(measured) ?? (.clarity, .clarity)
    }
}

extension FeedbackV5 {
    public func pair(_ pillar: Analysis.Pillar) -> Pair {
        switch pillar {
        case .clarity: clarity
        case .influence: influence
        case .objection: objection
        case .discovery: discovery
        case .delivery: delivery
        case .close: close
        }
    }

    public mutating func setPair(_ pillar: Analysis.Pillar, _ pair: Pair) {
        switch pillar {
        case .clarity: clarity = pair
        case .influence: influence = pair
        case .objection: objection = pair
        case .discovery: discovery = pair
        case .delivery: delivery = pair
        case .close: close = pair
        }
    }
}
