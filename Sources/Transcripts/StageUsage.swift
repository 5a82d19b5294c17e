/// What a stage cost when its engine bills by the token (an LLM endpoint); zero for the built-in
/// engines, which run offline. Summed per recording and per run for `callsift usage`.
public struct StageUsage: Sendable, Equatable, Codable {
    /// Requests that got an answer, and those that did not (every try counts: a retry is paid too).
    public var calls: Int
    public var failedCalls: Int
    public var promptTokens: Int
    public var completionTokens: Int
    /// US cents, fractional: summed before anything is rounded.
    public var costCents: Double

    public static let zero = StageUsage()

    public init(
        calls: Int = 0, failedCalls: Int = 0, promptTokens: Int = 0, completionTokens: Int = 0, costCents: Double = 0
    ) {
        self.calls = calls
        self.failedCalls = failedCalls
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.costCents = costCents
    }

    public static func + (a: StageUsage, b: StageUsage) -> StageUsage {
        StageUsage(
            calls: a.calls + b.calls, failedCalls: a.failedCalls + b.failedCalls,
            promptTokens: a.promptTokens + b.promptTokens,
            completionTokens: a.completionTokens + b.completionTokens, costCents: a.costCents + b.costCents)
    }

    public static func += (a: inout StageUsage, b: StageUsage) { a = a + b }

    enum CodingKeys: String, CodingKey {
        case calls
        case failedCalls = "failed_calls"
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
        case costCents = "cost_cents"
    }
}
