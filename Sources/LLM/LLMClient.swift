import Foundation
import HTTPGuard
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A client of one OpenAI-compatible chat-completions endpoint, shared by every caller of a run: its
/// concurrency limit, its rate-limit pause and its usage figures cover them all.
///
/// A call is tried again on 429, 408, 5xx, timeouts and connection errors, up to `maxAttempts`
/// tries, after the server's `Retry-After` seconds or else a deterministic backoff doubled each
/// time. A server that refuses `response_format` is asked once more without it, and never again
/// with it by this client (older llama.cpp servers). Errors are typed, and never carry the API key.
///
/// Timeouts come from URLSession's own intervals, and the request runs in a task of its own that the
/// caller's cancellation does not reach: cancelling a task inside `URLSession.data(for:)` deadlocks
/// swift-corelibs-foundation. A cancelled caller stops at the next try instead.
public final class LLMClient: Sendable {
    public let endpoint: LLMEndpoint
    private let url: URL
    private let session: URLSession
    private let limiter: ConcurrencyLimiter
    private let state = Mutex(State())

    private struct State {
        var usage = LLMUsage()
        var refusesResponseFormat = false
    }

    /// One try's result.
    private enum Outcome: Sendable {
        case answered(status: Int, body: Data, retryAfter: Double?)
        case timedOut
        case unreachable(String)
    }

    /// Fails with `llm_invalid_endpoint` when the base URL is not an http(s) URL.
    public init(endpoint: LLMEndpoint) throws(LLMError) {
        guard let url = endpoint.chatCompletionsURL else { throw .invalidEndpoint(baseURL: endpoint.baseURL) }
        self.endpoint = endpoint
        self.url = url
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = endpoint.effectiveTimeoutSeconds
        configuration.timeoutIntervalForResource = endpoint.effectiveTimeoutSeconds
        configuration.httpMaximumConnectionsPerHost = max(endpoint.maxConcurrency, 1)
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = SameHostRedirects.session(configuration)
        limiter = ConcurrencyLimiter(limit: endpoint.maxConcurrency)
    }

    deinit {
        session.finishTasksAndInvalidate()
    }

    /// Every call so far, summed.
    public var usage: LLMUsage {
        state.withLock { $0.usage }
    }

    /// False once the server has refused `response_format`; later requests go without it.
    public var acceptsResponseFormat: Bool {
        state.withLock { !$0.refusesResponseFormat }
    }

    /// Sends `request` and returns the model's answer; the reply's text is not parsed here (see
    /// `JSONExtraction`).
    public func complete(_ request: ChatRequest) async throws(LLMError) -> ChatResponse {
        let maxAttempts = max(endpoint.maxAttempts, 1)
        var attempt = 0  // tries counted against maxAttempts
        var sent = 0  // HTTP requests, the response_format fallback included
        var fellBack = false
        while true {
            if Task.isCancelled { throw failure(.cancelled) }
            let withSchema = request.responseSchema != nil && acceptsResponseFormat
            let body = try request.body(model: endpoint.model, withSchema: withSchema)
            attempt += 1
            sent += 1
            let isRetry = attempt > 1
            state.withLock {
                $0.usage.requests += 1
                if isRetry { $0.usage.retries += 1 }
            }

            var wait = endpoint.backoff(afterAttempt: attempt)
            switch await send(body) {
            case .answered(let status, let data, _) where (200..<300).contains(status):
                var response: ChatResponse
                do {
                    response = try ChatResponse.parse(scrubbed(data))
                } catch {
                    throw failure(error)
                }
                response.attempts = sent
                response.usedResponseFormat = withSchema
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
            case .answered(let status, let data, _)
            where withSchema && !fellBack && Self.refusesResponseFormat(status: status, body: data):
                // Not a failed try: the same request without the schema, at once.
                state.withLock { $0.refusesResponseFormat = true }
                fellBack = true
                attempt -= 1
                continue
            case .answered(let status, let data, let retryAfter) where Self.isRetryable(status: status):
                if attempt >= maxAttempts {
                    throw failure(
                        .httpStatus(
                            status: status, serverMessage: Self.serverMessage(scrubbed(data)), attempts: attempt))
                }
                if let retryAfter {
                    wait = min(retryAfter, endpoint.maxBackoffSeconds)
                    await limiter.pause(seconds: wait)
                }
            case .answered(let status, let data, _):
                throw failure(
                    .httpStatus(status: status, serverMessage: Self.serverMessage(scrubbed(data)), attempts: attempt))
            case .timedOut:
                if attempt >= maxAttempts {
                    throw failure(.timeout(seconds: endpoint.effectiveTimeoutSeconds, attempts: attempt))
                }
            case .unreachable(let reason):
                if attempt >= maxAttempts { throw failure(.unreachable(reason: reason, attempts: attempt)) }
            }
            if wait > 0 {
                do {
                    try await Task.sleep(for: .milliseconds(Int64(wait * 1000)))
                } catch {
                    throw failure(.cancelled)
                }
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

    /// One HTTP request, inside a slot of the limiter and after any shared rate-limit pause.
    private func send(_ body: Data) async -> Outcome {
        var request = URLRequest(url: url, timeoutInterval: endpoint.effectiveTimeoutSeconds)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if let key = endpoint.apiKey, !key.isEmpty {
            request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
        }
        request.httpBody = body

        await limiter.acquire()
        if let pause = await limiter.remainingPause() {
            try? await Task.sleep(for: pause)
        }
        // An unstructured task: the caller's cancellation must not reach URLSession (see the type's comment).
        let session = session
        let timeout = endpoint.effectiveTimeoutSeconds
        let outcome = await Task { await Self.perform(request, session: session, timeoutSeconds: timeout) }.value
        await limiter.release()
        return outcome
    }

    private static func perform(_ request: URLRequest, session: URLSession, timeoutSeconds: Double) async -> Outcome {
        let started = ContinuousClock.now
        do {
            let (data, response) = try await session.data(for: request)
            guard let http = response as? HTTPURLResponse else { return .unreachable("the answer is not HTTP") }
            let retryAfter = http.value(forHTTPHeaderField: "Retry-After")
                .flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }.flatMap { $0 >= 0 ? $0 : nil }
            return .answered(status: http.statusCode, body: data, retryAfter: retryAfter)
        } catch {
            let error = error as NSError
            // What URLSession says first: a refused connection reported late (a busy machine) is
            // still a refused connection, not a timeout.
            let unreachable = [
                NSURLErrorCannotConnectToHost, NSURLErrorCannotFindHost, NSURLErrorDNSLookupFailed,
                NSURLErrorNotConnectedToInternet,
                NSURLErrorNetworkConnectionLost, NSURLErrorSecureConnectionFailed,
            ]
            if error.domain == NSURLErrorDomain && unreachable.contains(error.code) {
                return .unreachable(error.localizedDescription)
            }
            if error.domain == NSURLErrorDomain && error.code == NSURLErrorTimedOut
                || started.duration(to: .now) >= .milliseconds(Int64(timeoutSeconds * 1000))
            {
                return .timedOut
            }
            return .unreachable(error.localizedDescription)
        }
    }

    /// 429 (rate limit), 408 (request timeout) and 5xx are worth another try; other statuses are not.
    private static func isRetryable(status: Int) -> Bool {
        status == 429 || status == 408 || (500..<600).contains(status)
    }

    /// An error that names `response_format` or JSON schemas: the server does not do structured output.
    private static func refusesResponseFormat(status: Int, body: Data) -> Bool {
        // Only a refusal of the request itself: a 5xx (a guided-decoding crash) or a context-length
        // error that echoes the request must not turn the schema off for the whole run.
        guard status == 400 || status == 422 else { return false }
        let text = String(decoding: body.prefix(4096), as: UTF8.self).lowercased()
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
