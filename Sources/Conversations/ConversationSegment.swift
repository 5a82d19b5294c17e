/// One conversation found in a recording, with seed 000's segment fields.
public struct ConversationSegment: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// A rep talking with a prospect or customer.
        case sales
        /// Colleagues talking among themselves.
        case `internal`
        /// The rep leaving a message: nobody answers.
        case voicemail
    }

    public enum Outcome: String, Sendable, Codable {
        case won, lost, ongoing
        case noDecision = "no_decision"
    }

    /// Seed 000's statuses: what happens to the segment next.
    public enum Status: String, Sendable, Codable {
        case analyzed
        case needsReview = "needs_review"
        case skipped
    }

    public var startSeconds: Double
    public var endSeconds: Double
    /// How sure the detector is that this span is one distinct sales conversation (0…1).
    public var confidence: Double
    public var customerName: String?
    /// The rep's name from their introduction ("this is Alex from …"), when they gave one.
    public var repName: String?
    public var isSalesConversation: Bool
    public var kind: Kind
    public var detectedOutcome: Outcome
    /// Extractive: who, and what they said about the problem and the outcome, quoted.
    public var summary: String
    public var status: Status
    /// Why the detector decided as it did: the signals, for a person to check.
    public var signals: [String]

    enum CodingKeys: String, CodingKey {
        case confidence, kind, summary, status, signals
        case startSeconds = "start_seconds"
        case endSeconds = "end_seconds"
        case customerName = "customer_name"
        case repName = "rep_name"
        case isSalesConversation = "is_sales_conversation"
        case detectedOutcome = "detected_outcome"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(startSeconds, forKey: .startSeconds)
        try c.encode(endSeconds, forKey: .endSeconds)
        try c.encode(confidence, forKey: .confidence)
        try c.encode(customerName, forKey: .customerName)
        try c.encode(repName, forKey: .repName)
        try c.encode(isSalesConversation, forKey: .isSalesConversation)
        try c.encode(kind, forKey: .kind)
        try c.encode(detectedOutcome, forKey: .detectedOutcome)
        try c.encode(summary, forKey: .summary)
        try c.encode(status, forKey: .status)
        try c.encode(signals, forKey: .signals)
    }
}
