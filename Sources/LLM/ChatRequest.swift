import Foundation

/// What to ask: the messages and the sampling settings of one `POST /chat/completions`. The model
/// comes from the `LLMEndpoint`, so one request can be sent to any endpoint.
public struct ChatRequest: Sendable, Equatable {
    public var messages: [ChatMessage]
    /// 0 by default: an analysis should not change from one run to the next.
    public var temperature: Double
    /// `max_tokens`: the longest reply; nil leaves it to the server.
    public var maxTokens: Int?
    /// Sent as `response_format` when the server takes it; replies are parsed tolerantly either way.
    public var responseSchema: ResponseSchema?

    public init(
        messages: [ChatMessage], temperature: Double = 0, maxTokens: Int? = nil, responseSchema: ResponseSchema? = nil
    ) {
        self.messages = messages
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.responseSchema = responseSchema
    }

    /// The JSON body, exactly in the OpenAI wire format, with the schema as `format` says.
    func body(model: String, format: ResponseFormat) throws(LLMError) -> Data {
        var body: [String: Any] = [
            "model": model,
            "messages": messages.map { ["role": $0.role.rawValue, "content": $0.content] },
            "temperature": temperature,
        ]
        if let maxTokens { body["max_tokens"] = maxTokens }
        if let responseSchema {
            switch format {
            case .jsonSchema:
                body["response_format"] =
                    [
                        "type": "json_schema",
                        "json_schema": [
                            "name": responseSchema.name, "schema": try responseSchema.object(),
                            "strict": responseSchema.strict,
                        ] as [String: Any],
                    ] as [String: Any]
            case .jsonObject:
                body["response_format"] =
                    ["type": "json_object", "schema": try responseSchema.object()] as [String: Any]
            case .none:
                break
            }
        }
        do {
            return try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
        } catch {
            throw .invalidRequest(reason: "the request cannot be written as JSON: \(error.localizedDescription)")
        }
    }
}

/// How a request asks for structured output, in the order a client tries them: OpenAI's
/// `{"type": "json_schema", "json_schema": {...}}` (OpenAI, vLLM, llama.cpp's own server);
/// `{"type": "json_object", "schema": {...}}`, which llama-cpp-python's server turns into a grammar
/// (it refuses the first form); and nothing, for servers that take neither.
public enum ResponseFormat: String, Sendable {
    case jsonSchema = "json_schema"
    case jsonObject = "json_object"
    case none

    /// The next form to try after a server refused this one.
    var fallback: ResponseFormat {
        switch self {
        case .jsonSchema: .jsonObject
        case .jsonObject, .none: .none
        }
    }
}

/// A JSON schema for structured output: `response_format: {"type": "json_schema", "json_schema":
/// {"name", "schema", "strict"}}`. Held as JSON text so it stays `Sendable` and can come from a file.
public struct ResponseSchema: Sendable, Equatable {
    /// The schema's name (`[A-Za-z0-9_-]`, at most 64 characters for OpenAI).
    public var name: String
    /// The schema itself: a JSON object, as UTF-8 JSON text.
    public var schema: Data
    public var strict: Bool

    /// Fails with `llm_invalid_request` when `schema` is not a JSON object.
    public init(name: String, schema: Data, strict: Bool = true) throws(LLMError) {
        self.name = name
        self.schema = schema
        self.strict = strict
        _ = try object()
    }

    public init(name: String, schemaJSON: String, strict: Bool = true) throws(LLMError) {
        try self.init(name: name, schema: Data(schemaJSON.utf8), strict: strict)
    }

    func object() throws(LLMError) -> [String: Any] {
        guard let object = try? JSONSerialization.jsonObject(with: schema) as? [String: Any] else {
            throw .invalidRequest(reason: "the response schema \(name) is not a JSON object")
        }
        return object
    }
}
