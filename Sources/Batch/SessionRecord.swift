import Conversations

/// `session.json`: seed 000's completed all-day session, field for field, plus callsift's
/// `recording_url`, `transcript_url` and `other_spans` (internal talk and voicemails, never counted
/// as conversations: a day of only those has `segments_detected: 0`, as the seed says).
public struct SessionRecord: Sendable, Equatable, Codable {
    public var id: String
    public var status: String
    public var recordingURL: String?
    public var transcriptURL: String?
    public var durationSeconds: Int?
    public var segmentsDetected: Int
    public var segmentsAnalyzed: Int
    public var segmentsPendingReview: Int
    public var segmentsSkipped: Int
    public var segments: [SegmentRecord]
    public var otherSpans: [OtherSpan]
    public var options: [String: JSONValue]
    public var metadata: [String: JSONValue]
    public var callbackURL: String?
    public var error: ErrorObject?
    public var createdAt: String
    public var startedAt: String?
    public var completedAt: String?
    public var partnerOrgID: String?
    public var partnerRepID: String?

    /// A span that is not a sales conversation: what it was and why the detector thought so.
    public struct OtherSpan: Sendable, Equatable, Codable {
        public var startSeconds: Double
        public var endSeconds: Double
        public var kind: String
        public var summary: String
        public var signals: [String]

        enum CodingKeys: String, CodingKey {
            case kind, summary, signals
            case startSeconds = "start_seconds"
            case endSeconds = "end_seconds"
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, status, segments, options, metadata, error
        case recordingURL = "recording_url"
        case transcriptURL = "transcript_url"
        case durationSeconds = "duration_seconds"
        case segmentsDetected = "segments_detected"
        case segmentsAnalyzed = "segments_analyzed"
        case segmentsPendingReview = "segments_pending_review"
        case segmentsSkipped = "segments_skipped"
        case otherSpans = "other_spans"
        case callbackURL = "callback_url"
        case createdAt = "created_at"
        case startedAt = "started_at"
        case completedAt = "completed_at"
        case partnerOrgID = "partner_org_id"
        case partnerRepID = "partner_rep_id"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(status, forKey: .status)
        try c.encode(recordingURL, forKey: .recordingURL)
        try c.encode(transcriptURL, forKey: .transcriptURL)
        try c.encode(durationSeconds, forKey: .durationSeconds)
        try c.encode(segmentsDetected, forKey: .segmentsDetected)
        try c.encode(segmentsAnalyzed, forKey: .segmentsAnalyzed)
        try c.encode(segmentsPendingReview, forKey: .segmentsPendingReview)
        try c.encode(segmentsSkipped, forKey: .segmentsSkipped)
        try c.encode(segments, forKey: .segments)
        try c.encode(otherSpans, forKey: .otherSpans)
        try c.encode(options, forKey: .options)
        try c.encode(metadata, forKey: .metadata)
        try c.encode(callbackURL, forKey: .callbackURL)
        try c.encode(error, forKey: .error)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(startedAt, forKey: .startedAt)
        try c.encode(completedAt, forKey: .completedAt)
        try c.encode(partnerOrgID, forKey: .partnerOrgID)
        try c.encode(partnerRepID, forKey: .partnerRepID)
    }
}

/// One detected conversation in `session.json` (seed 000's segment), plus `kind` and the
/// detector's `signals`.
public struct SegmentRecord: Sendable, Equatable, Codable {
    public var id: String
    public var startSeconds: Double
    public var endSeconds: Double
    public var confidence: Double
    public var customerName: String?
    public var isSalesConversation: Bool
    public var detectedOutcome: String
    public var summary: String
    public var status: String
    public var analysisID: String?
    /// Relative to the session folder: `analyses/<id>.json`.
    public var analysisURL: String?
    public var createdAt: String
    public var analyzedAt: String?
    public var playback: Playback?
    public var kind: String
    public var signals: [String]

    init(id: String, segment: ConversationSegment, createdAt: String, playback: Playback?) {
        self.id = id
        startSeconds = segment.startSeconds
        endSeconds = segment.endSeconds
        confidence = segment.confidence
        customerName = segment.customerName
        isSalesConversation = segment.isSalesConversation
        detectedOutcome = segment.detectedOutcome.rawValue
        summary = segment.summary
        status = segment.status.rawValue
        self.createdAt = createdAt
        self.playback = playback
        kind = segment.kind.rawValue
        signals = segment.signals
    }

    enum CodingKeys: String, CodingKey {
        case id, confidence, summary, status, playback, kind, signals
        case startSeconds = "start_seconds"
        case endSeconds = "end_seconds"
        case customerName = "customer_name"
        case isSalesConversation = "is_sales_conversation"
        case detectedOutcome = "detected_outcome"
        case analysisID = "analysis_id"
        case analysisURL = "analysis_url"
        case createdAt = "created_at"
        case analyzedAt = "analyzed_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(startSeconds, forKey: .startSeconds)
        try c.encode(endSeconds, forKey: .endSeconds)
        try c.encode(confidence, forKey: .confidence)
        try c.encode(customerName, forKey: .customerName)
        try c.encode(isSalesConversation, forKey: .isSalesConversation)
        try c.encode(detectedOutcome, forKey: .detectedOutcome)
        try c.encode(summary, forKey: .summary)
        try c.encode(status, forKey: .status)
        try c.encode(analysisID, forKey: .analysisID)
        try c.encode(analysisURL, forKey: .analysisURL)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(analyzedAt, forKey: .analyzedAt)
        try c.encode(playback, forKey: .playback)
        try c.encode(kind, forKey: .kind)
        try c.encode(signals, forKey: .signals)
    }
}
