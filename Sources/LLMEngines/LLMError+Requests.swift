import Core
import LLM

extension LLMError {
    /// The requests a failed call made, every retry included: a usage row counts each one, since
    /// an endpoint may bill a request that timed out.
    var requestsMade: Int {
        switch self {
        case .timeout(_, let attempts), .unreachable(_, let attempts), .httpStatus(_, _, let attempts): attempts
        case .cancelled, .invalidEndpoint, .invalidRequest: 0
        case .badResponse, .invalidJSON, .truncatedJSON: 1
        }
    }
}

extension Usage {
    /// An answered call's share of a stage's usage: its tries, tokens and cost.
    static func of(_ reply: ChatResponse) -> Usage {
        Usage(
            calls: 1, requests: reply.attempts, retries: max(0, reply.attempts - 1), promptTokens: reply.promptTokens,
            completionTokens: reply.completionTokens, costCents: reply.costCents, seconds: reply.seconds)
    }

    /// A failed call's share: the tries it made (none when it was refused before sending).
    static func of(_ failure: LLMError) -> Usage {
        let requests = failure.requestsMade
        return Usage(failedCalls: requests > 0 ? 1 : 0, requests: requests, retries: max(0, requests - 1))
    }
}
