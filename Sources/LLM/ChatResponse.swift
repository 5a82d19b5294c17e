import Foundation

/// The model's answer to one call, with what it cost and how hard it was to get.
public struct ChatResponse: Sendable, Equatable {
    /// The reply's text (`choices[0].message.content`); parse it with `JSONExtraction`.
    public var content: String
    /// `usage.prompt_tokens`; 0 when the server reports no usage.
    public var promptTokens: Int
    /// `usage.completion_tokens`; 0 when the server reports no usage.
    public var completionTokens: Int
    /// `stop`, or `length` when `max_tokens` cut the reply (its JSON is then likely truncated).
    public var finishReason: String?
    /// The model the server says answered, which may differ from the one asked for.
    public var model: String?
    /// HTTP requests this call took, retries and a `response_format` fallback included.
    public var attempts: Int
    /// Whether the request that got this answer carried `response_format`.
    public var responseFormat: ResponseFormat
    /// Wall-clock seconds from the first request to the answer, retries and fallbacks included.
    public var seconds: Double = 0
    /// From the endpoint's prices; 0 without them.
    public var costCents: Double

    public init(
        content: String, promptTokens: Int, completionTokens: Int, finishReason: String?, model: String?,
        attempts: Int = 1, responseFormat: ResponseFormat = .none, costCents: Double = 0
    ) {
        self.content = content
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.finishReason = finishReason
        self.model = model
        self.attempts = attempts
        self.responseFormat = responseFormat
        self.costCents = costCents
    }

    /// True when the server stopped at the token limit rather than at the model's end.
    public var wasCutOff: Bool { finishReason == "length" }

    /// The success body of `POST /chat/completions`.
    private struct Wire: Decodable {
        struct Choice: Decodable {
            struct Message: Decodable {
                var content: String?
                var refusal: String?
            }
            var message: Message?
            var finishReason: String?

            enum CodingKeys: String, CodingKey {
                case message
                case finishReason = "finish_reason"
            }
        }
        struct Usage: Decodable {
            var promptTokens: Int?
            var completionTokens: Int?

            enum CodingKeys: String, CodingKey {
                case promptTokens = "prompt_tokens"
                case completionTokens = "completion_tokens"
            }
        }
        var model: String?
        var choices: [Choice]
        var usage: Usage?
    }

    /// Reads a 2xx body; `llm_bad_response` when it is not a chat completion with text.
    static func parse(_ body: Data) throws(LLMError) -> ChatResponse {
        let wire: Wire
        do {
            wire = try JSONDecoder().decode(Wire.self, from: body)
        } catch {
            throw .badResponse(reason: "the answer is not a chat completion", excerpt: LLMError.excerpt(body))
        }
        guard let choice = wire.choices.first else {
            throw .badResponse(reason: "the answer has no choices", excerpt: LLMError.excerpt(body))
        }
        guard let content = choice.message?.content else {
            let why =
                choice.message?.refusal.map { "the model refused: \($0)" } ?? "the answer's message has no content"
            throw .badResponse(reason: why, excerpt: LLMError.excerpt(body))
        }
        return ChatResponse(
            content: content, promptTokens: wire.usage?.promptTokens ?? 0,
            completionTokens: wire.usage?.completionTokens ?? 0, finishReason: choice.finishReason, model: wire.model)
    }
}
