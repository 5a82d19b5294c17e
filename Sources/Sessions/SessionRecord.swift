import Conversations

/// `session.json`: the hosted API's completed all-day session, field for field, plus callsift's
/// `recording_url` and `transcript_url`. Every span the detector weighed is a segment: internal
/// talk, voicemails and fragments too, with `is_sales_conversation: false` and status `skipped`,
/// so `segments_detected` is the number of segments listed and equals analyzed + pending review +
/// skipped (an analysis that failed leaves its segment `analyzed` without counting it analyzed).
public struct SessionRecord: Sendable, Equatable, Codable {
    /// Where a session stands, as the hosted API names it.
    public enum Status: String, Sendable, Codable {
        case transcribing, analyzing, completed, failed
    }

    public var id: String
    public var status: Status
    public var recordingURL: String?
    public var transcriptURL: String?
    public var durationSeconds: Int?
    public var segmentsDetected: Int
    public var segmentsAnalyzed: Int
    public var segmentsPendingReview: Int
    public var segmentsSkipped: Int
    public var segments: [SegmentRecord]
    public var options: [String: JSONValue]
    public var metadata: [String: JSONValue]
    public var callbackURL: String?
    public var error: ErrorObject?
    public var createdAt: String
    public var startedAt: String?
    public var completedAt: String?
    public var partnerOrgID: String?
    public var partnerRepID: String?
    /// What a person should know about the recording although it was processed (it was cut short,
    /// its header lied); absent when there is nothing.
    public var warnings: [String]?
    /// The language the recording was transcribed in (asked for, or detected by the speech model);
    /// absent when unknown.
    public var language: String?

    public init(
        id: String, status: Status, recordingURL: String? = nil, transcriptURL: String? = nil,
        durationSeconds: Int? = nil, segmentsDetected: Int,
        segmentsAnalyzed: Int, segmentsPendingReview: Int, segmentsSkipped: Int, segments: [SegmentRecord],
        options: [String: JSONValue],
        metadata: [String: JSONValue], callbackURL: String? = nil, error: ErrorObject? = nil, createdAt: String,
        startedAt: String? = nil,
        completedAt: String? = nil, partnerOrgID: String? = nil, partnerRepID: String? = nil, warnings: [String]? = nil,
        language: String? = nil
    ) {
        self.language = language
        self.id = id
        self.status = status
        self.recordingURL = recordingURL
        self.transcriptURL = transcriptURL
        self.durationSeconds = durationSeconds
        self.segmentsDetected = segmentsDetected
        self.segmentsAnalyzed = segmentsAnalyzed
        self.segmentsPendingReview = segmentsPendingReview
        self.segmentsSkipped = segmentsSkipped
        self.segments = segments
        self.options = options
        self.metadata = metadata
        self.callbackURL = callbackURL
        self.error = error
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.completedAt = completedAt
        self.partnerOrgID = partnerOrgID
        self.partnerRepID = partnerRepID
        self.warnings = warnings
    }

    /// The segments that are sales conversations: what reports count as conversations.
    public var conversations: [SegmentRecord] { segments.filter(\.isSalesConversation) }

    enum CodingKeys: String, CodingKey {
        case id, status, segments, options, metadata, error, warnings, language
        case recordingURL = "recording_url"
        case transcriptURL = "transcript_url"
        case durationSeconds = "duration_seconds"
        case segmentsDetected = "segments_detected"
        case segmentsAnalyzed = "segments_analyzed"
        case segmentsPendingReview = "segments_pending_review"
        case segmentsSkipped = "segments_skipped"
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
        try c.encode(options, forKey: .options)
        try c.encode(metadata, forKey: .metadata)
        try c.encode(callbackURL, forKey: .callbackURL)
        try c.encode(error, forKey: .error)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(startedAt, forKey: .startedAt)
        try c.encode(completedAt, forKey: .completedAt)
        try c.encode(partnerOrgID, forKey: .partnerOrgID)
        try c.encode(partnerRepID, forKey: .partnerRepID)
        try c.encodeIfPresent(warnings, forKey: .warnings)
        try c.encodeIfPresent(language, forKey: .language)
    }
}

/// One span in `session.json`: the hosted API's segment, plus `kind`, `status_reason`, the
/// customer name's evidence and the detector's `signals`.
public struct SegmentRecord: Sendable, Equatable, Codable {
    public var id: String
    public var startSeconds: Double
    public var endSeconds: Double
    public var confidence: Double
    public var customerName: String?
    public var isSalesConversation: Bool
    public var detectedOutcome: ConversationSegment.Outcome
    public var summary: String
    public var status: ConversationSegment.Status
    public var analysisID: String?
    /// Relative to the session folder: `analyses/<id>.json`.
    public var analysisURL: String?
    public var createdAt: String
    public var analyzedAt: String?
    public var playback: Playback?
    public var kind: ConversationSegment.Kind
    /// Why the segment has its status ("internal: two voices and no selling terms").
    public var statusReason: String
    public var customerNameEvidence: ConversationSegment.NameEvidence?
    public var signals: [String]

    init(id: String, segment: ConversationSegment, createdAt: String, playback: Playback?) {
        self.id = id
        startSeconds = segment.startSeconds
        endSeconds = segment.endSeconds
        confidence = segment.confidence
        customerName = segment.customerName
        isSalesConversation = segment.isSalesConversation
        detectedOutcome = segment.detectedOutcome
        summary = segment.summary
        status = segment.status
        self.createdAt = createdAt
        self.playback = playback
        kind = segment.kind
        statusReason = segment.statusReason
        customerNameEvidence = segment.customerNameEvidence
        signals = segment.signals
    }

    enum CodingKeys: String, CodingKey {
        case id, confidence, summary, status, playback, kind, signals
        case statusReason = "status_reason"
        case customerNameEvidence = "customer_name_evidence"
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
        try c.encode(statusReason, forKey: .statusReason)
        try c.encode(customerNameEvidence, forKey: .customerNameEvidence)
        try c.encode(signals, forKey: .signals)
    }

    /// Sessions stored before every span was a segment read without a status reason.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        startSeconds = try c.decode(Double.self, forKey: .startSeconds)
        endSeconds = try c.decode(Double.self, forKey: .endSeconds)
        confidence = try c.decode(Double.self, forKey: .confidence)
        customerName = try c.decodeIfPresent(String.self, forKey: .customerName)
        isSalesConversation = try c.decode(Bool.self, forKey: .isSalesConversation)
        detectedOutcome = try c.decode(ConversationSegment.Outcome.self, forKey: .detectedOutcome)
        summary = try c.decode(String.self, forKey: .summary)
        status = try c.decode(ConversationSegment.Status.self, forKey: .status)
        analysisID = try c.decodeIfPresent(String.self, forKey: .analysisID)
        analysisURL = try c.decodeIfPresent(String.self, forKey: .analysisURL)
        createdAt = try c.decode(String.self, forKey: .createdAt)
        analyzedAt = try c.decodeIfPresent(String.self, forKey: .analyzedAt)
        playback = try c.decodeIfPresent(Playback.self, forKey: .playback)
        kind =
            try c.decodeIfPresent(ConversationSegment.Kind.self, forKey: .kind)
            ?? (isSalesConversation ? .sales : .internal)
        statusReason = try c.decodeIfPresent(String.self, forKey: .statusReason) ?? ""
        customerNameEvidence = try c.decodeIfPresent(
            ConversationSegment.NameEvidence.self, forKey: .customerNameEvidence)
        signals = try c.decodeIfPresent([String].self, forKey: .signals) ?? []
    }
}
