/// A point in the call a manager would jump to: an objection, pricing, a next step, a commitment.
public struct Moment: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        case objection, pricing
        case nextStep = "next_step"
        case commitment
    }

    public var type: Kind
    /// What kind of objection, which price words, which step: the matched cue.
    public var detail: String
    public var speaker: String
    public var quote: String
    public var startSeconds: Double
    public var endSeconds: Double
    public var timestamp: String

    init(_ type: Kind, detail: String, sentence: Sentence) {
        self.init(type, detail: detail, quote: Quote(sentence))
    }

    enum CodingKeys: String, CodingKey {
        case type, detail, speaker, quote, timestamp
        case startSeconds = "start_seconds"
        case endSeconds = "end_seconds"
    }
}
