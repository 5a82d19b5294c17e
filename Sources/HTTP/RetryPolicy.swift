/// When a failed request is tried again, and after how long: 429, 408, 5xx, timeouts and broken
/// connections are; other statuses are not. The wait is the server's `Retry-After` when it says
/// one, else a deterministic backoff doubled each time; neither is ever longer than
/// `maxBackoffSeconds`.
public struct RetryPolicy: Sendable, Equatable {
    /// Tries in all, the first included.
    public var maxAttempts: Int
    /// The wait before the second try.
    public var initialBackoffSeconds: Double
    public var maxBackoffSeconds: Double

    public init(maxAttempts: Int, initialBackoffSeconds: Double, maxBackoffSeconds: Double) {
        self.maxAttempts = max(maxAttempts, 1)
        self.initialBackoffSeconds = initialBackoffSeconds
        self.maxBackoffSeconds = maxBackoffSeconds
    }

    /// One try only: for senders with a schedule of their own (the webhook outbox).
    public static let once = RetryPolicy(maxAttempts: 1, initialBackoffSeconds: 0, maxBackoffSeconds: 0)

    public static func isRetryable(status: Int) -> Bool {
        status == 429 || status == 408 || (500..<600).contains(status)
    }

    /// Whether this outcome is worth another try (attempts permitting).
    public static func isRetryable(_ outcome: HTTPOutcome) -> Bool {
        switch outcome {
        case .answered(let answer): isRetryable(status: answer.status)
        case .timedOut, .unreachable: true
        case .cancelled: false
        }
    }

    /// The wait after try number `attempt` (1 for the first) failed.
    public func backoff(afterAttempt attempt: Int, retryAfter: Double? = nil) -> Double {
        if let retryAfter { return min(max(retryAfter, 0), maxBackoffSeconds) }
        let doubled = initialBackoffSeconds * pow2(max(attempt - 1, 0))
        return min(max(doubled, 0), maxBackoffSeconds)
    }

    private func pow2(_ exponent: Int) -> Double {
        exponent >= 1023 ? .infinity : Double(sign: .plus, exponent: exponent, significand: 1)
    }
}
