/// What an LLM analyzer sent and how its answer was checked, minus the transcript: written in
/// `synthesis_snapshot.details` so an analysis can be explained (and its cost traced) later.
public struct EngineDetails: Sendable, Equatable, Codable {
    /// `builtin` when the model gave no valid answer and the built-in analysis stands in.
    public var fallback: String?
    /// The error code behind the fallback (`llm_timeout`, `llm_invalid_json`, …).
    public var fallbackReason: String?
    public var model: String
    public var promptID: String
    public var promptVersion: String
    /// `json_schema` when the request carried the schema, `none` when the server refused it.
    public var responseFormat: String
    public var playbookID: String?
    public var promptOverrides: [PromptOverride]
    /// The built-in measurements sent with the transcript (questions, fillers, pace, talk share).
    public var measurementsSent: [String: Double]
    /// Requests made for this analysis (a repair retry is a second one).
    public var requests: Int
    /// Quotes (in moments, evidence and feedback) not found in the transcript, dropped or replaced.
    public var quotesDropped: Int
    /// Scores outside 0–100 that were clamped.
    public var scoresClamped: Int

    public init(
        fallback: String? = nil, fallbackReason: String? = nil, model: String, promptID: String, promptVersion: String,
        responseFormat: String, playbookID: String?, promptOverrides: [PromptOverride],
        measurementsSent: [String: Double],
        requests: Int, quotesDropped: Int = 0, scoresClamped: Int = 0
    ) {
        self.fallback = fallback
        self.fallbackReason = fallbackReason
        self.model = model
        self.promptID = promptID
        self.promptVersion = promptVersion
        self.responseFormat = responseFormat
        self.playbookID = playbookID
        self.promptOverrides = promptOverrides
        self.measurementsSent = measurementsSent
        self.requests = requests
        self.quotesDropped = quotesDropped
        self.scoresClamped = scoresClamped
    }

    enum CodingKeys: String, CodingKey {
        case fallback, model, requests
        case fallbackReason = "fallback_reason"
        case promptID = "prompt_id"
        case promptVersion = "prompt_version"
        case responseFormat = "response_format"
        case playbookID = "playbook_id"
        case promptOverrides = "prompt_overrides"
        case measurementsSent = "measurements_sent"
        case quotesDropped = "quotes_dropped"
        case scoresClamped = "scores_clamped"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(fallback, forKey: .fallback)
        try c.encode(fallbackReason, forKey: .fallbackReason)
        try c.encode(model, forKey: .model)
        try c.encode(promptID, forKey: .promptID)
        try c.encode(promptVersion, forKey: .promptVersion)
        try c.encode(responseFormat, forKey: .responseFormat)
        try c.encode(playbookID, forKey: .playbookID)
        try c.encode(promptOverrides, forKey: .promptOverrides)
        try c.encode(measurementsSent, forKey: .measurementsSent)
        try c.encode(requests, forKey: .requests)
        try c.encode(quotesDropped, forKey: .quotesDropped)
        try c.encode(scoresClamped, forKey: .scoresClamped)
    }
}
