/// What calls to a model took and cost, summed: per client (`LLMClient.usage`), per stage of one
/// recording (detection, each analysis), per run, by adding figures with `+`. Tokens are the
/// server's own counts. Zero for the built-in engines, which run offline.
public struct Usage: Sendable, Equatable, Codable {
    /// Calls that got an answer.
    public var calls: Int
    /// Calls that ended without one (an error from the server or the network, after every try).
    public var failedCalls: Int
    /// HTTP requests sent, every retry and `response_format` fallback included.
    public var requests: Int
    /// Requests sent again after a 429, a 5xx, a timeout or a connection error.
    public var retries: Int
    public var promptTokens: Int
    public var completionTokens: Int
    /// From the endpoint's prices; fractional, since one call often costs less than a cent.
    public var costCents: Double
    /// Wall-clock seconds the answered calls took, retries included (not stored with the usage rows:
    /// what `callsift eval` reports as latency).
    public var seconds: Double = 0

    public init(
        calls: Int = 0, failedCalls: Int = 0, requests: Int = 0, retries: Int = 0, promptTokens: Int = 0,
        completionTokens: Int = 0, costCents: Double = 0, seconds: Double = 0
    ) {
        self.seconds = seconds
        self.calls = calls
        self.failedCalls = failedCalls
        self.requests = requests
        self.retries = retries
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.costCents = costCents
    }

    public static let zero = Usage()

    public var totalTokens: Int { promptTokens + completionTokens }

    /// Requests that brought no usable answer: every try of a failed call, and the tries before
    /// an answer. Each was sent, and a hosted API may bill it.
    public var failedRequests: Int { failedCalls + retries }

    public static func + (a: Usage, b: Usage) -> Usage {
        Usage(
            calls: a.calls + b.calls, failedCalls: a.failedCalls + b.failedCalls, requests: a.requests + b.requests,
            retries: a.retries + b.retries, promptTokens: a.promptTokens + b.promptTokens,
            completionTokens: a.completionTokens + b.completionTokens, costCents: a.costCents + b.costCents,
            seconds: a.seconds + b.seconds)
    }

    public static func += (a: inout Usage, b: Usage) { a = a + b }

    enum CodingKeys: String, CodingKey {
        case calls, requests, retries
        case failedCalls = "failed_calls"
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
        case costCents = "cost_cents"
    }
}
