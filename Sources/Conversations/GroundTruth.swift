import Foundation

/// The truth file `samples/generate.py` writes beside each sample recording (`NAME.truth.json`):
/// what conversation detection and scoring are measured against.
///
/// Keys are snake_case in the file (`duration_seconds`, `start_seconds`...); the coding keys say so,
/// so a plain `JSONDecoder` reads it (as `load(path:)` does).
public struct GroundTruth: Decodable, Sendable {
    /// The rep of every sample: the one who introduces themselves with a company.
    public struct Rep: Decodable, Sendable {
        public let name: String
        public let company: String
    }

    public struct Conversation: Decodable, Sendable {
        /// The dialogue script it was voiced from (`samples/scripts/NAME.txt`).
        public let script: String
        /// `sales`, `internal` or `voicemail`: a `ConversationSegment.Kind` (checked when decoding).
        public let kind: String
        public let isSalesConversation: Bool
        public let customerName: String?
        /// `won`, `lost`, `ongoing`, `no_decision` for sales conversations, else nil (checked when decoding).
        public let outcome: String?
        public let startSeconds: Double
        public let endSeconds: Double

        enum CodingKeys: String, CodingKey {
            case script, kind, outcome
            case isSalesConversation = "is_sales_conversation"
            case customerName = "customer_name"
            case startSeconds = "start_seconds"
            case endSeconds = "end_seconds"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            script = try c.decode(String.self, forKey: .script)
            kind = try c.decode(String.self, forKey: .kind)
            guard ConversationSegment.Kind(rawValue: kind) != nil else {
                throw DecodingError.dataCorruptedError(
                    forKey: .kind, in: c, debugDescription: "unknown conversation kind \"\(kind)\"")
            }
            isSalesConversation = try c.decode(Bool.self, forKey: .isSalesConversation)
            customerName = try c.decodeIfPresent(String.self, forKey: .customerName)
            outcome = try c.decodeIfPresent(String.self, forKey: .outcome)
            if let outcome, ConversationSegment.Outcome(rawValue: outcome) == nil {
                throw DecodingError.dataCorruptedError(
                    forKey: .outcome, in: c, debugDescription: "unknown outcome \"\(outcome)\"")
            }
            startSeconds = try c.decode(Double.self, forKey: .startSeconds)
            endSeconds = try c.decode(Double.self, forKey: .endSeconds)
        }
    }

    /// One line of dialogue: `rep`, `customer` or `colleague`, and when it was said. `voice` names
    /// the actual voice when the generator says it (two customers of one day are two voices).
    public struct Turn: Decodable, Sendable {
        public let speaker: String
        public let start: Double
        public let end: Double
        public let text: String
        public let voice: String?
    }

    /// The recording's file name, beside the truth file.
    public let recording: String
    public let durationSeconds: Double
    public let rep: Rep
    public let conversations: [Conversation]
    public let turns: [Turn]

    enum CodingKeys: String, CodingKey {
        case recording, rep, conversations, turns
        case durationSeconds = "duration_seconds"
    }

    /// Reads a truth file.
    public static func load(path: String) throws -> GroundTruth {
        try JSONDecoder().decode(GroundTruth.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Who spoke when, for the diarization error rate: each turn's `voice`, or else the rep as one
    /// speaker and every other party as a new speaker in each conversation.
    public var speakerTurns: [DiarizationEvaluation.Turn] {
        turns.map { turn in
            let speaker =
                turn.voice
                ?? {
                    guard turn.speaker != "rep" else { return "rep" }
                    let conversation = conversations.firstIndex {
                        $0.startSeconds <= turn.start + 0.001 && turn.end <= $0.endSeconds + 0.001
                    }
                    return "\(turn.speaker)#\(conversation ?? -1)"
                }()
            return DiarizationEvaluation.Turn(speaker: speaker, start: turn.start, end: turn.end)
        }
    }

    /// The conversations as `ConversationEvaluation` compares them.
    public var trueConversations: [ConversationEvaluation.TrueConversation] {
        conversations.map {
            ConversationEvaluation.TrueConversation(
                start: $0.startSeconds, end: $0.endSeconds,
                // Both were checked when decoding.
                kind: ConversationSegment.Kind(rawValue: $0.kind) ?? .internal,
                outcome: $0.outcome.flatMap(ConversationSegment.Outcome.init(rawValue:)), customerName: $0.customerName)
        }
    }
}
