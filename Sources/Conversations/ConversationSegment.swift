/// One span of a recording the detector weighed, with the hosted API's segment fields: a sales
/// conversation, or what else it was (internal talk, a voicemail, a stray fragment), so that
/// every span is accounted for and nothing vanishes from the output.
public struct ConversationSegment: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// A rep talking with a prospect or customer.
        case sales
        /// Colleagues talking among themselves.
        case `internal`
        /// The rep leaving a message: nobody answers.
        case voicemail
        /// A few words between conversations (a greeting to no one, a line heard over hold music):
        /// too little to be a conversation.
        case fragment
        /// A phone menu or hold messages that nobody answered: time the rep spent waiting on a
        /// line's machine. Not a conversation.
        case automated

        /// Sales, internal talk and voicemails are conversations; fragments and automated lines
        /// are listed so that nothing vanishes, but nobody talked with anybody.
        public var isConversation: Bool { self != .fragment && self != .automated }
    }

    public enum Outcome: String, Sendable, Codable {
        case won, lost, ongoing
        case noDecision = "no_decision"
    }

    /// The hosted API's statuses: what happens to the segment next.
    public enum Status: String, Sendable, Codable {
        case analyzed
        case needsReview = "needs_review"
        case skipped

        /// Below this a sales span is skipped rather than left for review (the hosted API's rule).
        public static let reviewFloor = 0.5

        /// A sales span's status, for every detector: analyzed at `minConfidence` or more, left for
        /// review from `reviewFloor`, else skipped.
        public static func ofSales(confidence: Double, minConfidence: Double) -> Status {
            confidence >= minConfidence ? .analyzed : confidence >= reviewFloor ? .needsReview : .skipped
        }
    }

    /// Where a name was heard: the quote, when, and how many times in the span.
    public struct NameEvidence: Sendable, Equatable, Codable {
        public var quote: String
        public var startSeconds: Double
        public var mentions: Int

        public init(quote: String, startSeconds: Double, mentions: Int) {
            self.quote = quote
            self.startSeconds = startSeconds
            self.mentions = mentions
        }

        enum CodingKeys: String, CodingKey {
            case quote, mentions
            case startSeconds = "start_seconds"
        }
    }

    public var startSeconds: Double
    public var endSeconds: Double
    /// How sure the detector is that this span is one distinct sales conversation (0…1).
    public var confidence: Double
    public var customerName: String?
    /// The quote the customer's name comes from.
    public var customerNameEvidence: NameEvidence?
    /// The rep's name: what the manifest or the playbook knows, else the rep's own introduction.
    public var repName: String?
    public var isSalesConversation: Bool
    public var kind: Kind
    public var detectedOutcome: Outcome
    /// Extractive: who, and what they said about the problem and the outcome, quoted.
    public var summary: String
    public var status: Status
    /// Why the segment has its status, in one sentence a person can act on ("internal: two voices
    /// and no selling", "confidence 0.72 is under min_confidence 0.8").
    public var statusReason: String
    /// Why the detector decided as it did: the signals, for a person to check.
    public var signals: [String]

    public init(
        startSeconds: Double, endSeconds: Double, confidence: Double, customerName: String? = nil,
        customerNameEvidence: NameEvidence? = nil,
        repName: String? = nil, kind: Kind, detectedOutcome: Outcome = .noDecision, summary: String, status: Status,
        statusReason: String,
        signals: [String] = []
    ) {
        self.startSeconds = startSeconds
        self.endSeconds = endSeconds
        self.confidence = confidence
        self.customerName = customerName
        self.customerNameEvidence = customerNameEvidence
        self.repName = repName
        self.isSalesConversation = kind == .sales
        self.kind = kind
        self.detectedOutcome = detectedOutcome
        self.summary = summary
        self.status = status
        self.statusReason = statusReason
        self.signals = signals
    }

    enum CodingKeys: String, CodingKey {
        case confidence, kind, summary, status, signals
        case startSeconds = "start_seconds"
        case endSeconds = "end_seconds"
        case customerName = "customer_name"
        case customerNameEvidence = "customer_name_evidence"
        case repName = "rep_name"
        case isSalesConversation = "is_sales_conversation"
        case detectedOutcome = "detected_outcome"
        case statusReason = "status_reason"
    }

    /// Segments stored before `status_reason` and `customer_name_evidence` existed read with an
    /// empty reason and no evidence.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        startSeconds = try c.decode(Double.self, forKey: .startSeconds)
        endSeconds = try c.decode(Double.self, forKey: .endSeconds)
        confidence = try c.decode(Double.self, forKey: .confidence)
        customerName = try c.decodeIfPresent(String.self, forKey: .customerName)
        customerNameEvidence = try c.decodeIfPresent(NameEvidence.self, forKey: .customerNameEvidence)
        repName = try c.decodeIfPresent(String.self, forKey: .repName)
        isSalesConversation = try c.decode(Bool.self, forKey: .isSalesConversation)
        kind = try c.decode(Kind.self, forKey: .kind)
        detectedOutcome = try c.decode(Outcome.self, forKey: .detectedOutcome)
        summary = try c.decode(String.self, forKey: .summary)
        status = try c.decode(Status.self, forKey: .status)
        statusReason = try c.decodeIfPresent(String.self, forKey: .statusReason) ?? ""
        signals = try c.decodeIfPresent([String].self, forKey: .signals) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(startSeconds, forKey: .startSeconds)
        try c.encode(endSeconds, forKey: .endSeconds)
        try c.encode(confidence, forKey: .confidence)
        try c.encode(customerName, forKey: .customerName)
        try c.encode(customerNameEvidence, forKey: .customerNameEvidence)
        try c.encode(repName, forKey: .repName)
        try c.encode(isSalesConversation, forKey: .isSalesConversation)
        try c.encode(kind, forKey: .kind)
        try c.encode(detectedOutcome, forKey: .detectedOutcome)
        try c.encode(summary, forKey: .summary)
        try c.encode(status, forKey: .status)
        try c.encode(statusReason, forKey: .statusReason)
        try c.encode(signals, forKey: .signals)
    }
}
