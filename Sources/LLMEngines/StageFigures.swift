import Conversations
import Core
import Scoring

/// What one LLM stage did over an evaluation: requests, tokens, how long each detection or analysis
/// took, and how often the model's first reply was usable, needed its repair retry, or was given
/// up for the built-in engine. `callsift eval --manifest` prints them beside the quality figures.
public struct StageFigures: Sendable, Encodable {
    public var stage: String
    /// Detections (one per recording) or analyses (one per analyzed segment).
    public var events = 0
    public var requests = 0
    public var calls = 0
    public var failedCalls = 0
    public var promptTokens = 0
    public var completionTokens = 0
    /// Replies usable as they came: windows for detection, analyses for analysis.
    public var validFirstReplies = 0
    public var repairs = 0
    public var fallbacks = 0
    /// Analysis quotes the model made up (in no utterance), replaced by the built-in engine's.
    public var quotesDropped = 0
    /// Seconds each event's calls took, in the order they came.
    public var seconds: [Double] = []

    public init(stage: String) {
        self.stage = stage
    }

    public var medianSeconds: Double? { Self.percentile(seconds, 0.5) }
    public var p95Seconds: Double? { Self.percentile(seconds, 0.95) }

    /// The nearest-rank percentile.
    static func percentile(_ values: [Double], _ share: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        return sorted[max(0, Int((share * Double(sorted.count)).rounded(.up)) - 1)]
    }

    mutating func add(_ usage: Usage) {
        events += 1
        requests += usage.requests
        calls += usage.calls
        failedCalls += usage.failedCalls
        promptTokens += usage.promptTokens
        completionTokens += usage.completionTokens
        seconds.append(usage.seconds)
    }

    /// One detection by an LLM detector.
    public mutating func add(_ detection: DetectionOutcome) {
        add(detection.usage)
        repairs += detection.repairs
        validFirstReplies += detection.fallback == nil ? detection.windows - detection.repairs : 0
        if detection.fallback != nil { fallbacks += 1 }
    }

    /// One analysis by an LLM analyzer, with what its calls took.
    public mutating func add(_ analysis: Analysis, usage: Usage) {
        add(usage)
        guard let details = analysis.synthesisSnapshot.details else { return }
        repairs += max(0, details.requests - 1)
        if details.fallback != nil {
            fallbacks += 1
        } else if details.requests == 1 {
            validFirstReplies += 1
        }
        quotesDropped += details.quotesDropped
    }

    /// "analysis: 17 events, 19 requests (17 calls), 20,311 tokens in, 6,120 out, 15 valid first
    /// replies, 2 repairs, 0 fallbacks, 3 quotes dropped, 11.2 s median, 19.0 s p95".
    public var line: String {
        func time(_ value: Double?) -> String { value.map { String(format: "%.1f s", $0) } ?? "-" }
        return "\(stage): \(events) event(s), \(requests) request(s) (\(calls) answered, \(failedCalls) failed), "
            + "\(promptTokens) tokens in, \(completionTokens) out, \(validFirstReplies) valid first repl(ies), "
            + "\(repairs) repair(s), \(fallbacks) fallback(s)"
            + (stage == "analysis" ? ", \(quotesDropped) quote(s) dropped as invented" : "")
            + ", \(time(medianSeconds)) median, \(time(p95Seconds)) p95"
    }

    enum CodingKeys: String, CodingKey {
        case stage, events, requests, calls, repairs, fallbacks
        case failedCalls = "failed_calls"
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
        case validFirstReplies = "valid_first_replies"
        case quotesDropped = "quotes_dropped"
        case medianSeconds = "median_seconds"
        case p95Seconds = "p95_seconds"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(stage, forKey: .stage)
        try c.encode(events, forKey: .events)
        try c.encode(requests, forKey: .requests)
        try c.encode(calls, forKey: .calls)
        try c.encode(failedCalls, forKey: .failedCalls)
        try c.encode(promptTokens, forKey: .promptTokens)
        try c.encode(completionTokens, forKey: .completionTokens)
        try c.encode(validFirstReplies, forKey: .validFirstReplies)
        try c.encode(repairs, forKey: .repairs)
        try c.encode(fallbacks, forKey: .fallbacks)
        try c.encode(quotesDropped, forKey: .quotesDropped)
        try c.encode(medianSeconds, forKey: .medianSeconds)
        try c.encode(p95Seconds, forKey: .p95Seconds)
    }
}
