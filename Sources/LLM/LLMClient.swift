import Core
import Foundation
import HTTP
import Synchronization

/// A client of one OpenAI-compatible chat-completions endpoint, shared by every caller of a run: its
/// concurrency limit, its rate-limit pause and its usage figures cover them all.
///
/// Requests go through the HTTP layer (`HTTPTransport`), tried again on 429, 408, 5xx, timeouts and
/// connection errors under the endpoint's `RetryPolicy`. A server that refuses a form of
/// `response_format` is asked at once in the next form (`ResponseFormat`: OpenAI's JSON schema,
/// llama-cpp-python's JSON object with a schema, then none), and never again in the refused one by
/// this client.
/// Errors are typed, and never carry the API key.
public final class LLMClient: Sendable {
    public let endpoint: LLMEndpoint
    private let url: URL
    private let transport: HTTPTransport
    private let state = Mutex(State())

    private struct State {
        var usage = Usage()
        var responseFormat = ResponseFormat.jsonSchema
    }

    /// Fails with `llm_invalid_endpoint` when the base URL is not an http(s) URL.
    public init(endpoint: LLMEndpoint) throws(LLMError) {
        guard let url = endpoint.chatCompletionsURL else { throw .invalidEndpoint(baseURL: endpoint.baseURL) }
        self.endpoint = endpoint
        self.url = url
        transport = HTTPTransport(timeoutSeconds: endpoint.timeoutSeconds, maxConcurrency: endpoint.maxConcurrency)
    }

    /// Every call so far, summed.
    public var usage: Usage {
        state.withLock { $0.usage }
    }

    /// The form of `response_format` requests with a schema go out in: the first the server has
    /// not refused.
    public var responseFormat: ResponseFormat {
        state.withLock { $0.responseFormat }
    }

    /// Sends `request` and returns the model's answer; the reply's text is not parsed here (see
    /// `JSONExtraction`).
    public func complete(_ request: ChatRequest) async throws(LLMError) -> ChatResponse {
        var format = request.responseSchema == nil ? .none : responseFormat
        var sent = 0  // HTTP requests, the response_format fallbacks included
        let started = ContinuousClock.now
        while true {
            let body = try request.body(model: endpoint.model, format: format)
            let tried = await transport.send(
                httpRequest(body), retrying: endpoint.retryPolicy,
                beforeTry: { attempt in
                    self.state.withLock {
                        $0.usage.requests += 1
                        if attempt > 1 { $0.usage.retries += 1 }
                    }
                },
                handledByCaller: { [format] answer in format != .none && Self.refusesResponseFormat(answer) })
            sent += tried.attempts
            switch tried.outcome {
            case .answered(let answer) where answer.isSuccess:
                var response: ChatResponse
                do {
                    response = try ChatResponse.parse(scrubbed(answer.body))
                } catch {
                    throw failure(error)
                }
                response.attempts = sent
                response.responseFormat = format
                let elapsed = ContinuousClock.now - started
                response.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                response.costCents =
                    endpoint.prices?.costCents(
                        promptTokens: response.promptTokens, completionTokens: response.completionTokens) ?? 0
                let answered = response
                state.withLock {
                    $0.usage.calls += 1
                    $0.usage.promptTokens += answered.promptTokens
                    $0.usage.completionTokens += answered.completionTokens
                    $0.usage.costCents += answered.costCents
                }
                return response
            case .answered(let answer) where format != .none && Self.refusesResponseFormat(answer):
                // Not a failed call: the same request in the next form, at once.
                let refused = format
                format = refused.fallback
                state.withLock {
                    if $0.responseFormat == refused { $0.responseFormat = refused.fallback }
                }
            case .answered(let answer):
                throw failure(
                    .httpStatus(
                        status: answer.status, serverMessage: Self.serverMessage(scrubbed(answer.body)),
                        attempts: tried.attempts))
            case .timedOut:
                throw failure(.timeout(seconds: transport.timeoutSeconds, attempts: tried.attempts))
            case .unreachable(let reason):
                throw failure(.unreachable(reason: reason, attempts: tried.attempts))
            case .cancelled:
                throw failure(.cancelled)
            }
        }
    }

    /// The body with the key replaced before anything quotes it: an excerpt cut mid-key would
    /// escape a later whole-key scrub.
    private func scrubbed(_ body: Data) -> Data {
        guard let key = endpoint.apiKey, !key.isEmpty, body.range(of: Data(key.utf8)) != nil else { return body }
        return Data(String(decoding: body, as: UTF8.self).replacingOccurrences(of: key, with: "[redacted]").utf8)
    }

    /// Counts a failed call and scrubs the key from whatever the server said.
    private func failure(_ error: LLMError) -> LLMError {
        state.withLock { $0.usage.failedCalls += 1 }
        return error.redacting(endpoint.apiKey)
    }

    private func httpRequest(_ body: Data) -> HTTPRequest {
        var headers = ["Content-Type": "application/json", "Accept": "application/json"]
        if let key = endpoint.apiKey, !key.isEmpty { headers["Authorization"] = "Bearer \(key)" }
        return HTTPRequest(url: url, headers: headers, body: .data(body))
    }

    /// An error that names `response_format` or JSON schemas: the server does not do structured output.
    private static func refusesResponseFormat(_ answer: HTTPAnswer) -> Bool {
        // Only a refusal of the request itself: a 5xx (a guided-decoding crash) or a context-length
        // error that echoes the request must not turn the schema off for the whole run.
        let text = String(decoding: answer.body.prefix(4096), as: UTF8.self).lowercased()
        // llama-cpp-python's server answers a request its model of the body rejects with a 500
        // holding pydantic's "validation error" at ('body', 'response_format', 'type').
        let rejectedField =
            answer.status == 500 && text.contains("validation error") && text.contains("'response_format'")
        guard answer.status == 400 || answer.status == 422 || rejectedField else { return false }
        return text.contains("response_format") || text.contains("json_schema") || text.contains("json schema")
    }

    /// The server's explanation in an error body: OpenAI, vLLM and llama.cpp's `{"error": {"message"}}`,
    /// Ollama's `{"error": "..."}`, vLLM's older `{"message"}`; else the start of the body.
    static func serverMessage(_ body: Data) -> String? {
        if let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] {
            if let error = object["error"] as? [String: Any], let message = error["message"] as? String {
                return LLMError.excerpt(message)
            }
            if let error = object["error"] as? String { return LLMError.excerpt(error) }
            if let message = object["message"] as? String { return LLMError.excerpt(message) }
        }
        let text = String(decoding: body.prefix(1200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : LLMError.excerpt(text)
    }
}
