import Core
import Transcripts

/// Finds the conversations of a transcript. The built-in detector reads cues; another engine (an
/// LLM endpoint) plugs in behind the same protocol and must return the same segments, validated.
public protocol ConversationDetecting: Sendable {
    /// Recorded with the usage of the detection stage.
    var name: String { get }
    /// Never throws: an engine that cannot answer falls back to the built-in detector and says so
    /// in `fallback`, so a recording is never lost to a flaky model.
    func detect(_ transcript: Transcript, options: ConversationDetector.Options) async -> DetectionOutcome
}

/// The segments (sales and other spans, in time order), what finding them cost, and why the
/// built-in detector answered instead, if it did.
public struct DetectionOutcome: Sendable {
    public var segments: [ConversationSegment]
    public var usage: Usage
    /// The error code that made the engine fall back to the built-in detector; nil when it answered.
    public var fallback: String?
    /// Pieces of the transcript sent to the model (an LLM detector's windows), and how many of
    /// their replies needed a repair retry; 0 for the built-in detector.
    public var windows: Int
    public var repairs: Int

    public init(
        segments: [ConversationSegment], usage: Usage = .zero, fallback: String? = nil, windows: Int = 0,
        repairs: Int = 0
    ) {
        self.segments = segments
        self.usage = usage
        self.fallback = fallback
        self.windows = windows
        self.repairs = repairs
    }
}

/// `ConversationDetector` behind the protocol.
public struct BuiltInDetector: ConversationDetecting {
    public let name = "callsift-builtin-detector"

    public init() {}

    public func detect(_ transcript: Transcript, options: ConversationDetector.Options) async -> DetectionOutcome {
        DetectionOutcome(segments: ConversationDetector.detect(transcript, options: options))
    }
}
