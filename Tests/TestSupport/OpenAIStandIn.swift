import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The loopback stand-in for an OpenAI-compatible chat-completions server of `openai_standin.py`. One
/// per test process; each test takes its own base URL, so concurrent tests keep their counts apart.
public final class OpenAIStandIn: @unchecked Sendable {
    // @unchecked: immutable after init.

    /// What the stand-in answers to `POST .../v1/chat/completions` when no script is set.
    public enum Scenario: String, Sendable {
        /// `{"status": "ok", "score": 87, "quotes": ["we can start on Monday"], "summary": ...}`.
        case good
        /// The same object in a ```json fence between two sentences.
        case fenced
        /// The object cut off half-way with `finish_reason: "length"`, then as `good`.
        case truncatedThenGood = "truncated-then-good"
        /// As `good`, with the quote "I guarantee a 90% discount forever".
        case hallucinatedQuote = "hallucinated-quote"
        /// `{"status": "ok", "scores": {"discovery": 140, "closing": -12}}`.
        case outOfRange = "out-of-range"
        /// 429 with `Retry-After: 0` once, then as `good`.
        case rateLimitedOnce = "429-then-good"
        /// 500 every time.
        case always500 = "always-500"
        /// Sleeps 5 s, then as `good`.
        case slow
        /// 400 naming `response_format` while the request carries one, then as `good`.
        case noResponseFormat = "no-response-format"
        /// As llama-cpp-python's server: 500 with a validation error at `response_format` unless it
        /// is `json_object` with a schema, then as `good`.
        case jsonObjectOnly = "json-object-only"
        /// Whatever `script(_:_:)` sets; 404 until then.
        case scripted
    }

    /// One scripted answer.
    public struct Reply: Encodable, Sendable {
        public var status: Int
        public var content: String
        public var finishReason: String
        public var delaySeconds: Double
        public var headers: [String: String]

        /// A 200 completion whose message is `content`, or for another status an OpenAI error body
        /// whose message is `content`.
        public init(
            status: Int = 200, content: String, finishReason: String = "stop", delaySeconds: Double = 0,
            headers: [String: String] = [:]
        ) {
            self.status = status
            self.content = content
            self.finishReason = finishReason
            self.delaySeconds = delaySeconds
            self.headers = headers
        }

        enum CodingKeys: String, CodingKey {
            case status, content, headers
            case finishReason = "finish_reason"
            case delaySeconds = "delay_seconds"
        }
    }

    /// What came under one base URL.
    public struct Received: Sendable {
        public let requests: Int
        /// The last request's JSON body, as sent (re-encoded from what the stand-in parsed).
        public let lastBody: Data?
        /// Per request, in order: whether it carried `response_format`.
        public let responseFormat: [Bool]
        /// Per request, in order: "none", "valid" (Bearer with the stand-in's key) or "invalid".
        public let authorization: [String]
        /// The most requests under this base URL being answered at once.
        public let maxInFlight: Int
        /// Seconds between consecutive requests' arrivals.
        public let gaps: [Double]

        /// The last request's body as Foundation values.
        public var last: [String: Any]? {
            lastBody.flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
        }
    }

    /// The API key the stand-in accepts.
    public static let apiKey = "standin-openai-key"

    private let server: LoopbackServer
    public var port: Int { server.port }

    private static let started: Result<OpenAIStandIn, any Error> = Result {
        OpenAIStandIn(server: try LoopbackServer(script: "openai_standin.py", arguments: [apiKey]))
    }

    public static func shared() throws -> OpenAIStandIn {
        try started.get()
    }

    private init(server: LoopbackServer) {
        self.server = server
    }

    /// A base URL of its own for one test (ending in `/v1`, as users write them), acting out `scenario`.
    public func baseURL(_ scenario: Scenario) -> String {
        "http://127.0.0.1:\(port)/\(scenario.rawValue).\(UUID().uuidString.prefix(8))/v1"
    }

    /// Makes the stand-in answer the requests under `baseURL` with `replies` in order, the last one repeating.
    public func script(_ baseURL: String, _ replies: [Reply]) async throws {
        var request = URLRequest(url: URL(string: baseURL + "/_script")!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONEncoder().encode(replies)
        let (_, response) = try await URLSession.shared.data(for: request)
        guard (response as? HTTPURLResponse)?.statusCode == 200 else {
            throw Tool.Failure.failed(
                command: ["POST", baseURL + "/_script"], status: -1, stderr: "the stand-in refused the script")
        }
    }

    /// What the stand-in received under `baseURL`.
    public func received(_ baseURL: String) async throws -> Received {
        let (data, _) = try await URLSession.shared.data(from: URL(string: baseURL + "/_last")!)
        struct Counts: Decodable {
            var requests: Int
            var responseFormat: [Bool]
            var authorization: [String]
            var maxInFlight: Int
            var gaps: [Double]
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let counts = try decoder.decode(Counts.self, from: data)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let last = (object?["last"] as? [String: Any]).flatMap {
            try? JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys])
        }
        return Received(
            requests: counts.requests, lastBody: last, responseFormat: counts.responseFormat,
            authorization: counts.authorization,
            maxInFlight: counts.maxInFlight, gaps: counts.gaps)
    }
}
