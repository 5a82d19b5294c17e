/// What calls to a model took and cost, summed: per client (`LLMClient.usage`), or per run by adding
/// clients' or calls' figures with `+`. Tokens are the server's own counts.
public struct LLMUsage: Sendable, Equatable, Codable {
    /// Calls that got an answer.
    public var calls: Int
    /// Calls that ended in an `LLMError` from the server or the network.
    public var failedCalls: Int
    /// HTTP requests sent, every retry and `response_format` fallback included.
    public var requests: Int
    /// Requests sent again after a 429, a 5xx, a timeout or a connection error.
    public var retries: Int
    public var promptTokens: Int
    public var completionTokens: Int
    /// From the endpoint's prices; fractional, since one call often costs less than a cent.
    public var costCents: Double

    public init(
        calls: Int = 0, failedCalls: Int = 0, requests: Int = 0, retries: Int = 0, promptTokens: Int = 0,
        completionTokens: Int = 0, costCents: Double = 0
    ) {
        self.calls = calls
        self.failedCalls = failedCalls
        self.requests = requests
        self.retries = retries
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.costCents = costCents
    }

    public var totalTokens: Int { promptTokens + completionTokens }

    public static func + (a: LLMUsage, b: LLMUsage) -> LLMUsage {
        LLMUsage(
            calls: a.calls + b.calls, failedCalls: a.failedCalls + b.failedCalls, requests: a.requests + b.requests,
            retries: a.retries + b.retries, promptTokens: a.promptTokens + b.promptTokens,
            completionTokens: a.completionTokens + b.completionTokens, costCents: a.costCents + b.costCents)
    }

    public static func += (a: inout LLMUsage, b: LLMUsage) { a = a + b }

    enum CodingKeys: String, CodingKey {
        case calls, requests, retries
        case failedCalls = "failed_calls"
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
        case costCents = "cost_cents"
    }
}
