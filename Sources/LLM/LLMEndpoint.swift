import Foundation
import HTTP

/// Where and how to reach one OpenAI-compatible chat-completions server (vLLM, llama.cpp's server,
/// Ollama, a hosted API), and how hard to try.
///
/// The API key is held here only for the Authorization header: the caller reads it from an
/// environment variable, and this type never prints it (its descriptions and mirror redact it).
public struct LLMEndpoint: Sendable {
    /// The API root that `/chat/completions` is appended to, e.g. `http://localhost:8000/v1`.
    public var baseURL: String
    /// The model name sent with every request.
    public var model: String
    /// Sent as `Authorization: Bearer KEY` when present; local servers usually need none.
    public var apiKey: String?
    /// The most one HTTP request may take, from sending to the last byte of the answer. Used in
    /// whole seconds, rounded up, at least 1 (see `HTTPTransport.timeoutSeconds`).
    public var timeoutSeconds: Double
    /// The most requests in flight at once across every caller of one `LLMClient`.
    public var maxConcurrency: Int
    /// Tries per call, the first included, on 429, 5xx, timeouts and connection errors.
    public var maxAttempts: Int
    /// The wait before the second try; doubled for each try after. Tests make it tiny.
    public var initialBackoffSeconds: Double
    /// No wait between tries is longer, `Retry-After` included: a server asking for hours has refused.
    public var maxBackoffSeconds: Double
    /// What tokens cost, for `Usage.costCents`; nil for a local server that costs nothing per token.
    public var prices: LLMPrices?

    public init(
        baseURL: String, model: String, apiKey: String? = nil, timeoutSeconds: Double = 120, maxConcurrency: Int = 4,
        maxAttempts: Int = 3, initialBackoffSeconds: Double = 1, maxBackoffSeconds: Double = 60,
        prices: LLMPrices? = nil
    ) {
        self.baseURL = baseURL
        self.model = model
        self.apiKey = apiKey
        self.timeoutSeconds = timeoutSeconds
        self.maxConcurrency = maxConcurrency
        self.maxAttempts = maxAttempts
        self.initialBackoffSeconds = initialBackoffSeconds
        self.maxBackoffSeconds = maxBackoffSeconds
        self.prices = prices
    }

    /// `{baseURL}/chat/completions`, or nil when the base URL is not an http(s) URL.
    var chatCompletionsURL: URL? {
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        guard let url = URL(string: base + "/chat/completions"),
            let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil
        else { return nil }
        return url
    }

    /// Tries, backoff and its ceiling, as the HTTP layer takes them.
    var retryPolicy: RetryPolicy {
        RetryPolicy(
            maxAttempts: maxAttempts, initialBackoffSeconds: initialBackoffSeconds, maxBackoffSeconds: maxBackoffSeconds
        )
    }
}

/// What a hosted model charges, in US dollars per million tokens.
public struct LLMPrices: Sendable, Equatable, Codable {
    public var inputUSDPerMillionTokens: Double
    public var outputUSDPerMillionTokens: Double

    public init(inputUSDPerMillionTokens: Double, outputUSDPerMillionTokens: Double) {
        self.inputUSDPerMillionTokens = inputUSDPerMillionTokens
        self.outputUSDPerMillionTokens = outputUSDPerMillionTokens
    }

    /// The cost in US cents (fractional: one call often costs a fraction of a cent).
    public func costCents(promptTokens: Int, completionTokens: Int) -> Double {
        (Double(promptTokens) * inputUSDPerMillionTokens + Double(completionTokens) * outputUSDPerMillionTokens)
            / 10_000
    }
}

// The key must never reach a log through `print(endpoint)`, string interpolation or `dump`.
extension LLMEndpoint: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        "LLMEndpoint(baseURL: \(baseURL), model: \(model), apiKey: \(apiKey == nil ? "none" : "[redacted]"), "
            + "timeoutSeconds: \(timeoutSeconds), maxConcurrency: \(maxConcurrency), maxAttempts: \(maxAttempts))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "baseURL": baseURL, "model": model, "apiKey": apiKey == nil ? "none" : "[redacted]",
                "timeoutSeconds": timeoutSeconds, "maxConcurrency": maxConcurrency, "maxAttempts": maxAttempts,
                "initialBackoffSeconds": initialBackoffSeconds, "maxBackoffSeconds": maxBackoffSeconds,
                "prices": prices as Any,
            ], displayStyle: .struct)
    }
}
