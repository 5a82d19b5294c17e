import Scoring
import Transcripts

/// `analyses/<id>.json`: the analysis API's analysis record, field for field, with `parent_session_id` set.
/// `cost_usd_cents` is what an LLM analyzer's requests cost, rounded to a cent (0 for the built-in
/// engine, which runs offline); the exact fraction is in the usage table.
public struct AnalysisRecord: Sendable, Equatable, Codable {
    /// An analysis is written once it is done: scored, or failed with its error.
    public enum Status: String, Sendable, Codable {
        case completed, failed
    }

    public var id: String
    public var status: Status
    public var recordingURL: String?
    public var transcriptURL: String?
    public var callbackURL: String?
    public var options: [String: JSONValue]
    public var metadata: [String: JSONValue]
    public var transcript: SlicedTranscript
    public var analysis: Analysis?
    public var error: ErrorObject?
    public var durationSeconds: Int?
    public var costUSDCents: Int
    public var createdAt: String
    public var startedAt: String?
    public var completedAt: String?
    public var partnerOrgID: String?
    public var partnerRepID: String?
    public var parentSessionID: String?

    /// The analysis API's `transcript`: the conversation's part of the recording's transcript.
    public struct SlicedTranscript: Sendable, Equatable, Codable {
        public struct Line: Sendable, Equatable, Codable {
            public var start: Double
            public var end: Double
            /// "rep", "customer", or "speaker N" when the role is unknown.
            public var speaker: String
            public var transcript: String
            public var text: String
        }

        public var text: String
        public var utterances: [Line]
        public var words: [Word]
        public var wordCount: Int
        public var durationSeconds: Double
        public var overallSentiment: String
        public var sentimentScore: Double

        init(_ slice: CallSlice, roles: [Int: Speaker.Role]) {
            utterances = slice.utterances.map { utterance in
                let role = utterance.speaker.flatMap { roles[$0] }
                let speaker = role == .rep || role == .customer ? role!.rawValue : "speaker \(utterance.speaker ?? 0)"
                return Line(
                    start: utterance.start, end: utterance.end, speaker: speaker, transcript: utterance.transcript,
                    text: utterance.transcript)
            }
            text = slice.utterances.map(\.transcript).joined(separator: " ")
            words = slice.utterances.flatMap(\.words)
            wordCount = slice.utterances.reduce(0) {
                $0 + ($1.words.isEmpty ? $1.transcript.split(separator: " ").count : $1.words.count)
            }
            durationSeconds = ((slice.endSeconds - slice.startSeconds) * 1000).rounded() / 1000
            // Word-weighted, as the whole recording's sentiment is.
            let weights = slice.utterances.map { Double(max(1, $0.words.count)) }
            let total = weights.reduce(0, +)
            sentimentScore =
                total == 0 ? 0 : zip(slice.utterances, weights).reduce(0) { $0 + $1.0.sentimentScore * $1.1 } / total
            overallSentiment = SentimentLexicon.label(sentimentScore).rawValue
        }

        enum CodingKeys: String, CodingKey {
            case text, utterances, words
            case wordCount = "word_count"
            case durationSeconds = "duration_seconds"
            case overallSentiment = "overall_sentiment"
            case sentimentScore = "sentiment_score"
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, status, options, metadata, transcript, analysis, error
        case recordingURL = "recording_url"
        case transcriptURL = "transcript_url"
        case callbackURL = "callback_url"
        case durationSeconds = "duration_seconds"
        case costUSDCents = "cost_usd_cents"
        case createdAt = "created_at"
        case startedAt = "started_at"
        case completedAt = "completed_at"
        case partnerOrgID = "partner_org_id"
        case partnerRepID = "partner_rep_id"
        case parentSessionID = "parent_session_id"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(status, forKey: .status)
        try c.encode(recordingURL, forKey: .recordingURL)
        try c.encode(transcriptURL, forKey: .transcriptURL)
        try c.encode(callbackURL, forKey: .callbackURL)
        try c.encode(options, forKey: .options)
        try c.encode(metadata, forKey: .metadata)
        try c.encode(transcript, forKey: .transcript)
        try c.encode(analysis, forKey: .analysis)
        try c.encode(error, forKey: .error)
        try c.encode(durationSeconds, forKey: .durationSeconds)
        try c.encode(costUSDCents, forKey: .costUSDCents)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(startedAt, forKey: .startedAt)
        try c.encode(completedAt, forKey: .completedAt)
        try c.encode(partnerOrgID, forKey: .partnerOrgID)
        try c.encode(partnerRepID, forKey: .partnerRepID)
        try c.encode(parentSessionID, forKey: .parentSessionID)
    }
}
