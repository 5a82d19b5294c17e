import Core
import Foundation
import HTTP
import LLM
import TestSupport
import Testing

/// The chat-completions client against `openai_standin.py`, which answers as an OpenAI-compatible
/// server does.
@Suite struct LLMClientTests {
    /// An endpoint for `scenario` with a fresh base URL and backoff too short to slow the tests.
    static func endpoint(
        _ scenario: OpenAIStandIn.Scenario, key: String? = OpenAIStandIn.apiKey, timeoutSeconds: Double = 20,
        maxConcurrency: Int = 4, maxAttempts: Int = 3, prices: LLMPrices? = nil
    ) throws -> LLMEndpoint {
        LLMEndpoint(
            baseURL: try OpenAIStandIn.shared().baseURL(scenario), model: "standin-model", apiKey: key,
            timeoutSeconds: timeoutSeconds, maxConcurrency: maxConcurrency, maxAttempts: maxAttempts,
            initialBackoffSeconds: 0.01, prices: prices)
    }

    static let schema = try! ResponseSchema(
        name: "analysis",
        schemaJSON: #"{"type": "object", "properties": {"score": {"type": "integer"}}, "required": ["score"]}"#)

    static func request(schema: ResponseSchema? = nil) -> ChatRequest {
        ChatRequest(
            messages: [
                .system("You score sales calls. Answer in JSON."),
                .user("Rep: Hello. Customer: Hi, we can start on Monday."),
            ],
            maxTokens: 500, responseSchema: schema)
    }

    /// The error a call ends with; nil when it succeeds.
    static func failure(_ client: LLMClient, _ request: ChatRequest = request()) async -> LLMError? {
        do {
            _ = try await client.complete(request)
            return nil
        } catch {
            return error
        }
    }

    @Test func goodJSONIsParsedAndTheRequestIsOpenAIShaped() async throws {
        let endpoint = try Self.endpoint(.good)
        let client = try LLMClient(endpoint: endpoint)
        let response = try await client.complete(Self.request(schema: Self.schema))
        let object = try JSONExtraction.object(from: response.content)
        #expect(object["score"] as? Int == 87)
        #expect(object["quotes"] as? [String] == ["we can start on Monday"])
        #expect(response.finishReason == "stop")
        #expect(response.model == "standin-model")
        #expect(response.attempts == 1)
        #expect(response.responseFormat == .jsonSchema)

        let received = try await OpenAIStandIn.shared().received(endpoint.baseURL)
        #expect(received.requests == 1)
        #expect(received.authorization == ["valid"])
        let body = try #require(received.last)
        #expect(body["model"] as? String == "standin-model")
        #expect(body["temperature"] as? Double == 0)
        #expect(body["max_tokens"] as? Int == 500)
        let messages = try #require(body["messages"] as? [[String: String]])
        #expect(messages.map { $0["role"] } == ["system", "user"])
        let format = try #require(body["response_format"] as? [String: Any])
        #expect(format["type"] as? String == "json_schema")
        let jsonSchema = try #require(format["json_schema"] as? [String: Any])
        #expect(jsonSchema["name"] as? String == "analysis")
        #expect(jsonSchema["strict"] as? Bool == true)
        #expect((jsonSchema["schema"] as? [String: Any])?["required"] as? [String] == ["score"])
    }

    @Test func noSchemaSendsNoResponseFormat() async throws {
        let endpoint = try Self.endpoint(.good, key: nil)
        let response = try await LLMClient(endpoint: endpoint).complete(Self.request())
        #expect(response.responseFormat == .none)
        let received = try await OpenAIStandIn.shared().received(endpoint.baseURL)
        #expect(received.responseFormat == [false])
        #expect(received.authorization == ["none"])
    }

    @Test func aFencedReplyIsParsed() async throws {
        let response = try await LLMClient(endpoint: Self.endpoint(.fenced)).complete(Self.request())
        #expect(response.content.hasPrefix("Here is"))
        #expect(try JSONExtraction.object(from: response.content)["score"] as? Int == 87)
    }

    /// The reply cut off at the token limit is told apart, and asking again gets the whole object.
    @Test func aTruncatedReplyIsDetectedAndARepairRetryWorks() async throws {
        let client = try LLMClient(endpoint: Self.endpoint(.truncatedThenGood))
        let first = try await client.complete(Self.request())
        #expect(first.wasCutOff)
        var caught: LLMError?
        do { _ = try JSONExtraction.data(from: first.content) } catch { caught = error }
        #expect(caught?.code == "llm_truncated_json")
        #expect(caught?.isRepairable == true)

        let repair = ChatRequest(
            messages: Self.request().messages + [
                .assistant(first.content), .user("Your reply was cut off. Send the whole JSON object again, shorter."),
            ])
        let second = try await client.complete(repair)
        #expect(try JSONExtraction.object(from: second.content)["score"] as? Int == 87)
        #expect(client.usage.calls == 2)
    }

    @Test func fixtureRepliesComeBackVerbatim() async throws {
        let quote = try await LLMClient(endpoint: Self.endpoint(.hallucinatedQuote)).complete(Self.request())
        #expect(
            try JSONExtraction.object(from: quote.content)["quotes"] as? [String] == [
                "I guarantee a 90% discount forever"
            ])
        let range = try await LLMClient(endpoint: Self.endpoint(.outOfRange)).complete(Self.request())
        let scores = try JSONExtraction.object(from: range.content)["scores"] as? [String: Int]
        #expect(scores == ["discovery": 140, "closing": -12])
    }

    @Test func rateLimitedOnceThenAnswered() async throws {
        let endpoint = try Self.endpoint(.rateLimitedOnce)
        let client = try LLMClient(endpoint: endpoint)
        let response = try await client.complete(Self.request())
        #expect(response.attempts == 2)
        #expect(try JSONExtraction.object(from: response.content)["score"] as? Int == 87)
        let usage = client.usage
        #expect(usage.calls == 1)
        #expect(usage.requests == 2)
        #expect(usage.retries == 1)
        #expect(usage.failedCalls == 0)
        #expect(try await OpenAIStandIn.shared().received(endpoint.baseURL).requests == 2)
    }

    /// Waits are checked from below only: a busy machine can lengthen them, never shorten them.
    @Test func retryAfterIsHonoured() async throws {
        let endpoint = try Self.endpoint(.scripted)
        try await OpenAIStandIn.shared().script(
            endpoint.baseURL,
            [.init(status: 429, content: "slow down", headers: ["Retry-After": "1"]), .init(content: #"{"score": 1}"#)])
        let response = try await LLMClient(endpoint: endpoint).complete(Self.request())
        #expect(response.attempts == 2)
        let gaps = try await OpenAIStandIn.shared().received(endpoint.baseURL).gaps
        #expect(gaps.count == 1)
        #expect(gaps.first.map { $0 >= 0.95 } == true, "\(gaps)")
    }

    @Test func always500FailsAfterEveryAttempt() async throws {
        let endpoint = try Self.endpoint(.always500, maxAttempts: 3)
        let client = try LLMClient(endpoint: endpoint)
        let error = await Self.failure(client)
        #expect(error?.code == "llm_http_status")
        #expect(
            error
                == .httpStatus(
                    status: 500, serverMessage: "The server had an error while processing your request.", attempts: 3))
        #expect(error?.details["http_status"] == "500")
        #expect(try await OpenAIStandIn.shared().received(endpoint.baseURL).requests == 3)
        #expect(client.usage == Usage(calls: 0, failedCalls: 1, requests: 3, retries: 2))
    }

    /// The backoff doubles: 0.1 s then 0.2 s between three tries.
    @Test func theBackoffDoubles() async throws {
        var endpoint = try Self.endpoint(.always500, maxAttempts: 3)
        endpoint.initialBackoffSeconds = 0.1
        _ = await Self.failure(try LLMClient(endpoint: endpoint))
        let gaps = try await OpenAIStandIn.shared().received(endpoint.baseURL).gaps
        #expect(gaps.count == 2)
        #expect(gaps.count == 2 && gaps[0] >= 0.095 && gaps[1] >= 0.195, "\(gaps)")
    }

    @Test func aClientErrorIsNotRetried() async throws {
        let endpoint = try Self.endpoint(.scripted)
        try await OpenAIStandIn.shared().script(
            endpoint.baseURL, [.init(status: 404, content: "The model standin-model does not exist")])
        let error = await Self.failure(try LLMClient(endpoint: endpoint))
        #expect(error == .httpStatus(status: 404, serverMessage: "The model standin-model does not exist", attempts: 1))
        #expect(try await OpenAIStandIn.shared().received(endpoint.baseURL).requests == 1)
    }

    /// URLSession on Linux counts timeouts in whole seconds, so the shortest is 1 s. No upper bound
    /// on the time: under a full parallel test run the answer's resumption can wait on a busy
    /// pool; the timeout error itself shows the 5 s answer was not waited for.
    @Test func aSlowServerTimesOut() async throws {
        let endpoint = try Self.endpoint(.slow, timeoutSeconds: 1, maxAttempts: 2)
        let client = try LLMClient(endpoint: endpoint)
        let started = ContinuousClock.now
        let error = await Self.failure(client)
        let elapsed = started.duration(to: .now)
        #expect(error?.code == "llm_timeout")
        #expect(error == .timeout(seconds: 1, attempts: 2))
        // Two tries of 1 s and a tiny backoff; the server would have taken 5 s for one.
        #expect(elapsed >= .milliseconds(1900), "\(elapsed)")
        #expect(client.usage.retries == 1)
        // At least one reached the server; on a busy machine the second may time out before it connects.
        #expect(try await OpenAIStandIn.shared().received(endpoint.baseURL).requests >= 1)
    }

    @Test func aFractionOfASecondIsRoundedUp() {
        #expect(HTTPTransport(timeoutSeconds: 0.2).timeoutSeconds == 1)
        #expect(HTTPTransport(timeoutSeconds: 1.5).timeoutSeconds == 2)
        #expect(HTTPTransport(timeoutSeconds: 90).timeoutSeconds == 90)
    }

    @Test func anUnreachableServer() async throws {
        // The discard port: nothing listens on it here.
        let endpoint = LLMEndpoint(
            baseURL: "http://127.0.0.1:9/v1", model: "m", timeoutSeconds: 5, maxAttempts: 2, initialBackoffSeconds: 0.01
        )
        let error = await Self.failure(try LLMClient(endpoint: endpoint))
        #expect(error?.code == "llm_unreachable")
        #expect(error?.details["attempts"] == "2")
    }

    @Test func aBadBaseURLIsRefusedUpFront() {
        #expect(throws: LLMError.invalidEndpoint(baseURL: "localhost:8000/v1")) {
            try LLMClient(endpoint: LLMEndpoint(baseURL: "localhost:8000/v1", model: "m"))
        }
    }

    @Test func aServerWithoutResponseFormatIsAskedAgainWithoutIt() async throws {
        let endpoint = try Self.endpoint(.noResponseFormat)
        let client = try LLMClient(endpoint: endpoint)
        #expect(client.responseFormat == .jsonSchema)
        let response = try await client.complete(Self.request(schema: Self.schema))
        #expect(try JSONExtraction.object(from: response.content)["score"] as? Int == 87)
        #expect(response.responseFormat == .none)
        // OpenAI's form refused, then llama-cpp-python's, then none.
        #expect(response.attempts == 3)
        #expect(client.responseFormat == .none)
        #expect(client.usage.retries == 0)
        // Remembered: the next call goes without it at once.
        let next = try await client.complete(Self.request(schema: Self.schema))
        #expect(next.attempts == 1)
        #expect(
            try await OpenAIStandIn.shared().received(endpoint.baseURL).responseFormat == [true, true, false, false])
    }

    @Test func aServerThatTakesOnlyAJSONObjectGetsTheSchemaInThatForm() async throws {
        let endpoint = try Self.endpoint(.jsonObjectOnly)
        let client = try LLMClient(endpoint: endpoint)
        let response = try await client.complete(Self.request(schema: Self.schema))
        #expect(response.responseFormat == .jsonObject)
        #expect(response.attempts == 2)
        #expect(client.responseFormat == .jsonObject)
        let next = try await client.complete(Self.request(schema: Self.schema))
        #expect(next.attempts == 1)
        let received = try await OpenAIStandIn.shared().received(endpoint.baseURL)
        #expect(received.responseFormat == [true, true, true])
        let format = try #require(received.last?["response_format"] as? [String: Any])
        #expect(format["type"] as? String == "json_object")
        #expect((format["schema"] as? [String: Any])?["required"] as? [String] == ["score"])
    }

    @Test func usageAndCostAreSummed() async throws {
        let prices = LLMPrices(inputUSDPerMillionTokens: 2.5, outputUSDPerMillionTokens: 10)
        let endpoint = try Self.endpoint(.good, prices: prices)
        let client = try LLMClient(endpoint: endpoint)
        let request = Self.request()
        let first = try await client.complete(request)
        let second = try await client.complete(request)
        // The stand-in counts a token per 4 characters.
        let prompt = request.messages.map(\.content).joined().count / 4
        let completion = first.content.count / 4
        #expect(first.promptTokens == prompt)
        #expect(first.completionTokens == completion)
        #expect(first.costCents == (Double(prompt) * 2.5 + Double(completion) * 10) / 10_000)
        let usage = client.usage
        #expect(usage.calls == 2)
        #expect(usage.promptTokens == 2 * prompt)
        #expect(usage.completionTokens == 2 * completion)
        #expect(usage.totalTokens == 2 * (prompt + completion))
        #expect(abs(usage.costCents - (first.costCents + second.costCents)) < 1e-12)
        #expect((usage + usage).calls == 4)
    }

    @Test func theConcurrencyLimitIsShared() async throws {
        let endpoint = try Self.endpoint(.scripted, maxConcurrency: 2)
        // Each answer takes a second: long enough for two requests to overlap on a loaded machine.
        try await OpenAIStandIn.shared().script(endpoint.baseURL, [.init(content: #"{"score": 1}"#, delaySeconds: 1)])
        let client = try LLMClient(endpoint: endpoint)
        let answered = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<6 {
                group.addTask { (try? await client.complete(Self.request())) != nil }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(answered == 6)
        let received = try await OpenAIStandIn.shared().received(endpoint.baseURL)
        #expect(received.requests == 6)
        #expect(received.maxInFlight == 2)
    }

    /// The control for the test above: without the limit the stand-in does see requests overlap.
    @Test func withoutALimitRequestsOverlap() async throws {
        let endpoint = try Self.endpoint(.scripted, maxConcurrency: 6)
        try await OpenAIStandIn.shared().script(endpoint.baseURL, [.init(content: #"{"score": 1}"#, delaySeconds: 0.3)])
        let client = try LLMClient(endpoint: endpoint)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<6 {
                group.addTask { _ = try? await client.complete(Self.request()) }
            }
        }
        #expect(try await OpenAIStandIn.shared().received(endpoint.baseURL).maxInFlight > 2)
    }

    @Test func theKeyIsSentAsBearerAndNeverShown() async throws {
        let secret = "sk-test-very-secret-0123456789"
        let endpoint = try Self.endpoint(.good, key: secret)
        let client = try LLMClient(endpoint: endpoint)
        let error = try #require(await Self.failure(client))
        // The stand-in answers 401 and echoes the key it got, as some servers do.
        #expect(error.code == "llm_http_status")
        #expect(error.details["http_status"] == "401")
        let shown =
            [error.message, error.description, String(describing: error), error.localizedDescription]
            + error.details.values
        for text in shown {
            #expect(!text.contains(secret), "\(text)")
        }
        #expect(try await OpenAIStandIn.shared().received(endpoint.baseURL).authorization == ["invalid"])
        #expect(!String(describing: endpoint).contains(secret))
        var dumped = ""
        dump(endpoint, to: &dumped)
        #expect(!dumped.contains(secret))
    }

    /// Cancelling the caller never reaches URLSession mid-request; the call stops at the next try.
    @Test func aCancelledCallerStopsBetweenTries() async throws {
        let endpoint = try Self.endpoint(.always500, maxAttempts: 50)
        var slow = endpoint
        slow.initialBackoffSeconds = 0.2
        let client = try LLMClient(endpoint: slow)
        let task = Task { await Self.failure(client) }
        try await Task.sleep(for: .milliseconds(300))
        task.cancel()
        let error = await task.value
        #expect(error == .cancelled)
        #expect(try await OpenAIStandIn.shared().received(endpoint.baseURL).requests < 50)
    }
}
