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
