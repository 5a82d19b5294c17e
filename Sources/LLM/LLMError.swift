import Core
import Foundation

/// Why a call to the model gave no usable answer. Each case has a stable `code` for bundles and
/// logs, and a `message` for people. No message ever holds the API key: server text that echoes it
/// is scrubbed by the client before it gets here.
public enum LLMError: CodedError, Equatable {
    /// The endpoint cannot be used as configured (not an http(s) URL).
    case invalidEndpoint(baseURL: String)
    /// The request cannot be sent (a response schema that is not a JSON object).
    case invalidRequest(reason: String)
    /// No answer within `timeoutSeconds`, on each of `attempts` tries.
    case timeout(seconds: Double, attempts: Int)
    /// The server could not be reached (refused, reset, no such host) on each of `attempts` tries.
    case unreachable(reason: String, attempts: Int)
    /// The server answered an error status: at once for 4xx, after every try for 429 and 5xx.
    /// `serverMessage` is the server's own explanation when its body has one.
    case httpStatus(status: Int, serverMessage: String?, attempts: Int)
    /// A 2xx answer that is not a chat completion with text.
    case badResponse(reason: String, excerpt: String)
    /// The reply's text holds no JSON object that parses, or one not of the expected shape.
    case invalidJSON(reason: String, excerpt: String)
    /// The reply's JSON stops before its last brace: the model ran out of tokens. Worth one repair
    /// retry (ask again, or for a shorter answer).
    case truncatedJSON(excerpt: String)
    /// The calling task was cancelled between two tries (never inside one).
    case cancelled

    public var code: String {
        switch self {
        case .invalidEndpoint: "llm_invalid_endpoint"
        case .invalidRequest: "llm_invalid_request"
        case .timeout: "llm_timeout"
        case .unreachable: "llm_unreachable"
        case .httpStatus: "llm_http_status"
        case .badResponse: "llm_bad_response"
        case .invalidJSON: "llm_invalid_json"
        case .truncatedJSON: "llm_truncated_json"
        case .cancelled: "llm_cancelled"
        }
    }

    public var message: String {
        switch self {
        case .invalidEndpoint(let baseURL): "the LLM endpoint \(baseURL) is not an http(s) URL."
        case .invalidRequest(let reason): "the LLM request cannot be sent: \(reason)."
        case .timeout(let seconds, let attempts):
            "the LLM server gave no answer within \(Self.seconds(seconds)) s" + Self.tries(attempts) + "."
        case .unreachable(let reason, let attempts):
            "the LLM server could not be reached" + Self.tries(attempts) + ": \(reason)."
        case .httpStatus(let status, let serverMessage, let attempts):
            "the LLM server answered HTTP \(status)" + Self.tries(attempts) + (serverMessage.map { ": \($0)" } ?? "")
                + "."
        case .badResponse(let reason, _): "the LLM server's answer is unusable: \(reason)."
        case .invalidJSON(let reason, _): "the model's reply is not the JSON asked for: \(reason)."
        case .truncatedJSON: "the model's reply stops in the middle of its JSON (cut off at the token limit?)."
        case .cancelled: "the LLM call was cancelled."
        }
    }

    public var details: [String: String] {
        switch self {
        case .invalidEndpoint(let baseURL): ["base_url": baseURL]
        case .invalidRequest(let reason): ["reason": reason]
        case .timeout(let seconds, let attempts):
            ["timeout_seconds": Self.seconds(seconds), "attempts": String(attempts)]
        case .unreachable(let reason, let attempts): ["reason": reason, "attempts": String(attempts)]
        case .httpStatus(let status, let serverMessage, let attempts):
            ["http_status": String(status), "attempts": String(attempts)].merging(
                serverMessage.map { ["server_message": $0] } ?? [:]
            ) { a, _ in a }
        case .badResponse(let reason, let excerpt): ["reason": reason, "excerpt": excerpt]
        case .invalidJSON(let reason, let excerpt): ["reason": reason, "excerpt": excerpt]
        case .truncatedJSON(let excerpt): ["excerpt": excerpt]
        case .cancelled: [:]
        }
    }

    /// Whether asking the model again, with the same or a reminding prompt, may give valid JSON.
    public var isRepairable: Bool {
        switch self {
        case .invalidJSON, .truncatedJSON: true
        default: false
        }
    }

    /// The start of a text, for messages and details: enough to recognise it, never a whole transcript.
    static func excerpt(_ text: String, limit: Int = 300) -> String {
        text.count > limit ? String(text.prefix(limit)) + "…" : text
    }

    static func excerpt(_ data: Data, limit: Int = 300) -> String {
        excerpt(String(decoding: data.prefix(limit * 4), as: UTF8.self), limit: limit)
    }

    private static func tries(_ attempts: Int) -> String {
        attempts > 1 ? " on each of \(attempts) tries" : ""
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    /// A copy with every occurrence of `secret` in its texts replaced, for server answers that echo the key.
    func redacting(_ secret: String?) -> LLMError {
        guard let secret, secret.count >= 4 else { return self }
        func scrub(_ text: String) -> String { text.replacingOccurrences(of: secret, with: "[redacted]") }
        switch self {
        case .invalidEndpoint(let baseURL): return .invalidEndpoint(baseURL: scrub(baseURL))
        case .invalidRequest(let reason): return .invalidRequest(reason: scrub(reason))
        case .unreachable(let reason, let attempts): return .unreachable(reason: scrub(reason), attempts: attempts)
        case .httpStatus(let status, let serverMessage, let attempts):
            return .httpStatus(status: status, serverMessage: serverMessage.map(scrub), attempts: attempts)
        case .badResponse(let reason, let excerpt): return .badResponse(reason: scrub(reason), excerpt: scrub(excerpt))
        case .invalidJSON(let reason, let excerpt): return .invalidJSON(reason: scrub(reason), excerpt: scrub(excerpt))
        case .truncatedJSON(let excerpt): return .truncatedJSON(excerpt: scrub(excerpt))
        case .timeout, .cancelled: return self
        }
    }
}

extension LLMError: LocalizedError, CustomStringConvertible {
    public var errorDescription: String? { message }
    public var description: String { "\(code): \(message)" }
}
